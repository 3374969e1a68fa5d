"""Readership widgets for reader pages, and the views chart for the article form."""

from django import template
from django.conf import settings

from articles import widgets
from readership import charts, rankings

register = template.Library()


def ranked_widget(title, slug, ranking, exclude, count):
    items = widgets.shared_items(
        f"{slug}:{count}", ranking, settings.POPULARITY_CACHE_SECONDS
    )
    return {
        "title": title,
        "slug": slug,
        "items": widgets.without(items, exclude, count),
        "is_ranked": True,
    }


# Each ranks one more than it shows, so the list stays full without the excluded
# article (the one the page is about).
@register.inclusion_tag("partials/widget_list.html")
def most_viewed(count=5, exclude=None, window="7d"):
    return ranked_widget(
        rankings.WINDOWS[window],
        f"most-viewed-{window}",
        lambda: rankings.most_viewed(window, count + 1),
        exclude,
        count,
    )


@register.inclusion_tag("partials/widget_list.html")
def trending_now(count=5, exclude=None):
    return ranked_widget(
        "Trending now",
        "trending",
        lambda: rankings.trending(count + 1),
        exclude,
        count,
    )


@register.simple_tag
def article_views_chart(article):
    return charts.article_chart(article)


@register.simple_tag
def most_read_now(count=5):
    """Return the count articles most read in the last 24 hours, for the desk."""
    return rankings.cached(rankings.most_viewed, "24h", count)
