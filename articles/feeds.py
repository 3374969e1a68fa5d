"""RSS 2.0 and Atom feeds of the site, a section, a topic or an author.

Each item carries the full sanitized article (FEED_FULL_CONTENT), the hero as
media:content and as an enclosure, one dc:creator (RSS) or author (Atom) per
author, the section and topics as categories, and its dates. Every text goes
through strip_control_characters: XML 1.0 cannot carry them at all.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from common.links import absolute_url
from common.models import SiteSettings
from common.renditions import rendition_urls
from common.text import strip_control_characters as clean

from .models import Article, Byline

FEED_SIZE = 30
MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"
# The hero rendition feeds link, and its size.
FEED_IMAGE = ("hero_1200_jpeg", 1200, 675)


class MediaMixin:
    """Write the hero of each item as media:content."""

    def add_media(self, handler, item):
        if image := item.get("image"):
            attrs = {"url": image["url"], "medium": "image", "type": "image/jpeg"}
            if image["size"]:
                attrs["width"], attrs["height"] = map(str, image["size"])
            handler.addQuickElement("media:content", attrs=attrs)


class NewsRssFeed(MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_NAMESPACE,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        logo = self.feed["logo"]
        handler.startElement("image", {})
        handler.addQuickElement("url", logo["url"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.addQuickElement("width", str(min(logo["width"], 144)))
        handler.addQuickElement("height", str(min(logo["height"], 400)))
        handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        self.add_media(handler, item)


class NewsAtomFeed(MediaMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NAMESPACE}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("logo", self.feed["logo"]["url"])
        handler.addQuickElement("icon", self.feed["icon"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, uri in zip(item["authors"], item["author_uris"], strict=True):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", uri)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        self.add_media(handler, item)


class ArticleFeed(Feed):
    """The latest published articles, newest first, with absolute SITE_URL links.

    With a listing (articles.listings), the feed of one section, topic or author;
    with atom=True, the same as Atom.
    """

    def __init__(self, listing=None, *, atom=False):
        self.listing = listing
        self.feed_type = NewsAtomFeed if atom else NewsRssFeed
        self.atom = atom

    def get_object(self, request, slug=None):
        return self.listing.get_subject(slug) if self.listing else None

    def title(self, obj):
        name = SiteSettings.current().name
        return clean(f"{obj.name} · {name}" if obj else name)

    def description(self, obj):
        if obj:
            return clean(self.listing.describe(obj))
        return clean(SiteSettings.current().description)

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return absolute_url(self.listing.url(obj) if obj else reverse("home"))

    def feed_url(self, obj):
        if obj:
            url = (self.listing.atom_feed_url if self.atom else self.listing.feed_url)(
                obj
            )
        else:
            url = reverse("articles:feed-atom" if self.atom else "articles:feed")
        return absolute_url(url)

    def author_name(self, obj):
        # Atom needs an author for entries without a byline; the site is one.
        return clean(SiteSettings.current().name)

    def feed_extra_kwargs(self, obj):
        site = SiteSettings.current()
        width, height = site.logo_size
        return {
            "logo": {"url": site.logo_url, "width": width, "height": height},
            "icon": absolute_url(static("img/favicon.svg")),
        }

    def items(self, obj):
        articles = self.listing.articles(obj) if obj else Article.objects.published()
        return articles.select_related("category").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )[:FEED_SIZE]

    def item_title(self, item):
        # Feed readers show RSS titles as text; the default escapes them twice.
        return clean(item.title)

    def item_description(self, item):
        # Feed readers show the description as HTML; the excerpt is plain text.
        return escape(clean(item.excerpt))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # A tag: URI (RFC 4151) stays the same when the slug, and so the link, changes.
        domain = urlsplit(settings.SITE_URL).hostname
        return f"tag:{domain},{item.created_at:%Y-%m-%d}:article:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [
            clean(name)
            for name in [
                item.category.name,
                *sorted(tag.name for tag in item.tags.all()),
            ]
        ]

    def item_enclosures(self, item):
        if not item.hero_image:
            return []
        # The length is unknown without asking storage, which pages never do; RSS
        # readers accept 0 for "unknown".
        return [Enclosure(self.image(item)["url"], "0", "image/jpeg")]

    def image(self, item):
        name, width, height = FEED_IMAGE
        url = rendition_urls(Article, "hero_image", item.hero_image.name, (name,))[0]
        size = item.hero_rendition_size(width, height)
        return {"url": absolute_url(url), "size": size}

    def item_extra_kwargs(self, item):
        authors = item.byline_authors
        return {
            "authors": [clean(author.name) for author in authors],
            "author_uris": [
                absolute_url(author.get_absolute_url()) for author in authors
            ],
            "content": clean(item.body) if settings.FEED_FULL_CONTENT else "",
            "image": self.image(item) if item.hero_image else None,
        }
