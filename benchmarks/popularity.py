"""Time the "most viewed" queries on PostgreSQL: 50,000 articles, 2,000,000 buckets.

Fills a database of its own (BENCH_DATABASE_URL, by default newsroom_bench on the local
server; it is created if missing and must have "bench" in its name, because its
tables are emptied), then times each ranking as the widget runs it: the median of
--runs runs after one warm-up. The 7-day query is timed again without its index
(dropped, then put back), and EXPLAIN ANALYZE shows both plans.

    make bench-popularity
    DEBUG=1 .venv/bin/python benchmarks/rankings.py --runs 50 --refill
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import environ
import psycopg

ARTICLES = 50_000
DAILY_BUCKETS = 2_000_000
# Articles were published over this many days up to now.
ARCHIVE_DAYS = 730
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
INDEX = "daily_views_day_idx"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="timed runs per query")
    parser.add_argument(
        "--refill", action="store_true", help="empty and fill the tables again"
    )
    return parser.parse_args()


def ensure_database(url):
    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to fill {name!r}: the benchmark database needs 'bench'.")
    server = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            server.execute(f'CREATE DATABASE "{name}"')


def spans(ages):
    """Give each article a run of daily buckets from its publication, 2,000,000 in all.

    Every article gets the same number of days where its age allows, and the few
    left over go one each to articles old enough to take them.
    """
    length = 1
    while sum(min(length + 1, age + 1) for age in ages) <= DAILY_BUCKETS:
        length += 1
    result = [min(length, age + 1) for age in ages]
    spare = DAILY_BUCKETS - sum(result)
    for index, age in enumerate(ages):
        if spare and age + 1 > length:
            result[index] += 1
            spare -= 1
    return result


def fill(rng, now):
    from django.db import connection

    from articles.models import Article, Category, Status
    from demo import vocabulary, writing
    from readership.models import DailyViews, HourlyViews

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_category, readership_dailyviews, "
            "readership_hourlyviews RESTART IDENTITY CASCADE"
        )
    categories = Category.objects.bulk_create(
        Category(name=name, slug=name.lower(), position=n)
        for n, (name, _) in enumerate(vocabulary.CATEGORIES)
    )
    ages = [rng.randrange(ARCHIVE_DAYS) for _ in range(ARTICLES)]

    def article(n, age):
        # The demo site's words, so rows are as wide as a real archive's.
        category = rng.choice(categories)
        writer = writing.Writer(rng, category.name)
        return Article(
            title=writer.headline(),
            slug=f"benchmark-story-{n}",
            dek=writer.dek(),
            body=writer.body([]),
            category=category,
            # One in twenty is a draft, with views from before it was pulled.
            status=Status.DRAFT if n % 20 == 0 else Status.PUBLISHED,
            published_at=now - timedelta(days=age, minutes=rng.randrange(24 * 60)),
        )

    articles = Article.objects.bulk_create(
        (article(n, age) for n, age in enumerate(ages)), batch_size=2000
    )
    today = now.date()
    hourly = {}
    totals = {}
    with connection.cursor() as cursor:
        copy_sql = "COPY readership_dailyviews (article_id, day, count) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for article, age, span in zip(articles, ages, spans(ages), strict=True):
                peak = rng.lognormvariate(6, 1)
                first = today - timedelta(days=age)
                for offset in range(span):
                    count = max(1, round(peak * 0.6**offset * rng.uniform(0.7, 1.3)))
                    day = first + timedelta(days=offset)
                    copy.write_row((article.pk, day, count))
                    totals[article.pk] = totals.get(article.pk, 0) + count
                    if (today - day).days < 3:
                        split_into_hours(rng, article.pk, day, count, now, hourly)
        copy_sql = "COPY readership_hourlyviews (article_id, hour, count) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for (article_id, hour), count in hourly.items():
                copy.write_row((article_id, hour, count))
        cursor.execute(
            "UPDATE articles_article SET view_count = t.total FROM "
            "unnest(%s::bigint[], %s::bigint[]) AS t(id, total) "
            "WHERE articles_article.id = t.id",
            [list(totals), list(totals.values())],
        )
    assert DailyViews.objects.count() == DAILY_BUCKETS
    return HourlyViews.objects.count()


def split_into_hours(rng, article_id, day, count, now, hourly):
    start = datetime.combine(day, datetime.min.time(), UTC)
    hours = [
        start + timedelta(hours=n)
        for n in range(24)
        if start + timedelta(hours=n) <= now
    ]
    for _ in range(min(count, 200)):
        key = (article_id, rng.choice(hours))
        hourly[key] = hourly.get(key, 0) + max(1, count // 200)


def median_ms(query, runs):
    query()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main():
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from readership import rankings
    from readership.models import DailyViews, HourlyViews

    call_command("migrate", verbosity=0)
    filled = (
        Article.objects.count() == ARTICLES
        and DailyViews.objects.count() == DAILY_BUCKETS
    )
    if args.refill or not filled:
        started = time.perf_counter()
        fill(random.Random(1), datetime.now(UTC))
        print(f"Filled in {time.perf_counter() - started:.0f} s.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE readership_dailyviews")
        cursor.execute("VACUUM ANALYZE readership_hourlyviews")
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    window_start = datetime.now(UTC).date() - timedelta(days=6)
    print(
        f"PostgreSQL {version}: {Article.objects.count():,} articles, "
        f"{DailyViews.objects.count():,} daily buckets "
        f"({DailyViews.objects.filter(day__gte=window_start).count():,} in the "
        f"last 7 days), {HourlyViews.objects.count():,} hourly buckets; "
        f"median of {args.runs} runs.\n"
    )

    def rank(window):
        return lambda: rankings.most_viewed(window, 10)

    queries = {f"most_viewed({w!r}, 10)": rank(w) for w in rankings.WINDOWS}
    queries["trending(10)"] = lambda: rankings.trending(10)
    print("| query | median |\n| --- | ---: |")
    medians = {}
    for name, query in queries.items():
        medians[name] = median_ms(query, args.runs)
        print(f"| `{name}` | {medians[name]:.1f} ms |")

    seven_days = rankings.ranked("7d").select_related("category")[:10]
    with_index = medians["most_viewed('7d', 10)"]
    plan_with = seven_days.explain(analyze=True, buffers=True)
    index = next(i for i in DailyViews._meta.indexes if i.name == INDEX)
    with connection.schema_editor() as editor:
        editor.remove_index(DailyViews, index)
    try:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE readership_dailyviews")
        without_index = median_ms(rank("7d"), args.runs)
        plan_without = seven_days.explain(analyze=True, buffers=True)
    finally:
        with connection.schema_editor() as editor:
            editor.add_index(DailyViews, index)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE readership_dailyviews")
    print(
        f"\n7-day query with {INDEX}: {with_index:.1f} ms; without it: "
        f"{without_index:.1f} ms ({without_index / with_index:.1f}x slower).\n"
    )
    print(f"EXPLAIN ANALYZE with {INDEX}:\n{plan_with}\n")
    print(f"EXPLAIN ANALYZE without {INDEX}:\n{plan_without}")


if __name__ == "__main__":
    main()
