"""Stream a WordPress export (WXR), one author, term or item at a time."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# Post meta the importer reads. Page builders keep megabytes in other keys, so the
# rest is dropped as each item is read.
WANTED_META = {
    "_thumbnail_id",
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    "_yoast_wpseo_title",
    "_yoast_wpseo_metadesc",
    "_yoast_wpseo_meta-robots-noindex",
    "_yoast_wpseo_primary_category",
    "rank_math_title",
    "rank_math_description",
    "rank_math_robots",
    "rank_math_primary_category",
    "post_views_count",
    "views",
    "post_views",
    "_post_views_count",
    "wpb_post_views_count",
}


class WXRError(Exception):
    """The file is not well-formed XML or not a WordPress export."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    nicename: str = ""
    bio: str = ""


@dataclass
class Term:
    taxonomy: str
    slug: str
    term_id: int = 0
    name: str = ""
    parent: str = ""
    description: str = ""


@dataclass
class Item:
    post_id: int
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: datetime | None = None
    post_date_gmt: datetime | None = None
    post_modified_gmt: datetime | None = None
    post_parent: int = 0
    is_sticky: bool = False
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: int = 0


def parse_datetime(text):
    """Return WordPress's "Y-m-d H:i:s" as an aware UTC time, or None when unset."""
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_int(text):
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


class Reader:
    """Iterate over an export's authors, terms and items as it is parsed."""

    def __init__(self, source):
        self.source = source
        self.channel = Channel()
        self.wp = None

    def __iter__(self):
        context = etree.iterparse(
            self.source,
            events=("start", "end"),
            # No DTD, no entity expansion and no network: an export is data.
            load_dtd=False,
            resolve_entities=False,
            no_network=True,
        )
        root = None
        try:
            for event, element in context:
                if root is None:
                    root = element
                    self.check_root(root)
                    continue
                if event != "end":
                    continue
                parent = element.getparent()
                if parent is None or parent.tag != "channel":
                    continue
                found = self.read_element(element)
                # Drop what has been read, so memory holds one item at a time.
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
                if found is not None:
                    yield found
        except etree.XMLSyntaxError as error:
            raise WXRError(f"not well-formed XML ({error})") from None
        if root is None:
            raise WXRError("the file is empty")
        if not self.channel.base_site_url and not self.channel.link:
            raise WXRError("not a WordPress export: the channel has no site address")

    def check_root(self, root):
        if root.tag != "rss":
            raise WXRError(
                f"not a WordPress export: the root element is <{root.tag}>, not <rss>"
            )
        namespaces = [uri for uri in root.nsmap.values() if WP_NAMESPACE.match(uri)]
        if not namespaces:
            raise WXRError(
                "not a WordPress export: no WordPress export (wp:) namespace; "
                "export from Tools → Export in WordPress"
            )
        self.wp = f"{{{namespaces[0]}}}"

    def read_element(self, element):
        tag = element.tag
        wp = self.wp
        if tag == "item":
            return self.read_item(element)
        if tag == f"{wp}author":
            return self.read_author(element)
        if tag == f"{wp}category":
            return Term(
                taxonomy="category",
                slug=self.text(element, "category_nicename"),
                term_id=parse_int(self.text(element, "term_id")),
                name=self.text(element, "cat_name"),
                parent=self.text(element, "category_parent"),
                description=self.text(element, "category_description"),
            )
        if tag == f"{wp}tag":
            return Term(
                taxonomy="post_tag",
                slug=self.text(element, "tag_slug"),
                term_id=parse_int(self.text(element, "term_id")),
                name=self.text(element, "tag_name"),
                description=self.text(element, "tag_description"),
            )
        if tag == f"{wp}term":
            return Term(
                taxonomy=self.text(element, "term_taxonomy"),
                slug=self.text(element, "term_slug"),
                name=self.text(element, "term_name"),
                parent=self.text(element, "term_parent"),
            )
        channel_fields = {
            "title": "title",
            "link": "link",
            f"{wp}base_site_url": "base_site_url",
            f"{wp}base_blog_url": "base_blog_url",
            f"{wp}wxr_version": "wxr_version",
        }
        if tag in channel_fields:
            setattr(self.channel, channel_fields[tag], (element.text or "").strip())
        return None

    def text(self, element, name):
        return (element.findtext(f"{self.wp}{name}") or "").strip()

    def read_author(self, element):
        return Author(
            login=self.text(element, "author_login"),
            display_name=self.text(element, "author_display_name"),
            first_name=self.text(element, "author_first_name"),
            last_name=self.text(element, "author_last_name"),
            nicename=self.text(element, "author_nicename"),
            bio=self.text(element, "author_description"),
        )

    def read_item(self, element):
        wp = self.wp
        item = Item(post_id=0)
        simple = {
            "title": "title",
            "link": "link",
            f"{{{DC_NS}}}creator": "creator",
            f"{{{CONTENT_NS}}}encoded": "content",
            f"{wp}post_type": "post_type",
            f"{wp}status": "status",
            f"{wp}post_name": "post_name",
            f"{wp}post_password": "password",
            f"{wp}attachment_url": "attachment_url",
        }
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # An XML comment between the item's fields.
            if tag in simple:
                value = child.text or ""
                # Bodies keep their whitespace: autop reads its blank lines.
                setattr(
                    item,
                    simple[tag],
                    value if tag.endswith("encoded") else value.strip(),
                )
            elif tag.endswith("}encoded"):
                item.excerpt = child.text or ""
            elif tag == f"{wp}post_id":
                item.post_id = parse_int(child.text)
            elif tag == f"{wp}post_parent":
                item.post_parent = parse_int(child.text)
            elif tag == f"{wp}post_date":
                item.post_date = parse_datetime(child.text)
            elif tag == f"{wp}post_date_gmt":
                item.post_date_gmt = parse_datetime(child.text)
            elif tag == f"{wp}post_modified_gmt":
                item.post_modified_gmt = parse_datetime(child.text)
            elif tag == f"{wp}is_sticky":
                item.is_sticky = (child.text or "").strip() == "1"
            elif tag == "category":
                item.terms.append(
                    (
                        child.get("domain", ""),
                        child.get("nicename", ""),
                        (child.text or "").strip(),
                    )
                )
            elif tag == f"{wp}postmeta":
                key = (child.findtext(f"{wp}meta_key") or "").strip()
                if key in WANTED_META:
                    item.meta[key] = (child.findtext(f"{wp}meta_value") or "").strip()
            elif tag == f"{wp}comment":
                item.comments += 1
        return item
