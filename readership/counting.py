"""Count article views sent by the page's beacon: once per reader, never for bots.

A reader is a keyed hash of IP address and User-Agent whose key changes every UTC
day; raw addresses are never stored. Dedup and rate-limit state lives in the shared
cache. Counts go into hourly and daily buckets and the article's total, added in the
database with upserts, or into a Redis hash that flush_buffer() moves in batches.
"""

import functools
import logging
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import redis
from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, PositiveBigIntegerField, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac

from articles.models import Article
from common.cache import breaker
from common.http import (
    MAX_HEADER_LENGTH,
    client_ip,
    client_network,
    client_wider_network,
    is_over_limit,
    is_same_site,
)

from .models import (
    BeaconOutcome,
    DailyViews,
    FlushBatch,
    HourlyViews,
    ViewStat,
)

logger = logging.getLogger(__name__)

HOURLY_RETENTION = timedelta(hours=72)
# Long enough for any leftover batch to be retried by a later flush.
FLUSH_BATCH_RETENTION = timedelta(days=7)
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
PREFETCH_PURPOSES = ("prefetch", "prerender", "preview")
# Rows per upsert statement, well under SQLite's limit on parameters.
CHUNK = 500
# A buffer that does not answer this fast is treated as down.
BUFFER_TIMEOUT = 0.5

# Compiles the maintained crawler list once per process; is_crawler() also records
# the match on the instance, which nothing here reads.
crawlers = CrawlerDetect()
# Crawler detection costs grow with the square of a User-Agent's length: 256
# characters hold every real browser's and cost milliseconds, 8,000 cost seconds.
MAX_USER_AGENT = MAX_HEADER_LENGTH


def record_beacon(request, slug):
    """Count or drop one beacon for the article at slug; return the HTTP status."""
    now = timezone.now()
    if is_rate_limited(request):
        store(BeaconOutcome.RATE_LIMITED, now)
        return 429
    if outcome := refusal(request):
        store(outcome, now)
        return 204
    article_id = (
        Article.objects.published().filter(slug=slug).values_list("pk", flat=True)
    ).first()
    if article_id is None:
        return 404
    if not is_first_view(request, article_id, now):
        store(BeaconOutcome.DUPLICATE, now)
    elif is_over_article_cap(request, article_id):
        store(BeaconOutcome.CAPPED, now)
    else:
        store(BeaconOutcome.COUNTED, now, article_id=article_id)
    return 204


def refusal(request):
    """Return why a beacon must not count whatever the article, or None."""
    if any(
        request.headers.get(header, "").strip().lower().startswith(PREFETCH_PURPOSES)
        for header in PREFETCH_HEADERS
    ):
        return BeaconOutcome.PREFETCH
    if not is_same_site(request):
        return BeaconOutcome.CROSS_SITE
    user_agent = user_agent_of(request)
    if not user_agent or is_crawler(user_agent):
        return BeaconOutcome.BOT
    if request.user.is_staff:
        return BeaconOutcome.STAFF
    return None


def user_agent_of(request):
    return request.headers.get("User-Agent", "")[:MAX_USER_AGENT].strip()


@functools.lru_cache(maxsize=4096)
def is_crawler(user_agent):
    """Tell whether the User-Agent is a crawler's, remembering recent answers.

    The LRU cache keys on the string's hash, so a browser seen before costs a lookup.
    """
    return crawlers.is_crawler(user_agent)


def reader_id(request, day):
    """Return the reader's hash of address and browser under day's key."""
    value = f"{client_ip(request)}\n{user_agent_of(request)}"
    salt = f"articles.counting.reader.{day.isoformat()}"
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:32]


def seen_key(article_id, reader):
    return f"views:seen:{article_id}:{reader}"


def is_first_view(request, article_id, now):
    """Remember this reader's view of the article; tell if none came in the window."""
    window = settings.VIEW_DEDUP_SECONDS
    today = day_of(now)
    midnight = datetime.combine(today, datetime.min.time(), UTC)
    # The key changed at midnight, and yesterday's view still holds for the window.
    if (now - midnight).total_seconds() < window:
        yesterday = reader_id(request, today - timedelta(days=1))
        if cache.get(seen_key(article_id, yesterday)) is not None:
            return False
    return cache.add(seen_key(article_id, reader_id(request, today)), 1, window)


def is_rate_limited(request):
    """Count a beacon from this client and its network; tell if either went over.

    Both are counted whatever the outcome, so a client already over its own limit
    still uses up its network's.
    """
    client = is_over_limit(
        "articles.views",
        client_network(request),
        limit=settings.VIEW_RATE_LIMIT,
        window=60,
    )
    network = is_over_limit(
        "articles.views.network",
        client_wider_network(request),
        limit=settings.VIEW_RATE_LIMIT_PER_NETWORK,
        window=60,
    )
    return client or network


def is_over_article_cap(request, article_id):
    """Count a new view of the article from the client's network this hour; tell if
    it went over the cap.

    Changing User-Agent makes a new reader to dedup, so one machine could count
    views at its full rate limit; the cap bounds what a network adds to one article.
    """
    return is_over_limit(
        "articles.views.article",
        f"{article_id}:{client_wider_network(request)}",
        limit=settings.VIEW_CAP_PER_ARTICLE_NETWORK,
        window=3600,
    )


