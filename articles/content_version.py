"""Page-cache invalidation: content versions and scheduled changes.

Every cached page is stamped with two versions kept in the shared cache: the
site's, and its own path's. Any saved or deleted content row bumps the site's
version, and so does a publishing operation (the domain signals): every page goes
stale, and is served as it was while one request renders it again, so lists and
widgets catch up within seconds without every worker rendering at once (a page
stored moments before keeps being served for a few seconds, however often editors
save). An article leaving the site (unpublished, taken back, deleted) also records
the moment, and no page stored before it counts as fresh. An edit to an article
bumps its own page's version too, which the page cache never serves past, so the
article's page shows the edit at once. Scheduled publish times and the
ends of editor's picks are stored too, so that a page cached before one of them
expires when it comes. Counting views writes with UPDATE and upserts, which send
no signals, so it never retires a page.
"""

import hashlib
import math
import time

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from authors.models import Author
from common.models import SiteSettings

from .models import Article, Byline, Category, Status
from .signals import article_published, article_unpublished

VERSION_KEY = "content:version"
# When an article last left the site (unpublished or deleted): no page stored
# before then may be served as fresh, however recent.
REMOVED_AT_KEY = "content:removed-at"
SCHEDULE_KEY = "content:schedule"
# Changes beyond this many are not tracked: pages then fall back to their normal
# lifetime until the next save refreshes the list.
SCHEDULE_LENGTH = 100


def content_version():
    # Starting from the clock means a version evicted from the cache never returns to
    # a number that pages cached earlier were stored under.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def page_version_key(path):
    # Hashed: a path may be long or hold spaces and control characters, which some
    # cache servers refuse in keys.
    return f"content:page:{hashlib.sha256(path.encode()).hexdigest()}"


def retire_pages(*paths):
    """Stop serving the cached copies of the pages at paths, in every process."""
    # Any new value will do; the clock never repeats one a page was stored under.
    cache.set_many(
        {page_version_key(path): time.time_ns() for path in paths}, timeout=None
    )


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


def content_removed():
    """Record that an article left the site, then retire every cached page."""
    cache.set(REMOVED_AT_KEY, time.time(), timeout=None)
    content_changed()


def content_changed():
    """Record the new schedule, then retire every cached page."""
    # Schedule first: a request that sees the new version must also see its schedule.
    cache.set(SCHEDULE_KEY, upcoming_changes(), timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        content_version()


def article_paths(article):
    """Return the addresses of article's own page, old slug included."""
    previous = getattr(article, "_previous_slug", None)
    slugs = {article.slug, previous} - {None, ""}
    return [reverse("articles:detail", kwargs={"slug": slug}) for slug in slugs]


@receiver([post_save, post_delete], sender=Article)
@receiver([article_published, article_unpublished], sender=Article)
def retire_article_page(sender, instance=None, article=None, **kwargs):
    paths = article_paths(instance or article)
    transaction.on_commit(lambda: retire_pages(*paths))


@receiver([post_save, post_delete], sender=Byline)
def retire_bylined_page(sender, instance, **kwargs):
    retire_article_pages_on_commit({instance.article_id})


@receiver(m2m_changed, sender=Byline)
def retire_rebylined_pages(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        retire_article_pages_on_commit((pk_set or set()) if reverse else {instance.pk})


@receiver([post_save, post_delete], sender=TaggedItem)
def retire_tagged_page(sender, instance, **kwargs):
    if instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        retire_article_pages_on_commit({instance.object_id})


def retire_article_pages_on_commit(pks):
    """Retire the pages of the articles with pks once the transaction commits."""

    def retire():
        slugs = Article.objects.filter(pk__in=pks).values_list("slug", flat=True)
        retire_pages(*(reverse("articles:detail", kwargs={"slug": s}) for s in slugs))

    transaction.on_commit(retire)


@receiver(post_delete, sender=Article)
@receiver(article_unpublished, sender=Article)
def retire_removed_article(sender, **kwargs):
    transaction.on_commit(content_removed)


@receiver(post_save, sender=Article)
def retire_if_taken_down(sender, instance, **kwargs):
    # A save that takes a live article off the site (back to draft, or to a later
    # publish time) must not leave it listed on any page. _was_live is noted before
    # the save by models.remember_saved_row.
    if getattr(instance, "_was_live", False) and not instance.is_live:
        transaction.on_commit(content_removed)


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Byline)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=TaggedItem)
@receiver(m2m_changed, sender=Byline)
@receiver([article_published, article_unpublished], sender=Article)
# The site's name, logo and footer are on every page.
@receiver([post_save, post_delete], sender=SiteSettings)
def retire_cached_pages(sender, **kwargs):
    # After commit, so that no process can cache a page rendered from the old rows
    # under the new version.
    transaction.on_commit(content_changed)
