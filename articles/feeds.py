from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import get_text_list

from common.links import absolute_url

from .models import Article, Byline

FEED_SIZE = 30


class ArticleFeed(Feed):
    """The latest published articles, newest first, with absolute SITE_URL links.

    With a listing (articles.listings), the feed of one section, topic or author.
    """

    def __init__(self, listing=None):
        self.listing = listing

    def get_object(self, request, slug=None):
        return self.listing.get_subject(slug) if self.listing else None

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}" if obj else settings.SITE_NAME

    def description(self, obj):
        if obj:
            return self.listing.describe(obj)
        return f"The latest stories from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(self.listing.url(obj) if obj else reverse("home"))

    def feed_url(self, obj):
        url = self.listing.feed_url(obj) if obj else reverse("articles:feed")
        return absolute_url(url)

    def items(self, obj):
        articles = self.listing.articles(obj) if obj else Article.objects.published()
        return articles.select_related("category").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )[:FEED_SIZE]

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
