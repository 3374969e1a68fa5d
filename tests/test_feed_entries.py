"""What a feed and each of its items say: links, summaries, authors and the site."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article

from .feed_reading import DC_CREATOR, FEEDS, fetch_items, hours_ago, parse

pytestmark = pytest.mark.usefixtures("fixed_site")


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


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_name_the_site_and_show_its_logo(client, db, name):
    feed = parse(client, reverse(name))

    assert feed.feed.title == "Newsroom"
    # RSS has a channel <image>, Atom a <logo>.
    logo = feed.feed.image.href if "image" in feed.feed else feed.feed.logo
    assert logo == "https://news.example.com/static/img/logo-publisher.png"


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
