"""With Redis as the shared cache and Redis down, readers still get every page."""

import socket
import threading

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from common.cache import PAUSE_SECONDS


def test_cache_calls_answer_as_an_empty_cache(cache_down):
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is True
    assert cache.incr("counter") == 1
    assert cache.get_or_set("version", lambda: 42) == 42
    cache.set("key", 1)
    assert cache.get_many(["key"]) == {}


def test_reader_pages_render_from_the_database(client, cache_down, make_article):
    article = make_article(title="Outage-proof story", tags=["chips"])

    for url in (
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        reverse("articles:tag", args=["chips"]),
        "/search/?q=outage",
        "/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Outage-proof story" in response.text, url


def test_view_beacon_still_counts(client, cache_down, make_article):
    article = make_article()

    response = client.post(
        reverse("readership:view", args=[article.slug]),
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 204
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_newsletter_signup_still_answers(client, db, cache_down, mailoutbox):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/",
            {"email": "reader@example.org", "consent": "on"},
            HTTP_ORIGIN="http://testserver",
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1


@pytest.fixture
def hanging_redis(settings):
    """Point the default cache at a server that accepts connections and never answers.

    Yields the list of connections it accepted.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield accepted
    # shutdown() wakes the blocked accept(); close() alone would not.
    listener.shutdown(socket.SHUT_RDWR)
    listener.close()
    thread.join()
    for connection in accepted:
        connection.close()


def test_a_hanging_redis_is_asked_once_then_left_alone(hanging_redis, time_machine):
    time_machine.move_to("2026-03-02 12:00:00Z", tick=False)

    for _ in range(20):
        assert cache.get("page") is None

    assert len(hanging_redis) == 1


def test_a_paused_redis_is_tried_again_after_the_pause(hanging_redis, time_machine):
    time_machine.move_to("2026-03-02 12:00:00Z", tick=False)
    cache.get("page")
    time_machine.shift(PAUSE_SECONDS + 1)

    cache.get("page")

    assert len(hanging_redis) == 2


def test_counters_hold_in_the_process_while_redis_is_down(cache_down):
    assert cache.add("seen", 1, 60) is True
    assert cache.add("seen", 1, 60) is False
    cache.add("rate", 0, 60)
    assert [cache.incr("rate") for _ in range(3)] == [1, 2, 3]


def test_newsletter_signups_stay_rate_limited(client, db, cache_down, settings):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 2

    statuses = [
        client.post(
            "/newsletter/subscribe/",
            {"email": f"reader{n}@example.org", "consent": "on"},
            HTTP_ORIGIN="http://testserver",
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_beacons_count_through_a_hanging_redis_with_one_wait(
    client, make_article, hanging_redis, settings, time_machine
):
    time_machine.move_to("2026-03-02 12:00:00Z", tick=False)
    settings.VIEW_BUFFER = "redis"
    article = make_article()

    for n in range(5):
        response = client.post(
            reverse("readership:view", args=[article.slug]),
            REMOTE_ADDR=f"198.51.100.{n}",
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
            HTTP_ORIGIN="http://testserver",
        )
        assert response.status_code == 204

    assert Article.objects.get(pk=article.pk).view_count == 5
    assert len(hanging_redis) == 1
