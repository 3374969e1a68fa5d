"""Widgets and filters shared by the reader pages."""

from collections import defaultdict
from datetime import timedelta

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Subquery
from taggit.models import TaggedItem

from articles import widgets
from articles.models import Article, Byline
from articles.queries import any_of
from common.links import absolute_url
from common.renditions import rendition_urls, srcsets

register = template.Library()

# Saving a story right after publishing it (a typo fix) is not an update readers
# need to hear about.
UPDATE_THRESHOLD = timedelta(minutes=30)
# Related stories are the best matches among this many newest sharing a tag.
RELATED_CANDIDATES = 200


def article_widget(title, slug, articles, exclude, count, **options):
    """Return a widget of articles' first count, without the page's own article."""
    items = widgets.shared_items(
        f"{slug}:{count}",
        # One to spare, for the page whose own article is on the list.
        lambda: articles.select_related("category").defer("body")[: count + 1],
        settings.PAGE_CACHE_SECONDS,
        **options,
    )
    return {
        "title": title,
        "slug": slug,
        "items": widgets.without(items, exclude, count),
    }


@register.inclusion_tag("partials/widget_list.html")
def latest_articles(count=5, exclude=None):
    articles = Article.objects.published()
    return article_widget("Latest", "latest", articles, exclude, count, show_time=True)


@register.inclusion_tag("partials/widget_list.html")
def editors_picks(count=5, exclude=None):
    articles = Article.objects.editors_picks()
    return article_widget(
        "Don't miss", "dont-miss", articles, exclude, count, show_image=True
    )


@register.inclusion_tag("partials/author_boxes.html")
def author_boxes(article, count=4):
    """Show a box per author with their `count` latest other published articles."""
    authors = article.byline_authors
    more = defaultdict(list)
    if authors:
        # One query for every author; each author's newest stories come from the
        # index on publish time, so the work stays flat however big the archive.
        others = (
            Article.objects.published()
            .exclude(pk=article.pk)
            .order_by("-published_at", "-pk")
            .values("pk")
        )
        newest = any_of(
            [others.filter(bylines__author=author)[:count] for author in authors],
            field="article",
        )
        bylines = (
            Byline.objects.filter(newest, author__in=authors)
            .select_related("article__category")
            .order_by("author_id", "-article__published_at", "-article_id")
        )
        for byline in bylines:
            # A story by two of the authors can be among one's newest only.
            if len(more[byline.author_id]) < count:
                more[byline.author_id].append(byline.article)
    return {"boxes": [(author, more[author.pk]) for author in authors]}


@register.inclusion_tag("partials/related_articles.html")
def related_articles(article, count=4):
    """Show the recent published articles sharing the most tags with article."""
    tags = article.tags.all()
    on_tags = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=OuterRef("pk"),
        tag__in=tags,
    )
    # Only the newest stories on any of the tags compete, found with EXISTS so that
    # PostgreSQL reads articles newest first and stops at the limit; each one's
    # shared tags are then counted on its own, never by joining every story on
    # those tags. The work stays flat however big the archive grows.
    candidates = (
        Article.objects.published()
        .filter(Exists(on_tags))
        .exclude(pk=article.pk)
        .order_by("-published_at")
        .values("pk")[:RELATED_CANDIDATES]
    )
    shared_tags = on_tags.values("object_id").annotate(n=Count("pk")).values("n")
    articles = (
        Article.objects.filter(pk__in=candidates)
        .annotate(shared_tags=Subquery(shared_tags))
        .select_related("category")
        .defer("body")
        .order_by("-shared_tags", "-published_at", "-pk")
    )
    return {"articles": articles[:count]}


@register.simple_tag
def hero_srcsets(article):
    return srcsets(article, "hero_image", "hero", (400, 800, 1200), 800)


@register.simple_tag
def rendition_url(instance, source_field, spec):
    """Return the URL of instance's rendition spec of the image in source_field."""
    source = getattr(instance, source_field)
    return rendition_urls(type(instance), source_field, source.name, (spec,))[0]


@register.filter
def was_updated(article):
    """Tell whether article's content was edited well after it went out."""
    return bool(
        article.published_at
        and article.content_modified_at
        and article.content_modified_at - article.published_at > UPDATE_THRESHOLD
    )


register.filter("absolute", absolute_url)
