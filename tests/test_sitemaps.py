from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from lxml import etree

from articles.models import Article, Status
from articles.sitemaps import ArticleSitemap

from .factories import image_upload
from .fixed_site import NOW, SITE_URL
from .page_metadata import absolute

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


pytestmark = pytest.mark.usefixtures("fixed_site")


@pytest.fixture(autouse=True)
def site_name(settings):
    settings.SITE_NAME = "The Daily Byte"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    # lxml refuses what XML forbids (control characters, bad escapes) outright.
    return etree.fromstring(response.content)


def fetch_urls(client, name, **params):
    return parse(client.get(reverse(name), params)).findall(f"{SITEMAP}url")


def section_urls(client, section, page=None):
    params = {"p": page} if page else {}
    response = client.get(
        reverse("sitemap-section", kwargs={"section": section}), params
    )
    return parse(response).findall(f"{SITEMAP}url")


def index_entries(client):
    root = parse(client.get(reverse("sitemap")))
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [
        (entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod"))
        for entry in root.findall(f"{SITEMAP}sitemap")
    ]


def locations(urls):
    return [url.findtext(f"{SITEMAP}loc") for url in urls]


def test_sitemap_index_lists_each_section(client, make_article):
    make_article(published_at=NOW - timedelta(days=2))

    locations_ = [location for location, _lastmod in index_entries(client)]

    assert locations_ == [
        absolute("/sitemap-home.xml"),
        absolute("/sitemap-sections.xml"),
        absolute("/sitemap-topics.xml"),
        absolute("/sitemap-authors.xml"),
        absolute("/sitemap-articles.xml"),
    ]


def test_every_index_entry_is_a_sitemap_lxml_can_read(client, make_article):
    make_article(tags=["Space"])

    for location, _lastmod in index_entries(client):
        path = location.removeprefix(SITE_URL)
        root = parse(client.get(path))
        assert root.tag == f"{SITEMAP}urlset"
        assert root.findall(f"{SITEMAP}url")


def test_sections_list_home_sections_topics_authors_and_articles(
    client, make_article, make_author, make_category
):
    author = make_author(name="Ann Lee", slug="ann-lee")
    section = make_category(name="Science", slug="science")
    make_category(name="Empty", slug="empty")
    make_article(
        slug="comet-spotted", category=section, authors=[author], tags=["Space"]
    )
    make_article(slug="hidden", is_noindex=True, tags=["Secret"])

    assert locations(section_urls(client, "home")) == [absolute("/")]
    assert locations(section_urls(client, "sections")) == [
        absolute("/category/science/")
    ]
    assert locations(section_urls(client, "topics")) == [absolute("/tag/space/")]
    assert locations(section_urls(client, "authors")) == [absolute("/author/ann-lee/")]
    assert locations(section_urls(client, "articles")) == [
        absolute("/articles/comet-spotted/")
    ]


def test_sitemap_urls_use_site_url_whatever_the_request_host(client, make_article):
    article = make_article()

    response = client.get(reverse("sitemap"), headers={"host": "127.0.0.1"})
    urls = locations(section_urls(client, "articles"))

    assert "127.0.0.1" not in response.text
    assert "testserver" not in response.text
    assert urls == [absolute(article.get_absolute_url())]


def test_sitemap_leaves_out_unpublished_and_noindex_articles(client, make_article):
    make_article(slug="live")
    make_article(slug="draft", status=Status.DRAFT)
    make_article(slug="in-review", status=Status.REVIEW)
    make_article(slug="embargoed", published_at=NOW + timedelta(hours=1))
    make_article(slug="hidden", is_noindex=True)

    assert locations(section_urls(client, "articles")) == [absolute("/articles/live/")]


def test_sitemap_leaves_out_authors_without_a_published_article(
    client, make_article, make_author
):
    make_article(authors=[make_author(slug="published-writer")])
    make_article(authors=[make_author(slug="drafting-writer")], status=Status.DRAFT)
    make_author(slug="new-writer")

    assert locations(section_urls(client, "authors")) == [
        absolute("/author/published-writer/")
    ]


def test_article_lastmod_comes_from_content_edits_only(client, make_article):
    edited = make_article(slug="edited", published_at=NOW - timedelta(days=3))
    featured = make_article(slug="featured", published_at=NOW - timedelta(days=3))
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        edited.body = "<p>A corrected paragraph.</p>"
        edited.save()
        featured.is_featured = True
        featured.save()
    # Counting views writes the row too, and must not count as an edit either.
    Article.objects.filter(pk=featured.pk).update(view_count=500)

    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in section_urls(client, "articles")
    }

    assert lastmods == {
        absolute("/articles/edited/"): "2026-03-09T12:00:00+00:00",
        absolute("/articles/featured/"): "2026-03-10T12:00:00+00:00",
    }


def test_index_lastmod_is_the_latest_article_edit(client, make_article):
    make_article(published_at=NOW - timedelta(days=3))

    lastmods = dict(index_entries(client))

    assert lastmods[absolute("/sitemap-articles.xml")] == "2026-03-10T12:00:00+00:00"


