"""Readership widgets for reader pages, and the views chart for the article form."""

from django import template

from readership import charts, rankings

register = template.Library()


def ranked_widget(title, slug, ranking, exclude, count):
    return {
        "title": title,
        "slug": slug,
        "articles": [article for article in ranking if article != exclude][:count],
        "is_ranked": True,
    }


# Each ranks one more than it shows, so the list stays full without the excluded
# article (the one the page is about).
@register.inclusion_tag("partials/widget_list.html")
def most_viewed(count=5, exclude=None, window="7d"):
    ranking = rankings.cached(rankings.most_viewed, window, count + 1)
    return ranked_widget(
        rankings.WINDOWS[window], f"most-viewed-{window}", ranking, exclude, count
    )


@register.inclusion_tag("partials/widget_list.html")
def trending_now(count=5, exclude=None):
    ranking = rankings.cached(rankings.trending, count + 1)
    return ranked_widget("Trending now", "trending", ranking, exclude, count)


@register.simple_tag
def article_views_chart(article):
    return charts.article_chart(article)


@register.simple_tag
def most_read_now(count=5):
    """Return the count articles most read in the last 24 hours, for the desk."""
    return rankings.cached(rankings.most_viewed, "24h", count)
