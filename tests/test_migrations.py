"""Databases from before the readership app migrate forward with every row kept."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from readership.models import DailyViews, FlushBatch, HourlyViews, ViewStat

LAST_BEFORE_READERSHIP = ("articles", "0004_view_counting")
DAY = dt.date(2026, 11, 20)
HOUR = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


@pytest.fixture
def old_apps(transactional_db):
    """Migrate back to before the readership app; forward again afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate([LAST_BEFORE_READERSHIP, ("readership", None)])
    yield executor.loader.project_state([LAST_BEFORE_READERSHIP]).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_view_counting_rows_move_to_the_readership_app(old_apps):
    old = old_apps
    article = old.get_model("articles", "Article").objects.create(
        title="Fab opens",
        slug="fab-opens",
        category=old.get_model("articles", "Category").objects.create(
            name="Chips", slug="chips"
        ),
        status="published",
        view_count=12,
    )
    old.get_model("articles", "DailyViews").objects.create(
        article=article, day=DAY, count=12
    )
    old.get_model("articles", "HourlyViews").objects.create(
        article=article, hour=HOUR, count=5
    )
    old.get_model("articles", "ViewStat").objects.create(
        day=DAY, outcome="counted", count=12
    )
    old.get_model("articles", "FlushBatch").objects.create(batch_id="batch-1")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Article.objects.get().view_count == 12
    assert list(DailyViews.objects.values_list("article_id", "day", "count")) == [
        (article.pk, DAY, 12)
    ]
    assert list(HourlyViews.objects.values_list("hour", "count")) == [(HOUR, 5)]
    assert list(ViewStat.objects.values_list("outcome", "count")) == [("counted", 12)]
    assert FlushBatch.objects.get().batch_id == "batch-1"
    tables = connection.introspection.table_names()
    assert "readership_dailyviews" in tables
    assert "articles_dailyviews" not in tables
