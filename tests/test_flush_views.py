"""Buffered view counts in Redis, flush_views, and pruning of old hourly buckets."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.tasks import TaskResultStatus
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from readership import counting
from readership.models import (
    BeaconOutcome,
    DailyViews,
    FlushBatch,
    HourlyViews,
    ViewStat,
)
from readership.tasks import flush_views

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
NOW = datetime(2026, 5, 14, 12, 30, tzinfo=UTC)


@pytest.fixture
def view_buffer(settings, redis_server):
    """Buffer views in the real Redis under keys of this test's own."""
    settings.VIEW_BUFFER = "redis"
    settings.REDIS_URL = redis_server.url
    settings.VIEW_BUFFER_KEY = redis_server.prefix
    return redis_server.client


@pytest.fixture
def redis_down(settings, dead_redis_url):
    """Point the buffer at a port where no Redis listens."""
    settings.VIEW_BUFFER = "redis"
    settings.REDIS_URL = dead_redis_url
    settings.VIEW_BUFFER_KEY = "test:views"


@pytest.fixture
def articles(make_article):
    return [
        make_article(published_at=datetime(2020, 1, 1, tzinfo=UTC)) for _ in range(3)
    ]


def buffered_keys(view_buffer, settings):
    # This test's own keys only: other test runs may share the Redis server.
    return list(view_buffer.scan_iter(match=f"{settings.VIEW_BUFFER_KEY}:*"))


def send(client, article, reader):
    return client.post(
        reverse("readership:view", kwargs={"slug": article.slug}),
        REMOTE_ADDR=f"198.51.100.{reader}",
        headers={"User-Agent": BROWSER, "Origin": "http://testserver"},
    )


def read_everything(client, articles):
    """Send 3, 2 and 1 readers' views and one duplicate."""
    for n, article in enumerate(articles):
        for reader in range(len(articles) - n):
            assert send(client, article, reader).status_code == 204
    send(client, articles[0], 0)


def totals(articles):
    for article in articles:
        article.refresh_from_db()
    return {
        "articles": [article.view_count for article in articles],
        "hourly": HourlyViews.objects.aggregate(total=Sum("count"))["total"],
        "daily": DailyViews.objects.aggregate(total=Sum("count"))["total"],
        "outcomes": dict(ViewStat.objects.values_list("outcome", "count")),
    }


EXPECTED = {
    "articles": [3, 2, 1],
    "hourly": 6,
    "daily": 6,
    "outcomes": {BeaconOutcome.COUNTED: 6, BeaconOutcome.DUPLICATE: 1},
}


def test_buffered_views_reach_the_database_only_when_flushed(
    client, articles, view_buffer, settings
):
    read_everything(client, articles)
    assert totals(articles)["articles"] == [0, 0, 0]
    assert not HourlyViews.objects.exists() and not ViewStat.objects.exists()

    call_command("flush_views", stdout=io.StringIO())

    assert totals(articles) == EXPECTED
    assert not buffered_keys(view_buffer, settings)


def test_flush_writes_in_a_few_statements_whatever_the_number_of_articles(
    client, make_article, view_buffer
):
    published_at = datetime(2020, 1, 1, tzinfo=UTC)
    many = [make_article(published_at=published_at) for _ in range(12)]
    for article in many:
        send(client, article, 1)

    with CaptureQueriesContext(connection) as queries:
        assert counting.flush_buffer() == 12

    statements = [
        query["sql"].split()[0]
        for query in queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    # batch id, existing articles, hourly upsert, daily upsert, article totals,
    # outcome upsert
    assert statements == ["INSERT", "SELECT", "INSERT", "INSERT", "UPDATE", "INSERT"]
    assert totals(many)["articles"] == [1] * 12


def test_a_flush_that_dies_before_committing_is_redone(
    client, articles, view_buffer, monkeypatch
):
    read_everything(client, articles)
    real_write = counting.write

    def die_midway(views, outcomes):
        counting.add_counts(HourlyViews, ["article", "hour"], views)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(counting, "write", die_midway)
    with pytest.raises(RuntimeError):
        counting.flush_buffer()
    assert not HourlyViews.objects.exists()
    # Views keep coming while the flush is down.
    send(client, articles[2], 9)

    monkeypatch.setattr(counting, "write", real_write)
    assert counting.flush_buffer() == 7

    expected = {**EXPECTED, "articles": [3, 2, 2], "hourly": 7, "daily": 7}
    expected["outcomes"] = {BeaconOutcome.COUNTED: 7, BeaconOutcome.DUPLICATE: 1}
    assert totals(articles) == expected


def test_a_flush_that_dies_after_committing_is_not_applied_twice(
    client, articles, view_buffer, monkeypatch, settings
):
    read_everything(client, articles)

    def lost_connection(self, *keys):
        raise redis.ConnectionError("connection lost")

    monkeypatch.setattr(redis.Redis, "delete", lost_connection)
    with pytest.raises(redis.ConnectionError):
        counting.flush_buffer()
    assert totals(articles) == EXPECTED
    monkeypatch.undo()

    assert counting.flush_buffer() == 0

    assert totals(articles) == EXPECTED
    assert FlushBatch.objects.count() == 1
    assert not buffered_keys(view_buffer, settings)


def test_flushing_an_empty_buffer_changes_nothing(articles, view_buffer):
    assert counting.flush_buffer() == 0

    assert not FlushBatch.objects.exists()


def test_views_of_a_deleted_article_are_dropped_by_the_flush(
    client, articles, view_buffer
):
    read_everything(client, articles)
    articles[2].delete()

    assert counting.flush_buffer() == 5

    assert HourlyViews.objects.aggregate(total=Sum("count"))["total"] == 5


def test_with_redis_down_views_are_written_directly_and_pages_work(
    client, articles, redis_down
):
    page = client.get(articles[0].get_absolute_url())
    assert page.status_code == 200

    read_everything(client, articles)

    assert totals(articles) == EXPECTED


def test_flush_views_says_when_redis_is_down(db, redis_down):
    with pytest.raises(CommandError, match="unreachable"):
        call_command("flush_views")


def test_flush_prunes_hourly_buckets_past_72_hours_and_keeps_days(articles, settings):
    settings.VIEW_BUFFER = "off"
    hour = NOW.replace(minute=0)
    for hours_ago in [73, 71]:
        moment = hour - timedelta(hours=hours_ago)
        counting.store(BeaconOutcome.COUNTED, moment, article_id=articles[0].pk)
    for batch_id, days_ago in [("old", 8), ("recent", 6)]:
        with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
            FlushBatch.objects.create(batch_id=batch_id)

    with time_machine.travel(NOW, tick=False):
        call_command("flush_views", stdout=io.StringIO())

    assert list(HourlyViews.objects.values_list("hour", flat=True)) == [
        hour - timedelta(hours=71)
    ]
    assert DailyViews.objects.aggregate(total=Sum("count"))["total"] == 2
    assert list(FlushBatch.objects.values_list("batch_id", flat=True)) == ["recent"]


def test_a_task_worker_can_run_the_flush(articles, view_buffer):
    with time_machine.travel(NOW, tick=False):
        counting.store(BeaconOutcome.COUNTED, NOW, article_id=articles[0].pk)
        result = flush_views.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"moved": 1, "pruned": 0}
    assert DailyViews.objects.get(article=articles[0]).count == 1


def test_the_worker_flushes_each_round(client, articles, view_buffer, settings):
    read_everything(client, articles)
    output = io.StringIO()

    call_command("flush_views", every=0, rounds=2, stdout=output)

    assert totals(articles) == EXPECTED
    assert output.getvalue().count("buffered views into the database") == 2


def test_the_worker_keeps_going_while_redis_is_down(db, redis_down, caplog):
    call_command("flush_views", every=0, rounds=2, stdout=io.StringIO())

    assert caplog.text.count("The view buffer is unreachable") == 2
