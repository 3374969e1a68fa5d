"""Media in an S3 bucket, against moto's S3 server on loopback with README settings."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from storages.backends.s3 import S3Storage

from articles.models import Article
from common.storage import (
    ORIGINAL_CACHE_CONTROL,
    RENDITION_CACHE_CONTROL,
    MediaStorage,
)
from imagelibrary.models import LibraryImage

from .factories import image_upload
from .html_forms import form_data
from .s3 import BUCKET, CREDENTIALS, anonymous_get, media_links, s3_server

CONTENT_TYPES = {".webp": "image/webp", ".jpg": "image/jpeg"}
IMAGE_FORMATS = {".webp": "WEBP", ".jpg": "JPEG"}
# The hero's crops: six in the page's srcsets, and the sharing and structured-data
# crops (1200x630, 4:3 and 1:1) that only meta tags and JSON-LD name.
HERO_RENDITIONS = 9
HERO_IMAGES_SHOWN = 6
LIBRARY_RENDITIONS = ["wide_800", "wide_1200", "standard_800", "square_400", "thumb"]
PHOTO_RENDITIONS = 4
COPY_REPORT = (
    "Copied {copied} files into the bucket; skipped {skipped} already there.\n"
)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def empty_bucket(s3, monkeypatch):
    """Create a new private bucket on the server, as an operator would."""
    s3.reset()
    s3.client().create_bucket(Bucket=BUCKET)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return s3


@pytest.fixture
def bucket(empty_bucket, settings):
    """Store media in a new private bucket, configured as the README says."""
    settings.STORAGES = {**settings.STORAGES, "default": empty_bucket.bucket_settings()}
    return empty_bucket


def stored_keys(s3):
    listing = s3.client().list_objects_v2(Bucket=BUCKET)
    return {entry["Key"] for entry in listing.get("Contents", [])}


def bucket_prefix(s3):
    return f"{s3.url}/{BUCKET}/"


def assert_served_to_anyone(url, cache_control):
    status, headers, body = anonymous_get(url)
    suffix = Path(url).suffix
    assert status == 200, url
    assert headers["Content-Type"] == CONTENT_TYPES[suffix]
    assert headers["Cache-Control"] == cache_control
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == IMAGE_FORMATS[suffix]


def readme_bucket_policy():
    readme = (settings.BASE_DIR / "README.md").read_text()
    policy = re.search(r"```json\n(.*?s3:GetObject.*?)```", readme, re.DOTALL)
    return json.loads(policy.group(1))


def test_admin_upload_lands_in_the_bucket_and_every_linked_image_loads(
    bucket, editor_client, make_category, make_author
):
    add = reverse("admin:articles_article_add")
    editor_client.post(
        add,
        {
            **form_data(editor_client.get(add), "article_form"),
            "title": "Wafer yields climb",
            "slug": "wafer-yields-climb",
            "body": "<p>Yields are up.</p>",
            "category": make_category().pk,
            "bylines-0-author": make_author().pk,
            "hero_upload": image_upload("wafer.jpg", size=(1600, 900)),
            "hero_alt": "A wafer under light",
            "_publish": "Publish now",
        },
    )
    article = Article.objects.get()

    keys = stored_keys(bucket)
    renditions = {key for key in keys if key.startswith("renditions/")}
    # The upload joined the media library, whose own crops share its file.
    picture = LibraryImage.objects.get()
    library_crops = {getattr(picture, spec).name for spec in LIBRARY_RENDITIONS}
    assert picture.file.name == article.hero_image.name
    assert keys == {article.hero_image.name, *renditions}
    assert library_crops <= renditions
    assert len(renditions - library_crops) == HERO_RENDITIONS

    page = Client().get(article.get_absolute_url())
    linked = media_links(page.text, bucket_prefix(bucket))
    assert {url.removeprefix(bucket_prefix(bucket)) for url in linked} <= (
        renditions - library_crops
    )
    assert len(linked) == HERO_IMAGES_SHOWN
    for url in linked:
        assert_served_to_anyone(url, RENDITION_CACHE_CONTROL)
    assert_served_to_anyone(article.hero_image.url, ORIGINAL_CACHE_CONTROL)


def test_reader_pages_make_no_request_to_the_bucket(
    bucket, client, make_article, make_author
):
    author = make_author(photo=image_upload("ada.jpg", size=(400, 400)))
    article = make_article(
        authors=[author],
        hero_image=image_upload("fab.jpg", size=(1600, 900)),
        hero_alt="A fab",
    )
    made = len(bucket.requests())
    pages = [
        reverse("home"),
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.category.get_absolute_url(),
    ]

    responses = [client.get(url) for url in pages]

    assert [response.status_code for response in responses] == [200] * len(pages)
    assert bucket.requests()[made:] == []
    linked = set().union(
        *(media_links(r.text, bucket_prefix(bucket)) for r in responses)
    )
    assert len(linked) == HERO_IMAGES_SHOWN + PHOTO_RENDITIONS
    # The log is live: one existence check shows up in it at once.
    article.hero_image.storage.exists(article.hero_image.name)
    assert bucket.requests()[made:] == [f"HEAD /{BUCKET}/{article.hero_image.name}"]


@pytest.mark.parametrize(
    "endpoint",
    [{"endpoint_url": "http://127.0.0.1:9000"}, {"region_name": "eu-west-1"}],
)
def test_links_are_the_ones_botocore_builds(endpoint):
    options = {"bucket_name": BUCKET, "querystring_auth": False, **endpoint}
    ours, botocores = MediaStorage(**options), S3Storage(**options)

    for name in ("renditions/a b/ü.webp", "x/!*()'+&$,;=@:%?#[]~.jpg", "a//b/./c.jpg"):
        assert ours.url(name) == botocores.url(name)


def test_renditions_are_made_once_and_not_again_when_the_article_changes(
    bucket, make_article
):
    article = make_article(
        hero_image=image_upload("fab.jpg", size=(1600, 900)), hero_alt="A fab"
    )
    puts = [call for call in bucket.requests() if call.startswith(f"PUT /{BUCKET}/")]
    assert len(puts) == 1 + HERO_RENDITIONS
    made = len(bucket.requests())

    article.title = "Retitled"
    article.save()

    assert bucket.requests()[made:] == []


def test_readme_bucket_policy_serves_media_written_without_acls(
    empty_bucket, settings, make_article
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": empty_bucket.bucket_settings(AWS_DEFAULT_ACL=""),
    }
    article = make_article(
        hero_image=image_upload("fab.jpg", size=(1600, 900)), hero_alt="A fab"
    )
    assert anonymous_get(article.hero_800.url)[0] == 403

    empty_bucket.client().put_bucket_policy(
        Bucket=BUCKET, Policy=json.dumps(readme_bucket_policy())
    )

    assert_served_to_anyone(article.hero_800.url, RENDITION_CACHE_CONTROL)
    assert_served_to_anyone(article.hero_image.url, ORIGINAL_CACHE_CONTROL)


def copy_media():
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("copy_media_to_bucket", stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_copy_media_to_bucket_moves_a_site_and_resumes(
    empty_bucket, settings, make_article
):
    article = make_article(
        hero_image=image_upload("fab.jpg", size=(1600, 900)), hero_alt="A fab"
    )
    media_root = Path(settings.MEDIA_ROOT)
    on_disk = {
        path.relative_to(media_root).as_posix()
        for path in media_root.rglob("*")
        if path.is_file()
    }
    assert len(on_disk) == 1 + HERO_RENDITIONS
    settings.STORAGES = {**settings.STORAGES, "default": empty_bucket.bucket_settings()}
    # An earlier run that stopped after the original.
    default_storage.save(
        article.hero_image.name,
        ContentFile((media_root / article.hero_image.name).read_bytes()),
    )

    stdout, stderr = copy_media()

    assert stdout == COPY_REPORT.format(copied=HERO_RENDITIONS, skipped=1)
    assert "Media: 100%" in stderr
    assert stored_keys(empty_bucket) == on_disk
    page = Client().get(article.get_absolute_url())
    linked = media_links(page.text, bucket_prefix(empty_bucket))
    assert len(linked) == HERO_IMAGES_SHOWN
    for url in linked:
        assert_served_to_anyone(url, RENDITION_CACHE_CONTROL)
    assert_served_to_anyone(article.hero_image.url, ORIGINAL_CACHE_CONTROL)

    made = len(empty_bucket.requests())
    stdout, _ = copy_media()

    assert stdout == COPY_REPORT.format(copied=0, skipped=1 + HERO_RENDITIONS)
    assert [call.split()[0] for call in empty_bucket.requests()[made:]] == ["GET"]


def test_copy_media_to_bucket_needs_a_bucket(db):
    with pytest.raises(CommandError, match="Set AWS_STORAGE_BUCKET_NAME"):
        copy_media()
