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
from imagekit.processors import ResizeToFill
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
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
    """Return a copy of file with EXIF orientation applied and metadata removed."""
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        icc_profile = image.info.get("icc_profile")
        if image_format == "GIF" and getattr(image, "is_animated", False):
            # Re-encoding frame by frame drops comments and extensions, keeps motion.
            frames = [frame.copy() for frame in ImageSequence(image)]
            output = io.BytesIO()
            frames[0].save(
                output,
                "GIF",
                save_all=True,
                append_images=frames[1:],
                loop=image.info.get("loop", 0),
                duration=image.info.get("duration", 100),
            )
        else:
            upright = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            options = {"icc_profile": icc_profile} if icc_profile else {}
            if image_format == "JPEG":
                options.update(quality=90, optimize=True)
            upright.save(output, image_format, **options)
    stem = PurePath(file.name).stem or "image"
    return ContentFile(
        output.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}"
    )


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


def rendition(source, width, height, image_format):
    """A rendition of source cropped to width×height, made once when source is saved."""
    return ImageSpecField(
        source=source,
        processors=[ResizeToFill(width, height)],
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
