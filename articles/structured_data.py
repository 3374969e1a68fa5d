"""Schema.org JSON-LD for the reader pages, built from data: one @graph per page.

Each builder returns plain dicts; templatetags/structured_data.py renders them.
Nodes refer to each other by @id, so the organisation and the site are described
once per page.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.text import Truncator

from common.links import absolute_url
from common.renditions import rendition_urls
from common.text import strip_control_characters

# Google shows at most this much of a headline.
HEADLINE_LENGTH = 110
# The hero's crops that search engines pick from (16:9, 4:3, 1:1), 1200 px wide.
ARTICLE_IMAGES = [
    ("hero_1200_jpeg", 1200, 675),
    ("hero_1200x900_jpeg", 1200, 900),
    ("hero_1200x1200_jpeg", 1200, 1200),
]


def site_url(path=""):
    return absolute_url(path or "/")


def organization_id():
    return site_url("/#organization")


def website_id():
    return site_url("/#website")


def graph(*nodes):
    return {
        "@context": "https://schema.org",
        "@graph": [node for node in nodes if node],
    }


def organization(site):
    width, height = site.logo_size
    node = {
        "@type": "NewsMediaOrganization",
        "@id": organization_id(),
        "name": site.name,
        "url": site_url(),
        "description": site.description,
        "logo": {
            "@type": "ImageObject",
            "url": site.logo_url,
            "width": width,
            "height": height,
        },
    }
    if same_as := [url for _label, url in site.social_links()]:
        node["sameAs"] = same_as
    if site.contact_email:
        node["email"] = site.contact_email
    return node


def website(site):
    return {
        "@type": "WebSite",
        "@id": website_id(),
        "url": site_url(),
        "name": site.name,
        "description": site.tagline,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": organization_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": site_url(reverse("search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def person(author):
    url = site_url(author.get_absolute_url())
    node = {
        "@type": "Person",
        "@id": f"{url}#person",
        "name": author.name,
        "url": url,
    }
    if author.job_title:
        node["jobTitle"] = author.job_title
    if author.short_bio:
        node["description"] = author.short_bio
    if author.photo:
        node["image"] = absolute_url(author.photo_192_jpeg.url)
    same_as = [author.website] if author.website else []
    same_as += [url for _label, url in author.social_links()]
    if same_as:
        node["sameAs"] = same_as
    return node


def article_images(article, site):
    """Return the hero's crops with their real sizes (renditions never enlarge)."""
    if not article.hero_image:
        return [site.share_image_url]
    urls = rendition_urls(
        type(article),
        "hero_image",
        article.hero_image.name,
        tuple(name for name, _width, _height in ARTICLE_IMAGES),
    )
    images = []
    for url, (_name, width, height) in zip(urls, ARTICLE_IMAGES, strict=True):
        image = {"@type": "ImageObject", "url": absolute_url(url)}
        if size := article.hero_rendition_size(width, height):
            image["width"], image["height"] = size
        images.append(image)
    return images


def corrections(article):
    """Return the article's corrections if the page fetched them, else nothing.

    Read only from a prefetch (for_display() or the view), so that structured data
    never adds a query of its own.
    """
    fetched = getattr(article, "_prefetched_objects_cache", {}).get("corrections")
    return [
        {
            "@type": "CorrectionComment",
            "text": strip_control_characters(correction.text),
            "datePublished": correction.created_at.isoformat(),
        }
        for correction in fetched or ()
    ]


def news_article(article, site):
    url = site_url(article.get_absolute_url())
    node = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": Truncator(article.title).chars(HEADLINE_LENGTH),
        "description": article.meta_description,
        "image": article_images(article, site),
        "author": [person(author) for author in article.byline_authors],
        "publisher": {"@id": organization_id()},
        "isPartOf": {"@id": website_id()},
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
        "wordCount": len(article.body_text.split()),
    }
    # A preview of unpublished work has no dates yet.
    if article.published_at:
        node["datePublished"] = article.published_at.isoformat()
    if article.modified_at:
        node["dateModified"] = article.modified_at.isoformat()
    if fixes := corrections(article):
        node["correction"] = fixes
    return node


def breadcrumbs(article):
    trail = [
        ("Home", site_url()),
        (article.category.name, site_url(article.category.get_absolute_url())),
        (article.title, site_url(article.get_absolute_url())),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def article_page(article, site):
    # The page lists the tags too: fetched once here, they serve both.
    prefetch_related_objects([article], "tags")
    return graph(news_article(article, site), breadcrumbs(article), organization(site))


def home_page(site):
    return graph(website(site), organization(site))


def item_list(articles):
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": site_url(article.get_absolute_url()),
            }
            for position, article in enumerate(articles, start=1)
        ],
    }


def collection_page(*, name, url, description, articles, site):
    return graph(
        {
            "@type": "CollectionPage",
            "@id": url,
            "url": url,
            "name": name,
            "description": description,
            "isPartOf": {"@id": website_id()},
            "mainEntity": item_list(articles),
        },
        website(site),
        organization(site),
    )


def profile_page(author, *, url, articles, site):
    return graph(
        {
            "@type": "ProfilePage",
            "@id": url,
            "url": url,
            "name": author.name,
            "isPartOf": {"@id": website_id()},
            "mainEntity": person(author),
            "hasPart": item_list(articles),
        },
        website(site),
        organization(site),
    )
