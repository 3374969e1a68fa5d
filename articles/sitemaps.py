"""The sitemap index and its sections, and the Google News sitemap.

/sitemap.xml is an index over the sections; a section longer than its limit is
paginated with ?p=N. Articles are listed oldest first, so pages fill up and keep
their contents while new stories land on the last page.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from authors.models import Author
from common.links import absolute_url

from .models import Article, Byline, Category

# Google News reads only articles from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
# Well under the protocol's 50,000 URLs and 50 MB: each page renders quickly.
ARTICLES_PER_SITEMAP = 10_000


class SiteSitemap(Sitemap):
    """A sitemap whose URLs start with SITE_URL, whatever host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def indexable_articles():
    return Article.objects.published().filter(is_noindex=False)


def has_indexable_articles(lookup):
    """Tell whether a row has an indexable article pointing at it through lookup."""
    return Exists(indexable_articles().filter(**{lookup: OuterRef("pk")}))


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_SITEMAP

    def items(self):
        return (
            indexable_articles()
            .only("slug", "published_at", "content_modified_at", "hero_image")
            .order_by("published_at", "id")
        )

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        # One aggregate, where the default would load every article.
        return indexable_articles().aggregate(
            latest=Max(Coalesce("content_modified_at", "published_at"))
        )["latest"]


class CategorySitemap(SiteSitemap):
    def items(self):
        return Category.objects.filter(has_indexable_articles("category")).only("slug")


class TagSitemap(SiteSitemap):
    def items(self):
        # A topic without a published story has an empty page: not worth a crawl.
        articles = TaggedItem.objects.filter(
            tag=OuterRef("pk"),
            content_type__app_label="articles",
            content_type__model="article",
            object_id__in=indexable_articles().values("pk"),
        )
        return Tag.objects.filter(Exists(articles)).only("slug").order_by("slug")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class AuthorSitemap(SiteSitemap):
    def items(self):
        return (
            Author.objects.filter(
                Exists(
                    Byline.objects.filter(
                        author=OuterRef("pk"), article__in=indexable_articles()
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
    "sections": CategorySitemap,
    "topics": TagSitemap,
    "authors": AuthorSitemap,
    "articles": ArticleSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


@x_robots_tag
def index(request):
    """List each section's sitemap pages, under SITE_URL whatever the request host."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        entries += [
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )
