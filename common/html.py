"""Sanitize editor HTML against the allowlist that article bodies may use."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "a", "strong", "em", "b", "i", "u", "s",
    "sub", "sup", "ul", "ol", "li", "blockquote", "code", "pre", "figure",
    "figcaption", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# What the body editor (django-prose-editor) offers: the allowlist above, no more.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Code": True,
    "CodeBlock": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener",
    # <script> and <style> go with their contents, not just their tags.
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


def sanitize_html(html):
    """Return html with everything outside the article allowlist removed."""
    return _cleaner.clean(html or "").strip()