def store(outcome, now, *, article_id=None):
    """Record the beacon's outcome, and the view when article_id is given."""
    # The cache's circuit breaker covers the buffer too: it is the same Redis, and
    # a hanging one would cost a timeout on every beacon.
    if settings.VIEW_BUFFER == "redis" and not breaker.is_open(settings.REDIS_URL):
        try:
            buffer_beacon(outcome, now, article_id)
            return
        except redis.RedisError as error:
            breaker.trip(settings.REDIS_URL)
            logger.warning(
                "View buffer unreachable, writing to the database: %s", error
            )
    views = Counter({(article_id, hour_of(now)): 1} if article_id else {})
    write(views, Counter({(day_of(now), str(outcome)): 1}))


def hour_of(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_of(moment):
    return moment.astimezone(UTC).date()


def write(views, outcomes):
    """Add views per (article id, hour) and beacons per (day, outcome) in one go."""
    daily, totals = Counter(), Counter()
    for (article_id, hour), count in views.items():
        daily[article_id, hour.date()] += count
        totals[article_id] += count
    # Rows are locked in one order (hours, days, articles, stats) by every writer,
    # so concurrent writers wait for each other instead of deadlocking.
    with transaction.atomic():
        add_counts(HourlyViews, ["article", "hour"], views)
        add_counts(DailyViews, ["article", "day"], daily)
        add_to_totals(totals)
        add_counts(ViewStat, ["day", "outcome"], outcomes)


def add_counts(model, key_names, counts):
    """Add each count to the model's row for its key, creating the row if new."""
    if not counts:
        return
    fields = [model._meta.get_field(name) for name in key_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    keys = ", ".join(quote(field.column) for field in fields)
    count = quote("count")
    row = f"({', '.join(['%s'] * (len(fields) + 1))})"
    items = sorted(counts.items())
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        params = []
        for key, added in chunk:
            params.extend(
                field.get_db_prep_value(value, connection)
                for field, value in zip(fields, key, strict=True)
            )
            params.append(added)
        # An upsert adds in the database, so concurrent writers never lose a count;
        # PostgreSQL and SQLite (3.24+) share this syntax.
        sql = (
            f"INSERT INTO {table} ({keys}, {count}) VALUES "
            f"{', '.join([row] * len(chunk))} ON CONFLICT ({keys}) "
            f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def add_to_totals(totals):
    """Add views to each article's total with an UPDATE, which fires no signals."""
    items = sorted(totals.items())
    for start in range(0, len(items), CHUNK):
        chunk = dict(items[start : start + CHUNK])
        added = Case(
            *(When(pk=pk, then=Value(count)) for pk, count in chunk.items()),
            output_field=PositiveBigIntegerField(),
        )
        Article.objects.filter(pk__in=chunk).update(view_count=F("view_count") + added)


@functools.cache
def buffer_client(url):
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=BUFFER_TIMEOUT,
        socket_timeout=BUFFER_TIMEOUT,
        decode_responses=True,
    )


def buffer_keys():
    """Return the live hash's key and the prefix of hashes being flushed."""
    base = settings.VIEW_BUFFER_KEY
    return f"{base}:live", f"{base}:flushing:"


def buffer_beacon(outcome, now, article_id):
    live, _ = buffer_keys()
    with buffer_client(settings.REDIS_URL).pipeline() as pipe:
        if article_id:
            pipe.hincrby(live, f"v:{article_id}:{int(hour_of(now).timestamp())}", 1)
        pipe.hincrby(live, f"s:{day_of(now).isoformat()}:{outcome}", 1)
        pipe.execute()


def flush_buffer():
    """Move every buffered count into the database; return how many views moved.

    The live hash is renamed to a batch key first, so new beacons start a fresh
    hash. A batch key is deleted only after its counts are committed, along with
    its batch id: a flush that died leaves its key for the next run, which applies
    it unless the id shows it was already applied.
    """
    client = buffer_client(settings.REDIS_URL)
    live, prefix = buffer_keys()
    # Batch keys sort by creation, so leftovers go first, in order.
    batches = sorted(client.scan_iter(match=f"{prefix}*"))
    batch = f"{prefix}{time.time_ns():020}-{uuid.uuid4().hex}"
    try:
        client.rename(live, batch)
    except redis.ResponseError:
        pass  # Nothing was buffered since the last flush.
    else:
        batches.append(batch)
    moved = 0
    for key in batches:
        moved += apply_batch(key.removeprefix(prefix), client.hgetall(key))
        client.delete(key)
    return moved


def apply_batch(batch_id, fields):
    """Write one batch's counts unless it was applied before; return its views."""
    views, outcomes = Counter(), Counter()
    for field, value in fields.items():
        kind, first, second = field.split(":")
        if kind == "v":
            hour = datetime.fromtimestamp(int(second), UTC)
            views[int(first), hour] += int(value)
        else:
            outcomes[date.fromisoformat(first), second] += int(value)
    with transaction.atomic():
        try:
            with transaction.atomic():
                FlushBatch.objects.create(batch_id=batch_id)
        except IntegrityError:
            return 0
        # Views of articles deleted since they were counted have nowhere to go.
        existing = set(
            Article.objects.filter(
                pk__in={article_id for article_id, _ in views}
            ).values_list("pk", flat=True)
        )
        views = Counter({key: n for key, n in views.items() if key[0] in existing})
        write(views, outcomes)
    return views.total()


def prune(now=None):
    """Delete hourly buckets past retention (their days hold them) and old batch ids."""
    now = now or timezone.now()
    hours, _ = HourlyViews.objects.filter(hour__lt=now - HOURLY_RETENTION).delete()
    FlushBatch.objects.filter(applied_at__lt=now - FLUSH_BATCH_RETENTION).delete()
    return hours
