"""Which stories each feed holds, and which feeds each page points readers to."""

from datetime import timedelta

import pytest
from django.urls import reverse

from articles.models import Status

from .feed_reading import fetch_items, hours_ago, titles
from .fixed_site import NOW

pytestmark = pytest.mark.usefixtures("fixed_site")


def test_site_feed_lists_published_articles_newest_first(client, make_article):
    make_article(title="Older story", published_at=hours_ago(5))
    make_article(title="Newest story", published_at=hours_ago(1))
    make_article(title="Middle story", published_at=hours_ago(3))

    items = fetch_items(client, reverse("articles:feed"))

    assert titles(items) == ["Newest story", "Middle story", "Older story"]


def test_site_feed_leaves_out_drafts_review_and_scheduled(client, make_article):
    make_article(title="Live story")
    make_article(title="Draft story", status=Status.DRAFT)
    make_article(title="Story in review", status=Status.REVIEW)
    make_article(title="Embargoed story", published_at=NOW + timedelta(minutes=5))

    items = fetch_items(client, reverse("articles:feed"))

    assert titles(items) == ["Live story"]


def test_site_feed_holds_the_latest_thirty(
    client, make_article, make_author, make_category
):
    author, section = make_author(), make_category()
    for n in range(32):
        make_article(
            title=f"Story {n}",
            published_at=hours_ago(n + 1),
            authors=[author],
            category=section,
        )

    items = fetch_items(client, reverse("articles:feed"))

    assert titles(items) == [f"Story {n}" for n in range(30)]


def test_category_feed_holds_only_its_section(client, make_article, make_category):
    science = make_category(name="Science", slug="science")
    make_article(title="Comet spotted", category=science)
    make_article(title="Phone review", category=make_category(name="Gadgets"))
    make_article(title="Unpublished science", category=science, status=Status.DRAFT)

    items = fetch_items(
        client, reverse("articles:category-feed", kwargs={"slug": "science"})
    )

    assert titles(items) == ["Comet spotted"]


def test_tag_feed_holds_only_tagged_articles(client, make_article):
    make_article(title="Chip fab opens", tags=["Chips"])
    make_article(title="App update", tags=["Apps"])
    make_article(
        title="Embargoed chip news",
        tags=["Chips"],
        published_at=NOW + timedelta(hours=1),
    )

    items = fetch_items(client, reverse("articles:tag-feed", kwargs={"slug": "chips"}))

    assert titles(items) == ["Chip fab opens"]


def test_author_feed_holds_only_their_articles(client, make_article, make_author):
    ann, zoe = make_author(name="Ann Lee"), make_author(name="Zoe Park")
    make_article(title="Shared byline", authors=[zoe, ann], published_at=hours_ago(1))
    make_article(title="Ann alone", authors=[ann], published_at=hours_ago(2))
    make_article(title="Zoe alone", authors=[zoe])
    make_article(title="Ann's draft", authors=[ann], status=Status.DRAFT)

    items = fetch_items(
        client, reverse("articles:author-feed", kwargs={"slug": ann.slug})
    )

    assert titles(items) == ["Shared byline", "Ann alone"]


@pytest.mark.parametrize(
    "name", ["articles:category-feed", "articles:tag-feed", "articles:author-feed"]
)
def test_feed_for_unknown_page_is_not_found(client, db, name):
    assert client.get(reverse(name, kwargs={"slug": "nothing"})).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("articles:category", "articles:category-feed"),
        ("articles:tag", "articles:tag-feed"),
        ("articles:author", "articles:author-feed"),
    ],
)
def test_list_pages_advertise_the_site_feed_and_their_own(
    client, make_article, make_author, make_category, page, feed
):
    make_article(
        category=make_category(slug="chips"),
        authors=[make_author(slug="chips")],
        tags=["Chips"],
    )

    text = client.get(reverse(page, kwargs={"slug": "chips"})).text

    assert text.count('type="application/rss+xml"') == 2
    assert text.count('type="application/atom+xml"') == 2
    assert 'href="https://news.example.com/feed/"' in text
    assert 'href="https://news.example.com/feed/atom/"' in text
    own_feed = "https://news.example.com" + reverse(feed, kwargs={"slug": "chips"})
    assert f'href="{own_feed}"' in text
    own_atom = "https://news.example.com" + reverse(
        f"{feed}-atom", kwargs={"slug": "chips"}
    )
    assert f'href="{own_atom}"' in text


def test_article_page_advertises_only_the_site_feed(client, make_article):
    article = make_article()

    text = client.get(article.get_absolute_url()).text

    assert text.count('type="application/rss+xml"') == 1
    assert text.count('type="application/atom+xml"') == 1