def test_article_entries_carry_their_hero_image(client, make_article):
    with_hero = make_article(
        slug="with-hero", hero_image=image_upload("hero.jpg", size=(1600, 900))
    )
    make_article(slug="no-hero")

    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findall(f"{IMAGE}image/{IMAGE}loc")
        for url in section_urls(client, "articles")
    }

    assert [image.text for image in urls[absolute("/articles/with-hero/")]] == [
        absolute(with_hero.hero_1200_jpeg.url)
    ]
    assert urls[absolute("/articles/no-hero/")] == []


def test_articles_are_paged_and_every_page_is_right(
    client, make_article, settings, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for n in range(5):
        make_article(slug=f"story-{n}", published_at=NOW - timedelta(hours=10 - n))

    index = [location for location, _lastmod in index_entries(client)]
    pages = [section_urls(client, "articles", page) for page in (1, 2, 3)]

    assert index[-3:] == [
        absolute("/sitemap-articles.xml"),
        absolute("/sitemap-articles.xml?p=2"),
        absolute("/sitemap-articles.xml?p=3"),
    ]
    assert [locations(urls) for urls in pages] == [
        [absolute("/articles/story-0/"), absolute("/articles/story-1/")],
        [absolute("/articles/story-2/"), absolute("/articles/story-3/")],
        [absolute("/articles/story-4/")],
    ]
    # Cached pages must not answer for one another.
    assert locations(section_urls(client, "articles", 2)) == locations(pages[1])
    assert locations(section_urls(client, "articles", 1)) == locations(pages[0])


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_article_page_out_of_range_is_not_found(client, make_article, page):
    make_article()

    response = client.get(
        reverse("sitemap-section", kwargs={"section": "articles"}), {"p": page}
    )

    assert response.status_code == 404


def test_unknown_section_is_not_found(client, db):
    response = client.get(reverse("sitemap-section", kwargs={"section": "nope"}))

    assert response.status_code == 404


def test_sitemap_index_queries_stay_flat(
    client, make_article, make_author, make_category, django_assert_num_queries
):
    authors = [make_author(), make_author()]
    for n in range(12):
        make_article(
            category=make_category(name=f"Section {n % 3}"),
            authors=authors,
            tags=["Space"],
        )
    # a count for each of sections, topics, authors and articles, and the
    # articles' latest edit
    with django_assert_num_queries(5):
        index_entries(client)


def test_article_section_queries_stay_flat(
    client, make_article, django_assert_num_queries
):
    for n in range(12):
        make_article(hero_image=image_upload("hero.jpg") if n % 2 else None)
    # a count and a page of articles
    with django_assert_num_queries(2):
        urls = section_urls(client, "articles")
    assert len(urls) == 12


# Every C0 control character and DEL; PostgreSQL cannot store NUL at all.
C0_CONTROLS = (
    "".join(
        chr(code) for code in range(32) if code or connection.vendor != "postgresql"
    )
    + "\x7f"
)


def test_every_control_character_passes_through_sitemaps_cleanly(
    client, make_article, settings
):
    settings.SITE_NAME = f"The{C0_CONTROLS}Byte"
    article = make_article(slug="bad", published_at=NOW - timedelta(hours=1))
    # Written past save(), as rows stored before the cleaning were.
    Article.objects.filter(pk=article.pk).update(title=f"Bad{C0_CONTROLS}title")

    (url,) = fetch_urls(client, "news-sitemap")
    index_entries(client)
    section_urls(client, "articles")

    assert url.findtext(f"{NEWS}news/{NEWS}title") == "Bad\t\n\ntitle"


def test_news_sitemap_describes_recent_articles_for_google_news(client, make_article):
    make_article(
        title="Comet spotted over the Alps",
        slug="comet-spotted",
        published_at=NOW - timedelta(hours=3),
    )

    (url,) = fetch_urls(client, "news-sitemap")

    assert url.findtext(f"{SITEMAP}loc") == absolute("/articles/comet-spotted/")
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Daily Byte"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == NOW - timedelta(hours=3)
    assert news.findtext(f"{NEWS}title") == "Comet spotted over the Alps"


def test_news_sitemap_holds_only_the_last_two_days(client, make_article):
    make_article(slug="fresh", published_at=NOW - timedelta(hours=47))
    make_article(slug="stale", published_at=NOW - timedelta(hours=49))
    make_article(slug="embargoed", published_at=NOW + timedelta(hours=1))
    make_article(slug="draft", status=Status.DRAFT)
    make_article(slug="hidden", is_noindex=True)

    urls = locations(fetch_urls(client, "news-sitemap"))

    assert urls == [absolute("/articles/fresh/")]


def test_news_sitemap_queries_stay_flat(
    client, make_article, django_assert_num_queries
):
    for n in range(12):
        make_article(published_at=NOW - timedelta(hours=n + 1))
    # site settings (the publication's name), a count and a page of recent articles
    with django_assert_num_queries(3):
        urls = fetch_urls(client, "news-sitemap")
    assert len(urls) == 12


def test_robots_txt_keeps_crawlers_out_of_admin_search_and_previews(client, db):
    response = client.get(reverse("robots"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Disallow: /articles/preview/" in lines
    assert "Sitemap: https://news.example.com/sitemap.xml" in lines
    assert "Sitemap: https://news.example.com/news-sitemap.xml" in lines


def test_robots_txt_runs_no_queries(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("robots"))
