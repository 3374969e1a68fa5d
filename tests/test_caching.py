import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import split_directive_names

from articles.content_version import VERSION_KEY
from articles.models import Article, Status


def directives(response):
    return set(split_directive_names(response.get("Cache-Control", "")))


@pytest.fixture
def article(make_article, make_category):
    return make_article(
        title="Chip makers race to 2nm",
        slug="chip-makers-race",
        category=make_category(name="Hardware", slug="hardware"),
        tags=["semiconductors"],
    )


@pytest.fixture
def staff_client(make_user):
    staff_client = Client()
    staff_client.force_login(make_user(is_staff=True, is_superuser=True))
    return staff_client


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/chip-makers-race/", "/category/hardware/", "/tag/semiconductors/"],
)
def test_anonymous_reader_pages_are_public_and_set_no_cookie(client, article, url):
    response = client.get(url)

    assert response.status_code == 200
    assert directives(response) == {"public", "max-age"}
    assert get_max_age(response) == 60
    assert response["ETag"]
    assert not response.cookies


def test_author_page_is_public(client, article):
    response = client.get(article.byline_authors[0].get_absolute_url())

    assert response.status_code == 200
    assert "public" in directives(response)
    assert not response.cookies


def test_page_lifetime_comes_from_the_setting(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 300

    response = client.get(article.get_absolute_url())

    assert get_max_age(response) == 300


def test_matching_etag_gets_not_modified(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert not response.content


def test_stale_etag_gets_the_full_page(client, article):
    response = client.get(article.get_absolute_url(), headers={"If-None-Match": '"0"'})

    assert response.status_code == 200
    assert "Chip makers race to 2nm" in response.text


def test_repeat_request_is_served_from_cache_without_queries(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())

    # No session cookie, so no session or user lookup; the page comes from the cache.
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_head_is_answered_from_the_cached_page(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())

    # Served from the copy the GET stored.
    with django_assert_num_queries(0):
        response = client.head(article.get_absolute_url())

    assert response.status_code == 200
    assert "public" in directives(response)


def test_admin_preview_and_missing_pages_are_not_public(client, article):
    responses = [
        client.get(reverse("admin:login")),
        client.get(reverse("articles:preview", kwargs={"pk": article.pk})),
        client.get(reverse("articles:detail", kwargs={"slug": "no-such-story"})),
    ]

    assert all("public" not in directives(response) for response in responses)


def test_edited_title_shows_on_the_next_request(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.get_absolute_url())
    client.get(reverse("home"))

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Chip makers reach 2nm"
        article.save()

    assert "Chip makers reach 2nm" in client.get(article.get_absolute_url()).text
    assert "Chip makers reach 2nm" in client.get(reverse("home")).text


def test_unpublished_article_disappears_at_once(
    client, article, django_capture_on_commit_callbacks
):
    assert "Chip makers race to 2nm" in client.get(reverse("home")).text
    assert client.get(article.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Status.DRAFT
        article.save()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Chip makers race to 2nm" not in client.get(reverse("home")).text


def test_new_tag_shows_on_the_cached_tag_page(
    client, article, make_article, django_capture_on_commit_callbacks
):
    url = reverse("articles:tag", kwargs={"slug": "semiconductors"})
    client.get(url)
    other = make_article(title="Foundry output doubles")

    with django_capture_on_commit_callbacks(execute=True):
        other.tags.add("semiconductors")

    assert "Foundry output doubles" in client.get(url).text


def test_cached_pages_expire_when_a_scheduled_article_goes_live(
    client, article, make_article, django_capture_on_commit_callbacks
):
    with time_machine.travel(
        timezone.now().replace(microsecond=0), tick=False
    ) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            make_article(
                title="Embargoed launch",
                published_at=timezone.now() + timezone.timedelta(seconds=20),
            )

        response = client.get(reverse("home"))
        assert "Embargoed launch" not in response.text
        assert get_max_age(response) == 20

        clock.shift(21)
        assert "Embargoed launch" in client.get(reverse("home")).text


def test_logged_in_staff_bypass_the_cache(client, staff_client, article):
    url = article.get_absolute_url()
    client.get(url)
    # A change that sends no signal, so the anonymous copy stays cached.
    Article.objects.filter(pk=article.pk).update(title="Quietly retitled")

    response = staff_client.get(url)

    assert directives(response) >= {"private", "no-cache"}
    assert "public" not in directives(response)
    assert "Quietly retitled" in response.text
    assert "Edit in admin" in response.text
    assert "Quietly retitled" not in client.get(url).text


def test_staff_pages_are_never_served_to_readers(staff_client, article):
    url = article.get_absolute_url()
    staff_client.get(url)
    staff_client.logout()

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(url)

    assert len(queries) > 0
    assert "Edit in admin" not in response.text
    assert "public" in directives(response)


@pytest.mark.usefixtures("redis_cache")
def test_edit_reaches_pages_cached_in_redis(
    client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert "Chip makers race to 2nm" in client.get(url).text
    # Another process has its own connection and sees the same version.
    other_process = caches.create_connection("default")
    version = other_process.get(VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Chip makers reach 2nm"
        article.save()

    assert other_process.get(VERSION_KEY) > version
    assert "Chip makers reach 2nm" in client.get(url).text


def test_tracking_parameters_share_the_cached_page(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        tagged = client.get(
            article.get_absolute_url() + "?utm_source=social&utm_medium=post"
        )

    assert tagged.content == first.content


def test_pages_and_searches_are_cached_apart(client, article, make_article):
    for n in range(25):
        make_article(title=f"Filler {n}", category=article.category)
    section = article.category.get_absolute_url()

    first_page = client.get(section)
    second_page = client.get(section + "?page=2&utm_source=x")
    same_second_page = client.get(section + "?utm_source=y&page=2")

    assert second_page.content != first_page.content
    assert same_second_page.content == second_page.content
    assert client.get("/search/?q=chip").content != client.get("/search/?q=zz").content
