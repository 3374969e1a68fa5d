"""The view beacon: one view per reader per window, nothing for bots or prefetches."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.content_version import content_version
from articles.models import Status
from readership import counting
from readership.models import BeaconOutcome, DailyViews, HourlyViews, ViewStat

from .beacons import BROWSER, IP, LONG_AGO, OTHER_BROWSER, beacon, outcomes, views_of


@pytest.fixture
def article(make_article):
    return make_article(title="Chip fab opens", published_at=LONG_AGO)


def test_a_beacon_counts_one_view_in_every_bucket(client, article):
    moment = datetime(2026, 5, 4, 10, 42, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        response = beacon(client, article)

    assert response.status_code == 204
    assert views_of(article) == 1
    hourly = HourlyViews.objects.get(article=article)
    assert (hourly.hour, hourly.count) == (moment.replace(minute=0), 1)
    daily = DailyViews.objects.get(article=article)
    assert (daily.day, daily.count) == (moment.date(), 1)
    assert outcomes() == {BeaconOutcome.COUNTED: 1}


def test_the_same_reader_counts_once_per_window(client, article, settings):
    settings.VIEW_DEDUP_SECONDS = 1800
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    for minutes in [0, 5, 29]:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert beacon(client, article).status_code == 204
    assert views_of(article) == 1

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        beacon(client, article)

    assert views_of(article) == 2
    assert outcomes() == {BeaconOutcome.COUNTED: 2, BeaconOutcome.DUPLICATE: 2}


def test_other_readers_and_other_articles_count_separately(
    client, article, make_article
):
    other_article = make_article()
    beacon(client, article)
    beacon(client, article, ip="198.51.100.20")
    beacon(client, article, user_agent=OTHER_BROWSER)
    beacon(client, other_article)

    assert views_of(article) == 3
    assert views_of(other_article) == 1
    # One bucket per article and hour, added to in place.
    assert HourlyViews.objects.get(article=article).count == 3
    assert DailyViews.objects.get(article=article).count == 3


def test_the_window_holds_across_midnight_when_the_key_changes(client, article):
    before_midnight = datetime(2026, 5, 4, 23, 50, tzinfo=UTC)
    with time_machine.travel(before_midnight, tick=False):
        beacon(client, article)
    with time_machine.travel(before_midnight + timedelta(minutes=20), tick=False):
        beacon(client, article)
    assert views_of(article) == 1

    with time_machine.travel(before_midnight + timedelta(minutes=31), tick=False):
        beacon(client, article)

    assert views_of(article) == 2
    assert DailyViews.objects.filter(article=article).count() == 2


def test_reader_hash_changes_daily_and_no_address_is_kept(client, article, rf):
    request = rf.post("/", REMOTE_ADDR=IP, headers={"User-Agent": BROWSER})
    monday = counting.reader_id(request, datetime(2026, 5, 4).date())
    tuesday = counting.reader_id(request, datetime(2026, 5, 5).date())
    assert monday != tuesday

    beacon(client, article)

    assert cache._cache  # the local-memory cache's store: keys and pickled values
    assert IP not in repr(list(cache._cache.items()))


@pytest.mark.parametrize(
    ("sent", "outcome"),
    [
        pytest.param(
            {"user_agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
            BeaconOutcome.BOT,
            id="search-crawler",
        ),
        pytest.param(
            {"user_agent": "Mozilla/5.0 (compatible; GPTBot/1.2)"},
            BeaconOutcome.BOT,
            id="ai-crawler",
        ),
        pytest.param({"user_agent": "curl/8.5.0"}, BeaconOutcome.BOT, id="curl"),
        pytest.param({"user_agent": ""}, BeaconOutcome.BOT, id="no-user-agent"),
        pytest.param(
            {"Sec-Purpose": "prefetch;prerender"},
            BeaconOutcome.PREFETCH,
            id="prerender",
        ),
        pytest.param(
            {"Sec-Purpose": "prefetch"}, BeaconOutcome.PREFETCH, id="sec-prefetch"
        ),
        pytest.param({"Purpose": "prefetch"}, BeaconOutcome.PREFETCH, id="prefetch"),
        pytest.param(
            {"origin": "https://elsewhere.example"},
            BeaconOutcome.CROSS_SITE,
            id="other-origin",
        ),
        pytest.param({"origin": "null"}, BeaconOutcome.CROSS_SITE, id="null-origin"),
        pytest.param(
            {"origin": "http://[::1"}, BeaconOutcome.CROSS_SITE, id="malformed-origin"
        ),
        pytest.param(
            {"origin": None}, BeaconOutcome.CROSS_SITE, id="no-browser-vouches"
        ),
        pytest.param(
            {"origin": None, "Sec-Fetch-Site": "cross-site"},
            BeaconOutcome.CROSS_SITE,
            id="cross-site-fetch",
        ),
    ],
)
def test_beacons_that_must_not_count_are_answered_and_tallied(
    client, article, sent, outcome
):
    response = beacon(client, article, **sent)

    assert response.status_code == 204
    assert views_of(article) == 0
    assert not HourlyViews.objects.exists() and not DailyViews.objects.exists()
    assert outcomes() == {outcome: 1}


def test_same_origin_fetch_without_origin_header_counts(client, article):
    beacon(client, article, origin=None, **{"Sec-Fetch-Site": "same-origin"})

    assert views_of(article) == 1


def test_logged_in_staff_are_not_counted_but_other_users_are(
    client, article, make_user
):
    client.force_login(make_user(is_staff=True))
    beacon(client, article)
    assert views_of(article) == 0

    client.force_login(make_user())
    beacon(client, article)

    assert views_of(article) == 1
    assert outcomes() == {BeaconOutcome.STAFF: 1, BeaconOutcome.COUNTED: 1}


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": Status.DRAFT}, id="draft"),
        pytest.param({"status": Status.REVIEW}, id="in-review"),
        pytest.param(
            {"published_at": timezone.now() + timedelta(hours=1)}, id="scheduled"
        ),
    ],
)
def test_unpublished_articles_are_not_found(client, make_article, fields):
    article = make_article(**fields)

    response = beacon(client, article)

    assert response.status_code == 404
    assert views_of(article) == 0
    assert not ViewStat.objects.exists()


def test_only_post_is_allowed(client, article):
    url = reverse("readership:view", kwargs={"slug": article.slug})

    assert client.get(url).status_code == 405


def test_a_client_over_the_rate_limit_gets_429_until_its_minute_has_passed(
    client, make_article, settings
):
    settings.VIEW_RATE_LIMIT = 3
    articles = [make_article(published_at=LONG_AGO) for _ in range(5)]
    start = datetime(2026, 5, 4, 10, 0, 5, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        statuses = [beacon(client, article).status_code for article in articles]
        other_client = beacon(client, articles[4], ip="198.51.100.9")
    assert statuses == [204, 204, 204, 429, 429]
    assert other_client.status_code == 204

    # The window slides: the next minute still counts most of this one's beacons.
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert beacon(client, articles[4]).status_code == 429
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert beacon(client, articles[4]).status_code == 204

    assert views_of(articles[3]) == 0
    assert views_of(articles[4]) == 2
    assert outcomes() == {BeaconOutcome.COUNTED: 5, BeaconOutcome.RATE_LIMITED: 3}


def test_beacon_sets_no_cookie_and_is_never_cached(client, article):
    response = beacon(client, article)

    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_a_cached_page_carries_the_beacon_without_any_token(client, article):
    client.get(article.get_absolute_url())
    page = client.get(article.get_absolute_url())

    assert "public" in page["Cache-Control"] and not page.cookies
    url = reverse("readership:view", kwargs={"slug": article.slug})
    assert f'data-view-beacon="{url}"' in page.text
    assert "csrfmiddlewaretoken" not in page.text
    assert beacon(Client(), article).status_code == 204
    assert views_of(article) == 1


def test_counting_does_not_retire_cached_pages(
    client, article, django_capture_on_commit_callbacks
):
    version = content_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        beacon(client, article)

    assert callbacks == []
    assert content_version() == version


def test_preview_sends_no_beacon(client, make_article, make_user):
    draft = make_article(status=Status.DRAFT)
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert "data-view-beacon" not in response.text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; concurrency is a PostgreSQL property",
)
def test_parallel_readers_are_counted_exactly(transactional_db, make_article, settings):
    # Every reader here shares one network; its cap is not what this tests.
    settings.VIEW_CAP_PER_ARTICLE_NETWORK = 1000
    article = make_article()
    threads, readers_each = 8, 25
    start = threading.Barrier(threads)

    def read(thread):
        client = Client()
        start.wait()
        try:
            statuses = [
                # Every thread also sends the same reader's beacon: it counts once.
                beacon(client, article, ip="192.0.2.1").status_code
            ]
            for n in range(readers_each):
                ip = f"198.51.100.{thread * readers_each + n}"
                statuses.append(beacon(client, article, ip=ip).status_code)
            return statuses
        finally:
            connections.close_all()

    with ThreadPoolExecutor(threads) as pool:
        statuses = [s for batch in pool.map(read, range(threads)) for s in batch]

    expected = threads * readers_each + 1
    assert statuses == [204] * len(statuses)
    assert views_of(article) == expected
    hourly = HourlyViews.objects.aggregate(total=Sum("count"))["total"]
    daily = DailyViews.objects.aggregate(total=Sum("count"))["total"]
    assert hourly == daily == expected
    assert outcomes() == {
        BeaconOutcome.COUNTED: expected,
        BeaconOutcome.DUPLICATE: threads - 1,
    }
