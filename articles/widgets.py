"""Sidebar widgets rendered once and shared by every page that shows them.

A widget ("Latest", "Most viewed") lists the same articles on every page except
the one page about an article it lists. So each list is fetched with one article
to spare, each item is rendered to HTML once, and the items are kept in the shared
cache under the site's content version; a page drops its own article and joins
the rest, for a cache read per widget and no query.
"""

from django.core.cache import cache
from django.template.loader import render_to_string

from .content_version import content_version, seconds_until_next_change

ITEM_TEMPLATE = "partials/widget_item.html"


def shared_items(name, articles, seconds, **options):
    """Return [(pk, html)] for articles(), rendered once per content version."""
    return shared(
        f"widgets:{name}",
        lambda: [
            (
                article.pk,
                render_to_string(ITEM_TEMPLATE, {"article": article, **options}),
            )
            for article in articles()
        ],
        seconds,
    )


def shared(name, compute, seconds):
    """Return compute(), computed once per content version by any process.

    The value is kept for seconds, cut short to end when scheduled content changes.
    """
    key = f"{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        next_change = seconds_until_next_change()
        if next_change is not None:
            seconds = min(seconds, next_change)
        cache.set(key, value, seconds)
    return value


def without(items, exclude, count):
    """Return the HTML of the first count items, leaving out exclude's."""
    # An unset template variable arrives as "", so test truthiness, not None.
    skip = exclude.pk if exclude else None
    return [html for pk, html in items if pk != skip][:count]
