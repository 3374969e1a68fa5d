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
