import gzip

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age, has_vary_header
from django.utils.http import split_directive_names

from articles.content_version import VERSION_KEY
from articles.models import Article, Status
from newsroom.middleware import EDIT_GRACE_SECONDS, page_key


def page_key_of(url):
    return page_key(RequestFactory().get(url))


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
    assert directives(response) == {
        "public",
        "max-age",
        "stale-while-revalidate",
        "stale-if-error",
    }
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


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_edited_title_shows_on_the_article_at_once_and_on_lists_within_seconds(
    client, article, clock, django_capture_on_commit_callbacks
):
    client.get(article.get_absolute_url())
    client.get(reverse("home"))

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Chip makers reach 2nm"
        article.save()

    assert "Chip makers reach 2nm" in client.get(article.get_absolute_url()).text
    # The home page stored a moment ago is still good for a few seconds.
    assert "Chip makers reach 2nm" not in client.get(reverse("home")).text
    clock.shift(EDIT_GRACE_SECONDS)
    assert "Chip makers reach 2nm" in client.get(reverse("home")).text


def test_editors_saving_every_second_rerender_a_page_once_in_a_few_seconds(
    client, article, make_article, clock, django_capture_on_commit_callbacks
):
    client.get(reverse("home"))
    served = []
    for n in range(EDIT_GRACE_SECONDS):
        clock.shift(1)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(title=f"Update {n}")
        served.append(client.get(reverse("home"))["X-Cache"])

    assert served == ["hit"] * (EDIT_GRACE_SECONDS - 1) + ["miss"]


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
    client, article, make_article, clock, django_capture_on_commit_callbacks
):
    url = reverse("articles:tag", kwargs={"slug": "semiconductors"})
    client.get(url)
    other = make_article(title="Foundry output doubles")

    with django_capture_on_commit_callbacks(execute=True):
        other.tags.add("semiconductors")

    clock.shift(EDIT_GRACE_SECONDS)
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


def test_a_hit_is_served_gzipped_to_clients_that_take_it(client, article):
    plain = client.get(article.get_absolute_url())

    zipped = client.get(
        article.get_absolute_url(), headers={"Accept-Encoding": "gzip, br"}
    )

    assert zipped["X-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == plain["ETag"]
    assert has_vary_header(zipped, "Accept-Encoding")


def test_analytics_cookies_share_the_cached_page(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    assert not has_vary_header(first, "Cookie")

    for n in range(3):
        client.cookies["_ga"] = f"GA1.1.{n}"
        with django_assert_num_queries(0):
            response = client.get(article.get_absolute_url())
        assert response.content == first.content


def test_a_repeated_parameter_is_keyed_on_the_value_the_page_reads(
    client, article, make_article
):
    for n in range(25):
        make_article(title=f"Filler {n}", category=article.category)
    section = article.category.get_absolute_url()

    second_then_first = client.get(section + "?page=2&page=1")
    first_then_second = client.get(section + "?page=1&page=2")

    assert second_then_first.content == client.get(section).content
    assert first_then_second.content == client.get(section + "?page=2").content
    assert first_then_second.content != second_then_first.content


def test_sitemap_pages_are_cached_apart(client, article):
    first = client.get("/news-sitemap.xml")

    second = client.get("/news-sitemap.xml?p=2")

    assert first.status_code == 200
    assert second.status_code == 404


def test_a_stale_page_is_served_while_another_request_renders_it(
    client,
    article,
    make_article,
    clock,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client.get(reverse("home"))
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Breaking: new chip")
    clock.shift(EDIT_GRACE_SECONDS)
    # Another request is rendering the home page: it holds the page's lock.
    lock = f"{page_key_of(reverse('home'))}:render"
    cache.add(lock, 1, 10)

    with django_assert_num_queries(0):
        stale = client.get(reverse("home"))
    assert stale["X-Cache"] == "stale"
    assert "Breaking: new chip" not in stale.text

    cache.delete(lock)
    fresh = client.get(reverse("home"))
    assert fresh["X-Cache"] == "miss"
    assert "Breaking: new chip" in fresh.text
    assert client.get(reverse("home"))["X-Cache"] == "hit"


def test_an_edit_shows_on_the_article_page_at_once_even_while_it_renders(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    cache.add(f"{page_key_of(url)}:render", 1, 10)

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Chip makers reach 2nm"
        article.save()

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Chip makers reach 2nm" in response.text


def test_an_article_edit_leaves_other_articles_pages_served_stale_not_rendered(
    client, article, make_article, clock, django_capture_on_commit_callbacks
):
    other = make_article(title="Quantum networking trial")
    client.get(other.get_absolute_url())
    cache.add(f"{page_key_of(other.get_absolute_url())}:render", 1, 10)

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Chip makers reach 2nm"
        article.save()
    clock.shift(EDIT_GRACE_SECONDS)

    assert client.get(other.get_absolute_url())["X-Cache"] == "stale"
