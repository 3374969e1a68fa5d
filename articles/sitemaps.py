from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from authors.models import Author

from .models import Article, Byline, Category

# Google News reads only articles from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """A sitemap whose URLs start with SITE_URL, whatever host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def indexable_articles():
    return Article.objects.published().filter(is_noindex=False)


class ArticleSitemap(SiteSitemap):
    def items(self):
        return indexable_articles().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(SiteSitemap):
    def items(self):
        return Category.objects.only("slug")


class AuthorSitemap(SiteSitemap):
    def items(self):
        # An author without a published story has an empty page: not worth a crawl.
        return (
            Author.objects.filter(
                Exists(
                    Byline.objects.filter(
                        author=OuterRef("pk"),
                        article__in=Article.objects.published(),
                    )
                )
            )
            .only("slug")
            .order_by("name")
        )


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(SiteSitemap):
    limit = NEWS_LIMIT

    def items(self):
        return (
            indexable_articles()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("slug", "title", "published_at")
        )


SITEMAPS = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
    "articles": ArticleSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
