"""Render the pages' schema.org JSON-LD (articles.structured_data)."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.links import absolute_url
from common.text import strip_control_characters

from .. import structured_data

register = template.Library()

# Inside <script> only "</script>" or "<!--" could end the data early; escaping
# <, > and & as JSON unicode escapes rules out both and keeps the JSON equal.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def xml_text(value):
    """Return value as text without the control characters XML forbids."""
    return strip_control_characters(str(value))


def render(context, data):
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Data, not script, but a strict Content-Security-Policy may still name it.
    nonce = context.get("csp_nonce")
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        format_html(' nonce="{}"', nonce) if nonce else "",
        mark_safe(payload.translate(SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.simple_tag
def hero_size(article, width, height):
    """Return the (width, height) of article's width×height hero rendition, or None."""
    return article.hero_rendition_size(width, height)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return render(context, structured_data.article_page(article, context["site"]))


@register.simple_tag(takes_context=True)
def home_json_ld(context):
    return render(context, structured_data.home_page(context["site"]))


@register.simple_tag(takes_context=True)
def listing_json_ld(context):
    """Describe a list page: a CollectionPage, or an author's ProfilePage."""
    site = context["site"]
    subject = context["subject"]
    url = absolute_url(context["request"].path)
    articles = context["articles"]
    if context.get("author"):
        data = structured_data.profile_page(
            subject, url=url, articles=articles, site=site
        )
    else:
        data = structured_data.collection_page(
            name=subject.name,
            url=url,
            description=context["description"],
            articles=articles,
            site=site,
        )
    return render(context, data)
