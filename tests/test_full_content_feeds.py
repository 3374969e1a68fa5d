"""Feeds that carry whole stories: content, hero image, authors and caching."""

import pytest
import time_machine
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, image_upload
from .feed_reading import FEEDS, hours_ago, parse
from .fixed_site import NOW

pytestmark = pytest.mark.usefixtures("fixed_site")


@pytest.fixture(scope="module")
def published_story(module_db, module_media):
    """Publish the story once for the module; what a test changes rolls back."""
    # The tests' own clock is not running yet: module fixtures come first.
    with module_db(), time_machine.travel(NOW, tick=False):
        return ArticleFactory(
            title="Chips ship",
            slug="chips-ship",
            dek="The fab opened.",
            body="<p>The <strong>first</strong> wafers left the fab.</p>",
            hero_image=image_upload("hero.jpg", size=(1600, 900)),
            category=CategoryFactory(name="Hardware", slug="hardware"),
            authors=[
                AuthorFactory(name="Zoe Park", slug="zoe-park"),
                AuthorFactory(name="Ann Lee", slug="ann-lee"),
            ],
            tags=["Chips"],
            published_at=hours_ago(2),
        )


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_carry_full_content_image_and_one_creator_per_author(client, story, name):
    feed = parse(client, reverse(name))

    (entry,) = feed.entries
    assert entry.title == "Chips ship"
    assert entry.link == "https://news.example.com/articles/chips-ship/"
    assert "<strong>first</strong> wafers" in entry.content[0].value
    assert [author.name for author in entry.authors] == ["Zoe Park", "Ann Lee"]
    hero = "https://news.example.com" + story.hero_1200_jpeg.url
    assert entry.media_content == [
        {
            "url": hero,
            "medium": "image",
            "type": "image/jpeg",
            "width": "1200",
            "height": "675",
        }
    ]
    assert [link.href for link in entry.links if link.rel == "enclosure"] == [hero]
    assert [tag.term for tag in entry.tags] == ["Hardware", "Chips"]
    assert entry.id == f"tag:news.example.com,2026-03-10:article:{story.pk}"
    assert entry.published_parsed[:5] == (2026, 3, 10, 10, 0)


def test_atom_feed_authors_link_to_their_pages(client, story):
    (entry,) = parse(client, reverse("articles:feed-atom")).entries

    assert [author.href for author in entry.authors] == [
        "https://news.example.com/author/zoe-park/",
        "https://news.example.com/author/ann-lee/",
    ]


def test_full_content_can_be_switched_off(client, story, settings):
    settings.FEED_FULL_CONTENT = False

    (entry,) = parse(client, reverse("articles:feed")).entries

    assert "content" not in entry
    assert entry.summary == "The fab opened."


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:category-feed-atom", {"slug": "hardware"}),
        ("articles:tag-feed-atom", {"slug": "chips"}),
        ("articles:author-feed-atom", {"slug": "ann-lee"}),
    ],
)
def test_atom_feeds_for_list_pages(client, story, make_article, name, kwargs):
    make_article(title="Elsewhere")

    feed = parse(client, reverse(name, kwargs=kwargs))

    assert [entry.title for entry in feed.entries] == ["Chips ship"]
    assert feed.feed.title.endswith(" · Newsroom")


def test_feeds_answer_conditional_requests(client, story):
    first = client.get(reverse("articles:feed"))
    assert first["Last-Modified"]
    assert first["ETag"]

    by_date = client.get(
        reverse("articles:feed"), headers={"If-Modified-Since": first["Last-Modified"]}
    )
    by_tag = client.get(
        reverse("articles:feed"), headers={"If-None-Match": first["ETag"]}
    )

    assert by_date.status_code == 304
    assert by_tag.status_code == 304
