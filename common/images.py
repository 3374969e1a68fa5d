"""Validate uploaded images, normalise them, and describe their renditions."""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from imagekit import ImageSpec
from imagekit.models import ImageSpecField
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Megapixels alone let a 10 × 4,000,000 strip through, which renditions would then
# blow up to hundreds of millions of pixels.
MAX_SIDE = 12_000
MAX_ASPECT = 10
# An animation keeps moving only while all its frames together stay this small;
# past it, the first frame alone is kept. 60 frames of 4000×4000 would take ~3.8 GB.
MAX_ANIMATION_PIXELS = 50_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def check_image_header(file):
    """Refuse, from its size and header alone, anything but an allowed image."""
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_BYTES),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(512).lstrip().lower()
    file.seek(0)
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise ValidationError(
            "SVG files are not accepted. Upload a JPEG, PNG, WebP or GIF.", code="svg"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image has too many pixels; images may be at most "
            "%(limit)s megapixels.",
            code="too_many_pixels",
            params={"limit": MAX_PIXELS // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF.",
            code="not_an_image",
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF.",
            code="format",
            params={"format": image_format},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels; images may be at most "
            "%(limit)s megapixels.",
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels; no side may be longer than "
            "%(limit)s pixels.",
            code="too_long",
            params={"width": width, "height": height, "limit": MAX_SIDE},
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels, too narrow to crop into a "
            "picture; its long side may be at most %(limit)s times its short side.",
            code="aspect_ratio",
            params={"width": width, "height": height, "limit": MAX_ASPECT},
        )


def validate_image_file(file):
    """Refuse anything but a real, undamaged JPEG, PNG, WebP or GIF within limits."""
    check_image_header(file)
    if getattr(file, "_committed", False):
        return  # Stored already, so decoded when it was saved.
    position = file.tell() if hasattr(file, "tell") else 0
    # verify() reads little of a JPEG, so a file cut short would only fail when it is
    # saved; decoding it now, within the pixel limit, refuses it with a message.
    try:
        with Image.open(file) as image:
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image is damaged or incomplete. Upload it again, or another file.",
            code="damaged",
        ) from None
    finally:
        file.seek(position)


def normalised_image(file):
    """Return a copy of file, upright, in sRGB, with every metadata byte removed."""
    file.seek(0)
    output = io.BytesIO()
    with Image.open(file) as image:
        image_format = image.format
        frames = getattr(image, "n_frames", 1)
        if (
            image_format == "GIF"
            and frames > 1
            and frames * image.width * image.height <= MAX_ANIMATION_PIXELS
        ):
            # Re-encoding frame by frame drops comments and extensions, keeps motion.
            durations = []
            stills = []
            for frame in ImageSequence.Iterator(image):
                durations.append(frame.info.get("duration", 100))
                stills.append(bare(frame.copy()))
            stills[0].save(
                output,
                "GIF",
                save_all=True,
                append_images=stills[1:],
                loop=image.info.get("loop", 0),
                duration=durations,
            )
        else:
            # An animation over budget keeps its first frame, which open() reads.
            upright = bare(in_srgb(ImageOps.exif_transpose(image)))
            options = (
                {"quality": 90, "optimize": True} if image_format == "JPEG" else {}
            )
            upright.save(output, image_format, **options)
    stem = PurePath(file.name).stem or "image"
    return ContentFile(
        output.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}"
    )


def in_srgb(image):
    """Convert an image with an embedded colour profile to sRGB, dropping the profile.

    A profile that is not one (arbitrary bytes) is dropped without conversion.
    """
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "L"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode=image.mode if image.mode != "L" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def bare(image):
    """Forget what Pillow read besides pixels (comments, EXIF, XMP, ICC), in place.

    Encoders copy some of it from image.info into the new file unless it is gone.
    """
    kept = {key: image.info[key] for key in ("transparency",) if key in image.info}
    image.info = kept
    return image


class ImageUploadField(forms.ImageField):
    def to_python(self, data):
        # Before Django's own check, which would call a decompression bomb or an SVG
        # just "not a valid image". The model field's validator decodes it in full.
        if data not in self.empty_values and hasattr(data, "size"):
            check_image_header(data)
        return super().to_python(data)


class NewsImageField(models.ImageField):
    """An ImageField that validates uploads and stores them upright, metadata-free."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image_file])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            # Named by the format found inside, whatever the upload was called.
            normalised = normalised_image(file.file)
            file.save(normalised.name, normalised, save=False)
        return file


class FillWithoutUpscaling:
    """Crop to width:height and shrink to at most width×height, never enlarging.

    A smaller source gives a smaller rendition of the same shape: enlarging would
    add bytes and memory, never detail.
    """

    def __init__(self, width, height):
        self.width, self.height = width, height

    def process(self, image):
        size = filled_size(image.size, (self.width, self.height))
        return ImageOps.fit(image, size, Image.Resampling.LANCZOS)


def filled_size(source, target):
    """Return the size FillWithoutUpscaling gives a source of size source."""
    source_width, source_height = source
    target_width, target_height = target
    aspect = target_width / target_height
    crop_width = min(source_width, source_height * aspect)
    width = max(1, round(min(target_width, crop_width)))
    return width, max(1, round(width / aspect))


def rendition(source, width, height, image_format):
    """A rendition of source cropped to width×height, made once when source is saved."""
    return ImageSpecField(
        source=source,
        processors=[FillWithoutUpscaling(width, height)],
        format=image_format,
        options={"quality": 80 if image_format == "WEBP" else 82},
    )


class FocalCrop:
    """Crop to width×height around a focal point given as fractions of the image."""

    def __init__(self, width, height, focal_x=0.5, focal_y=0.5):
        self.width, self.height = width, height
        self.focal_x, self.focal_y = focal_x, focal_y

    def process(self, image):
        # The largest box of the target shape that fits, centred on the focal point
        # and pushed back inside the image where the point is near an edge.
        ratio = self.width / self.height
        box_w = min(image.width, round(image.height * ratio))
        box_h = min(image.height, round(box_w / ratio))
        left = round(self.focal_x * image.width - box_w / 2)
        top = round(self.focal_y * image.height - box_h / 2)
        left = max(0, min(left, image.width - box_w))
        top = max(0, min(top, image.height - box_h))
        cropped = image.crop((left, top, left + box_w, top + box_h))
        return cropped.resize((self.width, self.height), Image.Resampling.LANCZOS)


def focal_rendition(source, width, height):
    """A WebP rendition of source cropped around its model's focal_x and focal_y.

    The focal point is part of the processors, so imagekit's cache name changes with
    it and a moved point makes new files rather than serving stale crops.
    """

    class FocalSpec(ImageSpec):
        format = "WEBP"
        options = {"quality": 80}

        @property
        def processors(self):
            instance = self.source.instance
            return [FocalCrop(width, height, instance.focal_x, instance.focal_y)]

    return ImageSpecField(source=source, spec=FocalSpec)


def thumbnail(url, width, height, *, alt=""):
    """Return an <img> of url at width×height for the admin, or "" without a url."""
    if not url:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
        url,
        alt,
        width,
        height,
    )
