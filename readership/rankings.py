"""Rank published articles by views in a rolling window, and by how fast they rise.

Every view is in its hour's bucket (kept 72 hours) and in its day's bucket (kept for
good), so each window reads one table: the last 24 hours sum the hourly buckets
that started within them, 7 and 30 days sum the daily buckets of that many UTC days
up to and including today, and all time is the article's total.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django_cte import CTE, with_cte

from articles.content_version import content_version
from articles.models import Article

from .models import DailyViews, HourlyViews

WINDOWS = {
    "24h": "Most viewed in 24 hours",
    "7d": "Most viewed in 7 days",
    "30d": "Most viewed in 30 days",
    "all": "Most viewed of all time",
}
DAYS = {"7d": 7, "30d": 30}
TRENDING_RECENT_HOURS = 3
TRENDING_BASELINE_HOURS = 24
# Added to every baseline (views an hour) so that a story with a handful of views
# and no history does not outrank a real surge.
TRENDING_BASELINE_FLOOR = 5


def ranked(window="7d"):
    """Return published articles viewed in window, most views first, as `views`."""
    now = timezone.now()
    if window == "all":
        return (
            Article.objects.published()
            .filter(view_count__gt=0)
            .annotate(views=F("view_count"))
            .order_by("-views", "-published_at", "-pk")
        )
    if window == "24h":
        buckets = HourlyViews.objects.filter(hour__gt=now - timedelta(hours=24))
    elif window in DAYS:
        first_day = now.astimezone(UTC).date() - timedelta(days=DAYS[window] - 1)
        buckets = DailyViews.objects.filter(day__gte=first_day)
    else:
        raise ValueError(f"Unknown window {window!r}; use one of {', '.join(WINDOWS)}.")
    totals = buckets.values("article_id").annotate(views=Sum("count"))
    return by_rank(totals.order_by("-views"), "views")


def by_rank(totals, rank):
    """Join published articles to per-article totals sorted by rank, best first.

    The totals are summed before any article is read, already in rank order, so
    the database reads articles only until a limit is met (an incremental sort),
    rather than grouping every article viewed in the window.
    """
    cte = CTE(totals, name="totals")
    articles = cte.join(Article.objects.published(), pk=cte.col.article_id).annotate(
        **{name: getattr(cte.col, name) for name in totals.query.annotations}
    )
    return with_cte(cte, select=articles).order_by(f"-{rank}", "-published_at", "-pk")


def most_viewed(window="7d", limit=10):
    """Return the limit most viewed published articles in window, with categories."""
    return list(ranked(window).select_related("category")[:limit])


def trending(limit=10):
    """Return published articles by their views an hour lately over their usual.

    Lately is the current hour's bucket and the two before it, divided by the time
    they span so far; usual is the average of the 24 hourly buckets before those.
    """
    now = timezone.now()
    recent_start = now.astimezone(UTC).replace(
        minute=0, second=0, microsecond=0
    ) - timedelta(hours=TRENDING_RECENT_HOURS - 1)
    baseline_start = recent_start - timedelta(hours=TRENDING_BASELINE_HOURS)
    elapsed_hours = (now - recent_start) / timedelta(hours=1)
    totals = (
        HourlyViews.objects.filter(hour__gte=baseline_start)
        .values("article_id")
        .annotate(
            recent=Sum("count", filter=Q(hour__gte=recent_start)),
            earlier=Sum("count", filter=Q(hour__lt=recent_start), default=0),
        )
        .filter(recent__gt=0)
        .annotate(
            score=Cast("recent", FloatField())
            / elapsed_hours
            / (
                Cast("earlier", FloatField()) / TRENDING_BASELINE_HOURS
                + TRENDING_BASELINE_FLOOR
            )
        )
        .order_by("-score")
    )
    return list(by_rank(totals, "score").select_related("category")[:limit])


def cached(ranking, *args):
    """Return ranking(*args) from the cache, ranking again when content changes."""
    parts = ":".join(str(arg) for arg in args)
    key = f"rankings:{ranking.__name__}:{parts}:{content_version()}"
    return cache.get_or_set(
        key, lambda: ranking(*args), settings.POPULARITY_CACHE_SECONDS
    )
