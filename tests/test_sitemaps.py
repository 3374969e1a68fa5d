import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Status

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example.com"
    settings.SITE_NAME = "The Daily Byte"


def fetch_urls(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content).findall(f"{SITEMAP}url")


def locations(urls):
    return [url.findtext(f"{SITEMAP}loc") for url in urls]


def absolute(path):
    return "https://news.example.com" + path


def test_sitemap_lists_home_sections_authors_and_articles(
    client, make_article, make_author, make_category
):
    author = make_author(name="Ann Lee", slug="ann-lee")
    section = make_category(name="Science", slug="science")
    make_article(slug="comet-spotted", category=section, authors=[author])

    assert locations(fetch_urls(client, "sitemap")) == [
        absolute("/"),
        absolute("/category/science/"),
        absolute("/author/ann-lee/"),
        absolute("/articles/comet-spotted/"),
    ]


def test_sitemap_urls_use_site_url_whatever_the_request_host(client, make_article):
    article = make_article()

    urls = locations(fetch_urls(client, "sitemap"))

    assert absolute(article.get_absolute_url()) in urls
    assert not [url for url in urls if "testserver" in url]


def test_sitemap_leaves_out_unpublished_and_noindex_articles(client, make_article):
    make_article(slug="live")
    make_article(slug="draft", status=Status.DRAFT)
    make_article(slug="in-review", status=Status.REVIEW)
    make_article(slug="embargoed", published_at=NOW + timedelta(hours=1))
    make_article(slug="hidden", is_noindex=True)

    urls = locations(fetch_urls(client, "sitemap"))

    articles = [url for url in urls if "/articles/" in url]
    assert articles == [absolute("/articles/live/")]


def test_sitemap_leaves_out_authors_without_a_published_article(
    client, make_article, make_author
):
    make_article(authors=[make_author(slug="published-writer")])
    make_article(authors=[make_author(slug="drafting-writer")], status=Status.DRAFT)
    make_author(slug="new-writer")

    urls = locations(fetch_urls(client, "sitemap"))

    assert [url for url in urls if "/author/" in url] == [
        absolute("/author/published-writer/")
    ]


def test_article_lastmod_is_its_last_update(client, make_article):
    article = make_article(slug="edited", published_at=NOW - timedelta(days=3))
    Article.objects.filter(pk=article.pk).update(updated_at=NOW - timedelta(days=1))

    urls = fetch_urls(client, "sitemap")

    (url,) = [
        url for url in urls if "/articles/edited/" in url.findtext(f"{SITEMAP}loc")
    ]
    assert url.findtext(f"{SITEMAP}lastmod") == "2026-03-09"


def test_sitemap_queries_stay_flat(
    client, make_article, make_author, make_category, django_assert_num_queries
):
    authors = [make_author(), make_author()]
    for n in range(12):
        make_article(category=make_category(name=f"Section {n % 3}"), authors=authors)
    # a count and a page for each of categories, authors and articles
    with django_assert_num_queries(6):
        urls = fetch_urls(client, "sitemap")
    assert len(urls) == 1 + 3 + 2 + 12


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
    # a count and a page of recent articles
    with django_assert_num_queries(2):
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
