"""Turn a WordPress post body into the sanitized HTML an article keeps."""

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from common.html import sanitize_html

from . import shortcodes
from .autop import wpautop

MORE = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", re.S)
BLOCK_COMMENT = re.compile(r"<!--\s+/?wp:.*?-->", re.S)
CAPTION_MEDIA = re.compile(
    r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.S | re.I
)
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
IMG = re.compile(r"<img\b[^>]*>", re.I)
ANCHOR = re.compile(r"<a\b[^>]*>", re.I)
TAG_ATTRIBUTE = re.compile(
    r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
HREF = re.compile(r"""(\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# Lazy-loading plugins move the real address out of src.
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-orig-file")


@dataclass(frozen=True)
class Attachment:
    url: str
    path: str
    alt: str = ""
    caption: str = ""
    parent: int = 0


@dataclass
class BodyContext:
    """What a body needs from the rest of the import, and where it reports."""

    post_id: int
    attachment: Callable[[int], Attachment | None]
    attachments_of: Callable[[int], list[Attachment]]
    # The stored copy's URL for an image address, given the <img>'s alt text.
    image_url: Callable[[str, str], str | None]
    link_url: Callable[[str], str | None]
    removed_shortcodes: Counter = field(default_factory=Counter)


def convert_body(raw, context):
    """Return the post body raw as clean article HTML."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = MORE.sub("", text)
    # WordPress skips autop for block-editor posts: their blocks carry their HTML.
    has_blocks = "<!-- wp:" in text
    if has_blocks:
        text = BLOCK_COMMENT.sub("", text)
    text = shortcodes.expand(
        text,
        lambda name, attributes, content: expand(context, name, attributes, content),
    )
    if not has_blocks:
        text = wpautop(text)
    text = IMG.sub(lambda match: rewrite_image(context, match.group()), text)
    text = ANCHOR.sub(lambda match: rewrite_anchor(context, match.group()), text)
    # A figure inside a paragraph leaves an empty one behind once sanitized.
    return EMPTY_PARAGRAPH.sub("", sanitize_html(text))


def expand(context, name, attributes, content):
    if name in ("caption", "wp_caption"):
        return caption_figure(attributes, content)
    if name == "gallery":
        figures = gallery_figures(context, attributes)
        if figures:
            return figures
    context.removed_shortcodes[name] += 1
    # The tags go; text between them stays, so no words are lost with the plugin.
    return content


def caption_figure(attributes, content):
    match = CAPTION_MEDIA.search(content)
    if match is None:
        return content
    media, caption = match.group(1), match.group(2).strip()
    caption = attributes.get("caption", caption)
    if not caption:
        return f"<figure>{media}</figure>"
    return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"


def gallery_figures(context, attributes):
    ids = attributes.get("ids") or attributes.get("include") or ""
    if ids:
        found = [context.attachment(int(number)) for number in re.findall(r"\d+", ids)]
    else:
        parent = attributes.get("id", "")
        found = context.attachments_of(
            int(parent) if parent.isdigit() else context.post_id
        )
    figures = []
    for attachment in filter(None, found):
        image = (
            f'<img src="{html.escape(attachment.url)}" '
            f'alt="{html.escape(attachment.alt)}">'
        )
        caption = (
            f"<figcaption>{html.escape(attachment.caption)}</figcaption>"
            if attachment.caption
            else ""
        )
        figures.append(f"<figure>{image}{caption}</figure>")
    return "".join(figures)


def tag_attributes(tag):
    inner = re.sub(r"^<\w+|/?>$", "", tag)
    attributes = {}
    for match in TAG_ATTRIBUTE.finditer(inner):
        name, *values = match.groups()
        value = next((value for value in values if value is not None), "")
        attributes.setdefault(name.lower(), html.unescape(value))
    return attributes


def rewrite_image(context, tag):
    """Return the <img> tag pointing at the stored copy, with the attachment's alt."""
    attributes = tag_attributes(tag)
    source = next(
        (attributes[name] for name in LAZY_SOURCES if attributes.get(name)),
        attributes.get("src", ""),
    )
    if not source:
        return ""
    alt = attributes.get("alt", "")
    if not alt:
        match = ATTACHMENT_CLASS.search(attributes.get("class", ""))
        attachment = match and context.attachment(int(match.group(1)))
        alt = attachment.alt if attachment else ""
    source = context.image_url(source, alt) or source
    kept = [("src", source), ("alt", alt)]
    kept += [
        (name, attributes[name]) for name in ("width", "height") if name in attributes
    ]
    return (
        "<img "
        + " ".join(f'{name}="{html.escape(value)}"' for name, value in kept)
        + ">"
    )


def rewrite_anchor(context, tag):
    def replace(match):
        prefix, *values = match.groups()
        href = html.unescape(next(value for value in values if value is not None))
        new = context.link_url(href)
        return match.group() if new is None else f'{prefix}"{html.escape(new)}"'

    return HREF.sub(replace, tag, count=1)
