from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import get_text_list
from taggit.models import Tag

from common.links import absolute_url

from .models import Article, Byline, Category

FEED_SIZE = 30


class ArticleFeed(Feed):
    """The latest published articles, newest first, with absolute SITE_URL links."""

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return f"The latest stories from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(reverse("home"))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed"))

    def items(self, obj):
        return (
            self.articles(obj)
            .select_related("category")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )[:FEED_SIZE]
        )

    def articles(self, obj):
        return Article.objects.published()

    def item_title(self, item):
        # Feed readers show RSS titles as text; the default escapes them twice.
        return item.title

    def item_description(self, item):
        # Feed readers show the description as HTML; the excerpt is plain text.
        return escape(item.excerpt)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return get_text_list([author.name for author in item.byline_authors], "and")

    def item_categories(self, item):
        return [item.category.name, *sorted(tag.name for tag in item.tags.all())]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(
            reverse("articles:category-feed", kwargs={"slug": obj.slug})
        )

    def articles(self, obj):
        return super().articles(obj).filter(category=obj)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return f"Stories about {obj.name}."

    def link(self, obj):
        return absolute_url(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:tag-feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)
