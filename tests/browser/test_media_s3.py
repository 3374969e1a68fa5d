import io
from pathlib import PurePath

import pytest
from django.core.management import call_command

from articles.models import Article
from authors.models import Author
from tests.s3 import BUCKET, CREDENTIALS, s3_server

pytestmark = pytest.mark.browser

EVERY_IMAGE_LOADED = "() => [...document.images].every(image => image.complete)"
BROKEN_IMAGES = """() => [...document.images]
    .filter(image => image.naturalWidth === 0)
    .map(image => image.currentSrc || image.src)"""
IMAGE_SOURCES = "() => [...document.images].map(image => image.currentSrc)"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def demo_site_in_a_private_bucket(s3, settings, monkeypatch, transactional_db):
    """Seed the demo site into a new private bucket set up as the README says."""
    s3.reset()
    s3.client().create_bucket(Bucket=BUCKET)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3.bucket_settings()}
    call_command(
        "seed_demo", "--articles", "10", stdout=io.StringIO(), stderr=io.StringIO()
    )
    return s3


def test_demo_site_in_a_private_bucket_shows_every_image(
    page, demo_site_in_a_private_bucket
):
    bucket = f"{demo_site_in_a_private_bucket.url}/{BUCKET}/"
    media_responses = []
    page.on(
        "response",
        lambda response: (
            media_responses.append((response.url, response.status))
            if response.url.startswith(bucket)
            else None
        ),
    )
    article = Article.objects.published().exclude(hero_image="").first()
    author = Author.objects.exclude(photo="").first()
    shown = set()

    for url in ["/", article.get_absolute_url(), author.get_absolute_url()]:
        page.goto(url)
        # Lazy images load only near the viewport.
        images = page.locator("img")
        for index in range(images.count()):
            images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(EVERY_IMAGE_LOADED)

        assert page.evaluate(BROKEN_IMAGES) == []
        shown.update(page.evaluate(IMAGE_SOURCES))

    assert {url for url in shown if url.startswith(bucket)} == shown
    for source in (article.hero_image, author.photo):
        renditions = f"{bucket}renditions/{PurePath(source.name).with_suffix('')}/"
        assert any(url.startswith(renditions) for url in shown)
    assert {status for _, status in media_responses} == {200}
