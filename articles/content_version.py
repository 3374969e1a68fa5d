"""Page-cache invalidation: the site's content version and its scheduled changes.

Cached pages are keyed by the content version kept in the shared cache, so bumping
it retires every cached page in every process at once. Any saved or deleted content
row bumps it, and so does a publishing operation (the domain signals). Scheduled
publish times and the ends of editor's picks are stored too, so that a page cached
before one of them expires when it comes.
"""

import math
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from authors.models import Author

from .models import Article, Byline, Category, Status
from .signals import article_published, article_unpublished

VERSION_KEY = "content:version"
SCHEDULE_KEY = "content:schedule"
# Changes beyond this many are not tracked: pages then fall back to their normal
# lifetime until the next save refreshes the list.
SCHEDULE_LENGTH = 100


def content_version():
    # Starting from the clock means a version evicted from the cache never returns to
    # a number that pages cached earlier were stored under.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def seconds_until_next_change():
    """Return whole seconds until the next scheduled change, or None if unknown."""
    now = time.time()
    upcoming = (moment for moment in cache.get(SCHEDULE_KEY, ()) if moment > now)
    moment = next(upcoming, None)
    return None if moment is None else math.ceil(moment - now)


def upcoming_changes():
    now = timezone.now()
    published = Article.objects.filter(status=Status.PUBLISHED)
    publish_times = (
        published.filter(published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)[:SCHEDULE_LENGTH]
    )
    pick_ends = (
        published.filter(is_editors_pick=True, pick_until__gt=now)
        .order_by("pick_until")
        .values_list("pick_until", flat=True)[:SCHEDULE_LENGTH]
    )
    moments = sorted(moment.timestamp() for moment in [*publish_times, *pick_ends])
    return moments[:SCHEDULE_LENGTH]


def content_changed():
    """Record the new schedule, then retire every cached page."""
    # Schedule first: a request that sees the new version must also see its schedule.
    cache.set(SCHEDULE_KEY, upcoming_changes(), timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        content_version()


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Byline)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=TaggedItem)
@receiver(m2m_changed, sender=Byline)
@receiver([article_published, article_unpublished], sender=Article)
def retire_cached_pages(sender, **kwargs):
    # After commit, so that no process can cache a page rendered from the old rows
    # under the new version.
    transaction.on_commit(content_changed)
