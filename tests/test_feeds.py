import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from articles.models import Article, Status

from .factories import image_upload

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
    assert [c.text for c in item.findall(DC_CREATOR)] == ["Zoe Park", "Ann Lee"]
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
        # site settings, articles joined to category, their bylines with authors,
        # their tags
        ("articles:feed", {}, 4),
        # the category, then the same four
        ("articles:category-feed", {"slug": "science"}, 5),
        # the tag, then the same four
        ("articles:tag-feed", {"slug": "chips"}, 5),
    ],
)
def test_feed_queries_stay_flat(
    client, busy_site, django_assert_num_queries, name, kwargs, queries
):
    with django_assert_num_queries(queries):
        items = fetch_items(client, reverse(name, kwargs=kwargs))
    assert len(items) == 12


def test_author_feed_queries_stay_flat(client, busy_site, django_assert_num_queries):
    # the author, site settings, articles joined to category, their bylines with
    # authors, their tags
    with django_assert_num_queries(5):
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


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


FEEDS = ["articles:feed", "articles:feed-atom"]


@pytest.fixture
def full_story(make_article, make_author, make_category):
    return make_article(
        title="Chips ship",
        slug="chips-ship",
        dek="The fab opened.",
        body="<p>The <strong>first</strong> wafers left the fab.</p>",
        hero_image=image_upload("hero.jpg", size=(1600, 900)),
        category=make_category(name="Hardware", slug="hardware"),
        authors=[
            make_author(name="Zoe Park", slug="zoe-park"),
            make_author(name="Ann Lee", slug="ann-lee"),
        ],
        tags=["Chips"],
        published_at=hours_ago(2),
    )


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_carry_full_content_image_and_one_creator_per_author(
    client, full_story, name
):
    feed = parse(client, reverse(name))

    (entry,) = feed.entries
    assert entry.title == "Chips ship"
    assert entry.link == "https://news.example.com/articles/chips-ship/"
    assert "<strong>first</strong> wafers" in entry.content[0].value
    assert [author.name for author in entry.authors] == ["Zoe Park", "Ann Lee"]
    hero = "https://news.example.com" + full_story.hero_1200_jpeg.url
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
    assert entry.id == f"tag:news.example.com,2026-03-10:article:{full_story.pk}"
    assert entry.published_parsed[:5] == (2026, 3, 10, 10, 0)


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_name_the_site_and_show_its_logo(client, db, name):
    feed = parse(client, reverse(name))

    assert feed.feed.title == "Newsroom"
    # RSS has a channel <image>, Atom a <logo>.
    logo = feed.feed.image.href if "image" in feed.feed else feed.feed.logo
    assert logo == "https://news.example.com/static/img/logo-publisher.png"


def test_atom_feed_authors_link_to_their_pages(client, full_story):
    (entry,) = parse(client, reverse("articles:feed-atom")).entries

    assert [author.href for author in entry.authors] == [
        "https://news.example.com/author/zoe-park/",
        "https://news.example.com/author/ann-lee/",
    ]


def test_full_content_can_be_switched_off(client, full_story, settings):
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
def test_atom_feeds_for_list_pages(client, full_story, make_article, name, kwargs):
    make_article(title="Elsewhere")

    feed = parse(client, reverse(name, kwargs=kwargs))

    assert [entry.title for entry in feed.entries] == ["Chips ship"]
    assert feed.feed.title.endswith(" · Newsroom")


# Every C0 control character and DEL; PostgreSQL cannot store NUL at all.
C0_CONTROLS = (
    "".join(
        chr(code) for code in range(32) if code or connection.vendor != "postgresql"
    )
    + "\x7f"
)


@pytest.mark.parametrize("name", FEEDS)
def test_every_control_character_passes_through_feeds_cleanly(
    client, make_article, make_author, name
):
    article = make_article(
        authors=[make_author(name=f"Zoe{C0_CONTROLS}Park")], tags=[f"T{C0_CONTROLS}"]
    )
    # Written past save(), as rows stored before the cleaning were.
    Article.objects.filter(pk=article.pk).update(
        title=f"Bad{C0_CONTROLS}title", dek=f"Bad{C0_CONTROLS}dek"
    )

    (entry,) = parse(client, reverse(name)).entries

    # Tab, newline and carriage return stay (XML reads the return as a newline).
    assert entry.title == "Bad\t\n\ntitle"
    assert [author.name for author in entry.authors] == ["Zoe\t\n\nPark"]


def test_feeds_answer_conditional_requests(client, full_story):
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
