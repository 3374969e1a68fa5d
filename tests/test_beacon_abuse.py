"""The beacon under abuse: hostile headers, rotating browsers, limit edges, outages."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import RequestFactory

from common.http import is_same_site
from readership import counting
from readership.models import BeaconOutcome

from .beacons import BROWSER, LONG_AGO, beacon, outcomes, views_of


@pytest.fixture
def article(make_article):
    return make_article(published_at=LONG_AGO)


@pytest.fixture
def crawler_calls(monkeypatch):
    """Record the User-Agents the crawler list is matched against."""
    seen = []
    original = counting.crawlers.is_crawler

    def record(user_agent):
        seen.append(user_agent)
        return original(user_agent)

    monkeypatch.setattr(counting.crawlers, "is_crawler", record)
    counting.is_crawler.cache_clear()
    yield seen
    counting.is_crawler.cache_clear()


def test_a_huge_user_agent_is_cut_before_crawler_matching(
    client, article, crawler_calls
):
    assert beacon(client, article, user_agent="a" * 8000).status_code == 204

    assert [len(user_agent) for user_agent in crawler_calls] == [
        counting.MAX_USER_AGENT
    ]


def test_crawler_detection_runs_once_per_user_agent(
    client, make_article, crawler_calls
):
    for n in range(3):
        beacon(client, make_article(published_at=LONG_AGO), ip=f"198.51.100.{n}")

    assert crawler_calls == [BROWSER]


def test_rotating_browsers_cannot_pump_one_article_past_the_network_cap(
    client, article, settings
):
    settings.VIEW_CAP_PER_ARTICLE_NETWORK = 5
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=UTC), tick=False):
        for n in range(8):
            beacon(client, article, user_agent=f"{BROWSER} Build/{n}")
            # Neighbouring addresses share the network's cap.
            beacon(client, article, ip="203.0.113.99", user_agent=f"{BROWSER} B/{n}")

    assert views_of(article) == 5
    assert outcomes() == {BeaconOutcome.COUNTED: 5, BeaconOutcome.CAPPED: 11}


def test_other_networks_still_count_when_one_is_capped(client, article, settings):
    settings.VIEW_CAP_PER_ARTICLE_NETWORK = 1
    beacon(client, article)
    beacon(client, article, user_agent=f"{BROWSER} other")

    beacon(client, article, ip="198.51.100.1")

    assert views_of(article) == 2


def test_the_limit_slides_across_the_minute_boundary(client, make_article, settings):
    settings.VIEW_RATE_LIMIT = 4
    articles = [make_article(published_at=LONG_AGO) for _ in range(8)]
    end_of_minute = datetime(2026, 5, 4, 10, 0, 59, tzinfo=UTC)
    with time_machine.travel(end_of_minute, tick=False):
        before = [beacon(client, article).status_code for article in articles[:4]]
    with time_machine.travel(end_of_minute + timedelta(seconds=2), tick=False):
        after = [beacon(client, article).status_code for article in articles[4:]]

    assert before == [204, 204, 204, 204]
    assert after == [429, 429, 429, 429]


def test_the_limit_holds_for_a_whole_network(client, make_article, settings):
    settings.VIEW_RATE_LIMIT_PER_NETWORK = 3
    articles = [make_article(published_at=LONG_AGO) for _ in range(4)]
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=UTC), tick=False):
        statuses = [
            beacon(client, article, ip=f"203.0.113.{n}").status_code
            for n, article in enumerate(articles, start=1)
        ]
        elsewhere = beacon(client, articles[0], ip="198.51.100.1").status_code

    assert statuses == [204, 204, 204, 429]
    assert elsewhere == 204


def test_with_redis_down_a_reader_still_counts_once(client, article, cache_down):
    for _ in range(3):
        assert beacon(client, article).status_code == 204

    assert views_of(article) == 1
    assert outcomes() == {BeaconOutcome.COUNTED: 1, BeaconOutcome.DUPLICATE: 2}


def test_with_redis_down_the_rate_limit_still_holds(
    client, make_article, cache_down, settings
):
    settings.VIEW_RATE_LIMIT = 2
    articles = [make_article(published_at=LONG_AGO) for _ in range(3)]

    statuses = [beacon(client, article).status_code for article in articles]

    assert statuses == [204, 204, 429]


@pytest.mark.parametrize(
    ("origin", "is_ours"),
    [
        ("https://news.example.com", True),
        ("https://news.example.com:443", True),
        ("https://news.example.com:8443", False),
        ("http://news.example.com", False),
        ("https://www.example.com", True),
        ("https://www.example.com:8443", False),
    ],
)
def test_same_site_compares_scheme_host_and_port(settings, origin, is_ours):
    settings.ALLOWED_HOSTS = [".example.com"]
    settings.SITE_URL = "https://news.example.com"
    request = RequestFactory().post(
        "/", headers={"Origin": origin}, HTTP_HOST="news.example.com", secure=True
    )

    assert is_same_site(request) is is_ours
