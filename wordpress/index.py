"""The first pass over an export: check it whole, and note what posts refer to.

Posts refer to attachments and to each other in any order, so the import reads the
file twice. This pass keeps a few short strings per post and attachment (ids, slugs,
paths), never bodies, and a malformed file fails here, before anything is written.
"""

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.text import slugify
from tqdm import tqdm

from .content import Attachment
from .media import RESIZED, uploads_path
from .wxr import Author, Reader, Term

IMPORTED_STATUSES = {"publish", "future", "draft", "pending", "private"}
POST_PATH = re.compile(r"/(?:\d{4}/\d{2}/(?:\d{2}/)?)?([^/]+)/?")
COAUTHOR_PREFIX = "cap-"


@dataclass
class PostRef:
    """A post as other posts see it: where it was, and where it will be."""

    wp_slug: str
    slug: str
    status: str
    password: bool = False
    is_public: bool = False


def ascii_slug(text, max_length=200):
    """Return text as a slug our article and section URLs accept, or ""."""
    return slugify(text or "")[:max_length].strip("-")


def decode_slug(slug):
    """Return a WordPress slug, percent-encoded for non-ASCII letters, as text."""
    return unquote(slug or "").strip()


def site_key(url):
    parts = urlsplit(url)
    return (parts.netloc.lower() + parts.path).rstrip("/")


def link_path(url):
    """Return the path and query of url, decoded, as the request path is."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    return f"{path}?{parts.query}" if parts.query else path


class ExportIndex:
    def __init__(self):
        self.channel = None
        self.authors = {}
        self.author_logins = {}
        self.categories = {}
        self.category_ids = {}
        self.tags = {}
        self.attachments = {}
        self.attachment_paths = {}
        self.children = defaultdict(list)
        self.thumbnails = set()
        self.posts = {}
        self.post_by_slug = {}
        self.post_by_path = {}
        self.items = 0
        self.site = ""
        self.prefix = ""
        self.hosts = set()

    def read(self, path, report, *, progress=False):
        """Read the export at path; raise WXRError if it is not a whole WXR file."""
        with (
            open(path, "rb") as handle,
            tqdm(
                total=handle.seek(0, 2) or None,
                unit="B",
                unit_scale=True,
                desc="Reading",
                disable=None if progress else True,
            ) as bar,
        ):
            handle.seek(0)
            reader = Reader(handle)
            for found in reader:
                bar.update(handle.tell() - bar.n)
                self.add(found, report)
        self.channel = reader.channel
        home = self.channel.base_site_url or self.channel.link
        blog = self.channel.base_blog_url or home
        self.site = site_key(home)
        self.prefix = urlsplit(blog).path.rstrip("/")
        for url in (home, blog, self.channel.link):
            host = urlsplit(url).netloc.lower()
            self.hosts |= {host, host.removeprefix("www."), f"www.{host}"} - {"www."}
        for number, attachment in self.attachments.items():
            if attachment.parent not in self.posts and number not in self.thumbnails:
                report.skip("attachment without a post")

    def add(self, found, report):
        if isinstance(found, Author):
            self.add_author(found)
        elif isinstance(found, Term):
            self.add_term(found, report)
        else:
            self.items += 1
            self.add_item(found, report)

    def add_author(self, author):
        self.authors[author.login] = author
        for name in (author.login, author.nicename, ascii_slug(author.login)):
            if name:
                self.author_logins.setdefault(name, author.login)

    def add_term(self, term, report):
        if term.taxonomy == "category":
            self.categories.setdefault(term.slug, term)
            self.category_ids[term.term_id] = term.slug
        elif term.taxonomy == "post_tag":
            self.tags.setdefault(term.slug, term)
        elif term.taxonomy != "author":
            report.skip(
                "menu" if term.taxonomy == "nav_menu" else f"term ({term.taxonomy})"
            )

    def add_item(self, item, report):
        report.skip("comment", item.comments)
        if item.post_type == "attachment":
            address = item.attachment_url or item.link
            attachment = Attachment(
                url=address,
                path=item.meta.get("_wp_attached_file") or uploads_path(address) or "",
                alt=item.meta.get("_wp_attachment_image_alt", ""),
                caption=html.unescape(re.sub(r"<[^>]*>", "", item.excerpt)).strip(),
                parent=item.post_parent,
            )
            self.attachments[item.post_id] = attachment
            if attachment.path:
                self.attachment_paths.setdefault(attachment.path, item.post_id)
            self.children[item.post_parent].append(item.post_id)
            return
        if item.post_type != "post":
            report.skip(item.post_type or "item without a type")
            return
        if item.status not in IMPORTED_STATUSES:
            report.skip(f"post ({item.status or 'no status'})")
            return
        self.add_post(item)

    def add_post(self, item):
        wp_slug = decode_slug(item.post_name)
        title = html.unescape(item.title)
        self.posts[item.post_id] = PostRef(
            wp_slug=wp_slug,
            slug=ascii_slug(wp_slug) or ascii_slug(title) or f"post-{item.post_id}",
            status=item.status,
            password=bool(item.password),
        )
        if wp_slug:
            self.post_by_slug.setdefault(wp_slug, item.post_id)
        if item.link:
            self.post_by_path[link_path(item.link)] = item.post_id
        if thumbnail := item.meta.get("_thumbnail_id", "").strip():
            self.thumbnails.add(int(thumbnail) if thumbnail.isdigit() else 0)
        for domain, nicename, name in item.terms:
            if domain == "category" and nicename not in self.categories:
                self.add_term_from_post("category", nicename, name)
            elif domain == "post_tag" and nicename not in self.tags:
                self.add_term_from_post("post_tag", nicename, name)
            elif domain == "author" and nicename.startswith(COAUTHOR_PREFIX):
                self.add_coauthor(nicename.removeprefix(COAUTHOR_PREFIX), name)
        if item.creator and item.creator not in self.authors:
            self.add_author(Author(login=item.creator))

    def add_term_from_post(self, taxonomy, slug, name):
        # A partial export (one author's posts) leaves some terms out of the header.
        term = Term(taxonomy=taxonomy, slug=slug, name=name)
        (self.categories if taxonomy == "category" else self.tags)[slug] = term

    def add_coauthor(self, nicename, name):
        # Co-Authors Plus names its terms after the user's nicename; a guest author
        # has no user, so becomes an author of its own.
        if nicename not in self.author_logins:
            self.add_author(
                Author(login=nicename, nicename=nicename, display_name=name)
            )

    def attachment_at(self, path):
        """Return the attachment whose file, or its resized copy, is path, or None."""
        number = self.attachment_paths.get(path) or self.attachment_paths.get(
            RESIZED.sub("", path)
        )
        return self.attachments.get(number)

    def post_id_for(self, href):
        """Return the id of the imported post that href links to, or None."""
        try:
            parts = urlsplit(href)
        except ValueError:
            return None  # "http://[broken" in an old body is only a bad link.
        if parts.netloc and parts.netloc.lower() not in self.hosts:
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None
        number = parse_qs(parts.query).get("p", [""])[0]
        if number.isdigit():
            return int(number) if int(number) in self.posts else None
        path = unquote(parts.path)
        if path in self.post_by_path:
            return self.post_by_path[path]
        if not path.startswith(self.prefix):
            return None
        match = POST_PATH.fullmatch(path.removeprefix(self.prefix))
        return self.post_by_slug.get(match.group(1)) if match else None
