import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common import images
from common.images import validate_image_file

from .factories import image_upload


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def png_header(width, height):
    """Return a well-formed PNG that claims width×height pixels but holds none.

    Encoding a real image that size takes seconds. Pillow's verify() walks every
    chunk to IEND checking CRCs, so the file has all three, but never inflates IDAT.
    """
    # 8-bit greyscale, deflate, adaptive filtering, not interlaced.
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


def refused(file):
    with pytest.raises(ValidationError) as caught:
        validate_image_file(file)
    return caught.value.messages[0]


def test_real_images_are_accepted():
    for image_format in ("JPEG", "PNG", "WEBP", "GIF"):
        validate_image_file(
            image_upload(f"x.{image_format.lower()}", image_format=image_format)
        )


def test_non_image_is_refused_with_a_message():
    message = refused(
        SimpleUploadedFile("notes.jpg", b"this is plain text, not a photo")
    )
    assert "not an image we can read" in message


def test_svg_is_refused_even_when_named_like_a_photo():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "SVG files are not accepted" in refused(SimpleUploadedFile("logo.png", svg))


def test_other_formats_are_refused():
    assert "BMP images are not accepted" in refused(
        image_upload("x.bmp", image_format="BMP")
    )


def test_oversize_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 80).save(buffer, "PNG")
    upload = SimpleUploadedFile("noisy.png", buffer.getvalue())
    assert upload.size > 1000
    assert "images may be at most 1000" in refused(upload)


def test_too_many_pixels_is_refused():
    # 8000×6000 = 48 megapixels in a file of a few dozen bytes.
    upload = SimpleUploadedFile("huge.png", png_header(8000, 6000))
    assert "8000×6000 pixels" in refused(upload)


def test_decompression_bomb_is_refused_without_decoding():
    # A 30000×30000 PNG header: 900 megapixels. Pillow must not decode it.
    upload = SimpleUploadedFile("bomb.png", png_header(30000, 30000))
    assert "too many pixels" in refused(upload)


def test_truncated_image_is_refused_before_it_is_saved():
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, "JPEG")
    upload = SimpleUploadedFile("cut-short.jpg", buffer.getvalue()[:3000])

    assert "damaged or incomplete" in refused(upload)


def test_saved_image_is_upright_and_has_no_metadata(make_author):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display.
    exif[0x010F] = "SecretCam"  # Make
    upload = image_upload("sideways.jpg", size=(80, 40), exif=exif.tobytes())

    author = make_author(photo=upload)

    with Image.open(author.photo.path) as stored:
        assert stored.size == (40, 80)
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_saved_image_is_named_after_its_real_format(make_author):
    author = make_author(photo=image_upload("portrait.png", image_format="JPEG"))

    assert author.photo.name.endswith("/portrait.jpg")


def test_renditions_are_generated_once_on_save(make_article):
    article = make_article(
        hero_image=image_upload("hero.jpg", size=(1600, 900)), hero_alt="A"
    )
    rendition = article.hero_800
    assert rendition.storage.exists(rendition.name)
    with Image.open(rendition.storage.open(rendition.name)) as image:
        assert image.format == "WEBP"
        assert image.size == (800, 450)
    assert article.hero_800_jpeg.url.endswith(".jpg")


def gif_upload(frames, size=(40, 30), **save_options):
    images_ = [Image.new("RGB", size, (60 * n, 0, 0)) for n in range(frames)]
    buffer = io.BytesIO()
    images_[0].save(
        buffer, "GIF", save_all=True, append_images=images_[1:], **save_options
    )
    return SimpleUploadedFile("moving.gif", buffer.getvalue())


def test_a_thin_strip_is_refused_whatever_its_megapixels():
    assert "no side may be longer than 12000 pixels" in refused(
        SimpleUploadedFile("strip.png", png_header(10, 4_000_000))
    )


def test_an_extreme_aspect_ratio_is_refused():
    message = refused(image_upload("banner.png", size=(1100, 100), image_format="PNG"))
    assert "at most 10 times its short side" in message


def test_renditions_of_a_small_image_are_never_enlarged(make_article):
    article = make_article(
        hero_image=image_upload("small.jpg", size=(400, 300)), hero_alt="A"
    )

    for rendition in (article.hero_1200, article.hero_1200x1200_jpeg):
        with Image.open(rendition.storage.open(rendition.name)) as image:
            assert max(image.size) <= 400
    with Image.open(article.hero_1200.storage.open(article.hero_1200.name)) as image:
        assert image.size == (400, 225)


def test_an_animated_gif_is_stored_animated_without_its_comment(make_author):
    author = make_author(photo=gif_upload(3, comment=b"secret-gif-comment", loop=0))

    with Image.open(author.photo.path) as stored:
        assert stored.n_frames == 3
    with open(author.photo.path, "rb") as stored:
        assert b"secret-gif-comment" not in stored.read()


def test_an_animation_over_the_budget_keeps_its_first_frame(make_author, monkeypatch):
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", 40 * 30 * 2)

    author = make_author(photo=gif_upload(3))

    with Image.open(author.photo.path) as stored:
        assert getattr(stored, "n_frames", 1) == 1


def test_comments_and_colour_profiles_do_not_survive_in_the_original(make_author):
    upload = image_upload(
        "tagged.jpg",
        size=(80, 60),
        comment=b"secret-jpeg-comment",
        icc_profile=b"not-really-a-profile" * 10,
    )

    author = make_author(photo=upload)

    with open(author.photo.path, "rb") as stored:
        data = stored.read()
    assert b"secret-jpeg-comment" not in data
    assert b"not-really-a-profile" not in data
    assert b"ICC_PROFILE" not in data
