import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article, Status

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example.com"


def fetch_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("channel/item")


def titles(items):
    return [item.findtext("title") for item in items]


def hours_ago(hours):
    return NOW - timedelta(hours=hours)


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


def test_feed_item_carries_link_summary_date_authors_and_categories(
    client, make_article, make_author, make_category
):
    make_article(
        title="AT&T <finally> ships 6G",
        slug="att-ships-6g",
        dek="The carrier beat its rivals by a year.",
        published_at=hours_ago(2),
        category=make_category(name="Networks", slug="networks"),
        authors=[make_author(name="Zoe Park"), make_author(name="Ann Lee")],
        tags=["Wireless", "5G"],
    )

    (item,) = fetch_items(client, reverse("articles:feed"))

    assert item.findtext("title") == "AT&T <finally> ships 6G"
    assert item.findtext("link") == "https://news.example.com/articles/att-ships-6g/"
    assert item.findtext("description") == "The carrier beat its rivals by a year."
    assert parsedate_to_datetime(item.findtext("pubDate")) == hours_ago(2)
    assert item.findtext(DC_CREATOR) == "Zoe Park and Ann Lee"
    assert [c.text for c in item.findall("category")] == ["Networks", "5G", "Wireless"]


def test_feed_summary_falls_back_to_the_start_of_the_body(client, make_article):
    make_article(dek="", body="<p>Opening <em>line</em> of the story.</p>")

    (item,) = fetch_items(client, reverse("articles:feed"))

    assert item.findtext("description") == "Opening line of the story."


@pytest.mark.parametrize(
    "fields",
    [
        {"dek": "Q&A: why <br> tags matter"},
        {"dek": "", "body": "<p>Q&amp;A: why &lt;br&gt; tags matter</p>"},
    ],
)
def test_feed_summary_is_html_that_shows_the_text_as_written(
    client, make_article, fields
):
    make_article(**fields)

    (item,) = fetch_items(client, reverse("articles:feed"))

    assert item.findtext("description") == "Q&amp;A: why &lt;br&gt; tags matter"


def test_feed_channel_links_to_the_site_and_itself(client, make_category):
    make_category(name="Science", slug="science")
    url = reverse("articles:category-feed", kwargs={"slug": "science"})

    channel = ET.fromstring(client.get(url).content).find("channel")

    assert channel.findtext("title") == "Science · Newsroom"
    assert channel.findtext("link") == "https://news.example.com/category/science/"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://news.example.com" + url


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


@pytest.fixture
def busy_site(make_article, make_author, make_category):
    """Publish twelve stories with two authors and three tags each, in one section."""
    section = make_category(name="Science", slug="science")
    authors = [make_author(), make_author()]
    for n in range(12):
        make_article(
            category=section,
            authors=authors,
            tags=["Chips", "Space", "Energy"],
            published_at=hours_ago(n + 1),
        )
    # Filtering and prefetching tags looks the content type up once per process; a
    # running site has it cached, so warm it here rather than count it.
    ContentType.objects.get_for_model(Article)
    return authors[0]


@pytest.mark.parametrize(
    ("name", "kwargs", "queries"),
    [
        # articles joined to category, their bylines with authors, their tags
        ("articles:feed", {}, 3),
        # the category, then the same three
        ("articles:category-feed", {"slug": "science"}, 4),
        # the tag, then the same three
        ("articles:tag-feed", {"slug": "chips"}, 4),
    ],
)
def test_feed_queries_stay_flat(
    client, busy_site, django_assert_num_queries, name, kwargs, queries
):
    with django_assert_num_queries(queries):
        items = fetch_items(client, reverse(name, kwargs=kwargs))
    assert len(items) == 12


def test_author_feed_queries_stay_flat(client, busy_site, django_assert_num_queries):
    # the author, articles joined to category, their bylines with authors, their tags
    with django_assert_num_queries(4):
        items = fetch_items(
            client, reverse("articles:author-feed", kwargs={"slug": busy_site.slug})
        )
    assert len(items) == 12


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
    assert 'href="https://news.example.com/feed/"' in text
    own_feed = "https://news.example.com" + reverse(feed, kwargs={"slug": "chips"})
    assert f'href="{own_feed}"' in text


def test_article_page_advertises_only_the_site_feed(client, make_article):
    article = make_article()

    text = client.get(article.get_absolute_url()).text

    assert text.count('type="application/rss+xml"') == 1
