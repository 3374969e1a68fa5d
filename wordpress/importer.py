"""Import a WordPress export: read it whole once, then bring its posts over one by one.

A malformed file is found by the first pass, before anything is written. The second
pass writes each post in a transaction of its own: a 500 MB import never holds one
long transaction (on SQLite that would lock out every editor for its whole length),
one bad post does not undo the others, and a rerun finishes what an interrupted
run began, because every row is keyed on the site and the WordPress id.
"""

import re

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils.text import Truncator
from tqdm import tqdm

from articles import publishing
from articles.models import Article, Byline, SlugRedirect, Status
from authors.models import Author

from .content import BodyContext, convert_body
from .index import ExportIndex, link_path
from .library import Library
from .media import MediaStore
from .models import ImportedItem, Kind
from .report import Report
from .terms import TermImporter, digest, plain, save_legacy_url
from .wxr import Reader

DEFAULT_STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.REVIEW,
    # Never public: an editor decides.
    "private": Status.DRAFT,
}
VIEW_META = (
    "post_views_count",
    "views",
    "post_views",
    "_post_views_count",
    "wpb_post_views_count",
)
SEO_VARIABLE = re.compile(r"%%?(\w+)%%?")


class Importer:
    def __init__(
        self,
        path,
        *,
        media_dir=None,
        dry_run=False,
        status_map=None,
        author_map=None,
        fallback_category="uncategorized",
        progress=False,
    ):
        self.path = path
        self.dry_run = dry_run
        self.statuses = {**DEFAULT_STATUSES, **(status_map or {})}
        self.author_map = author_map or {}
        self.fallback_slug = fallback_category
        self.progress = progress
        self.media_dir = media_dir
        self.report = Report(dry_run=dry_run)
        self.index = ExportIndex()
        self.fallback = None
        self.without_category = 0

    def run(self):
        """Import the export and return the report; raise WXRError before any change."""
        self.index.read(self.path, self.report, progress=self.progress)
        self.site = self.index.site
        self.report.site = (
            f"{self.site} (WXR {self.index.channel.wxr_version or '1.x'})"
        )
        self.media = MediaStore(
            site=self.site,
            media_dir=self.media_dir,
            dry_run=self.dry_run,
            report=self.report,
            library=Library(
                attachment_at=self.index.attachment_at,
                dry_run=self.dry_run,
                report=self.report,
            ),
        )
        terms = TermImporter(self)
        self.authors = terms.authors(self.index, self.author_map)
        self.categories = terms.categories(self.index)
        self.tags = terms.tags(self.index)
        self.fallback = terms.fallback_category(self.fallback_slug)
        self.plan_slugs()
        with open(self.path, "rb") as handle:
            items = (found for found in Reader(handle) if hasattr(found, "post_id"))
            bar = tqdm(
                items,
                total=self.index.items,
                desc="Importing",
                unit=" items",
                disable=None if self.progress else True,
            )
            for item in bar:
                if item.post_id in self.index.posts and item.post_type == "post":
                    self.import_post(item)
        if self.without_category:
            self.report.note(
                f"Posts without a category: {self.without_category}, filed under "
                f"“{self.fallback.name}” (/category/{self.fallback.slug}/)"
            )
        return self.report

    def plan_slugs(self):
        """Give every post its slug here first, so links to later posts resolve."""
        imported = dict(
            ImportedItem.objects.filter(site=self.site, kind=Kind.POST)
            .exclude(article=None)
            .values_list("source_id", "article__slug")
        )
        planned = set()
        for number, ref in self.index.posts.items():
            ref.is_public = (
                self.statuses[ref.status] == Status.PUBLISHED and not ref.password
            )
            if str(number) in imported:
                ref.slug = imported[str(number)]
                continue
            base, suffix = ref.slug, 1
            while (
                ref.slug in planned
                or Article.objects.filter(slug=ref.slug).exists()
                or SlugRedirect.objects.filter(old_slug=ref.slug).exists()
            ):
                suffix += 1
                ref.slug = f"{base[:190]}-{suffix}"
            planned.add(ref.slug)

    def status(self, item):
        status = self.statuses[item.status]
        published_at = item.post_date_gmt
        if status == Status.PUBLISHED and item.password:
            self.report.warn(
                f"Post {item.post_id} is password-protected: imported as a draft"
            )
            status = Status.DRAFT
        if item.status in ("publish", "future") and published_at is None:
            # WordPress leaves the GMT date unset on some old or hand-edited posts.
            self.report.warn(
                f"Post {item.post_id} has no GMT date: its local time is used"
            )
            published_at = item.post_date
        return status, published_at

    def category_for(self, item):
        slugs = [nicename for domain, nicename, _ in item.terms if domain == "category"]
        primary = item.meta.get("_yoast_wpseo_primary_category") or item.meta.get(
            "rank_math_primary_category", ""
        )
        primary_slug = self.index.category_ids.get(
            int(primary) if primary.isdigit() else 0
        )
        if primary_slug in slugs:
            return self.categories[primary_slug]
        if slugs:
            return self.categories[slugs[0]]
        self.without_category += 1
        return self.fallback

    def authors_for(self, item):
        logins = []
        for domain, nicename, _ in item.terms:
            if domain == "author" and nicename.startswith("cap-"):
                logins.append(self.index.author_logins[nicename.removeprefix("cap-")])
        if not logins and item.creator:
            logins.append(item.creator)
        authors = distinct(self.authors[login] for login in logins)
        if not authors:
            self.report.warn(
                f"Post {item.post_id} has no author: bylined to the fallback"
            )
            authors = [self.fallback_author()]
        return authors

    def fallback_author(self):
        author = Author.objects.filter(slug="staff").first()
        if author is None:
            author = Author(name="Staff", slug="staff")
            if not self.dry_run:
                author.save()
        return author

    def seo(self, item, key_yoast, key_rank_math, limit, title):
        template = item.meta.get(key_yoast) or item.meta.get(key_rank_math) or ""
        values = {
            "title": title,
            "sitename": plain(self.index.channel.title),
            "sep": "–",
            "excerpt": plain(item.excerpt),
        }
        text = SEO_VARIABLE.sub(
            lambda match: values.get(match.group(1).lower(), ""), template
        )
        text = " ".join(text.split())
        return "" if text == title else Truncator(text).chars(limit)

    def body(self, item):
        index = self.index

        def attachment(number):
            return index.attachments.get(number)

        def link_url(href):
            number = index.post_id_for(href)
            if number is None:
                return self.media.url(href)
            ref = index.posts[number]
            return Article(slug=ref.slug).get_absolute_url() if ref.is_public else None

        context = BodyContext(
            post_id=item.post_id,
            attachment=attachment,
            attachments_of=lambda parent: [
                index.attachments[n] for n in index.children[parent]
            ],
            image_url=self.media.url,
            link_url=link_url,
        )
        body = convert_body(item.content, context)
        self.report.shortcodes.update(context.removed_shortcodes)
        return body

    def hero(self, item):
        number = item.meta.get("_thumbnail_id", "")
        attachment = self.index.attachments.get(int(number) if number.isdigit() else 0)
        if attachment is None:
            if number:
                self.report.warn(
                    f"Post {item.post_id}: featured image {number} is not in the export"
                )
            return "", "", ""
        name = self.media.store(attachment.path) if attachment.path else None
        if name is None:
            return "", "", ""
        return name, attachment.alt[:250], attachment.caption[:300]

    def legacy_paths(self, item, ref):
        prefix = self.index.prefix
        paths = {f"/?p={item.post_id}"}
        if item.link:
            paths.add(link_path(item.link))
        date = item.post_date or item.post_date_gmt
        if ref.wp_slug:
            paths.add(f"{prefix}/{ref.wp_slug}/")
            if date:
                paths.add(f"{prefix}/{date:%Y/%m/%d}/{ref.wp_slug}/")
                paths.add(f"{prefix}/{date:%Y/%m}/{ref.wp_slug}/")
        paths.discard(Article(slug=ref.slug).get_absolute_url())
        return sorted(paths)

    def import_post(self, item):
        ref = self.index.posts[item.post_id]
        status, published_at = self.status(item)
        title = Truncator(plain(item.title) or f"Untitled post {item.post_id}").chars(
            200
        )
        views = max(
            (
                int(item.meta[key])
                for key in VIEW_META
                if item.meta.get(key, "").isdigit()
            ),
            default=0,
        )
        hero, hero_alt, hero_caption = self.hero(item)
        fields = {
            "title": title,
            "dek": Truncator(plain(item.excerpt)).chars(300),
            "body": self.body(item),
            "status": status,
            "published_at": published_at,
            "is_featured": item.is_sticky,
            "seo_title": self.seo(
                item, "_yoast_wpseo_title", "rank_math_title", 70, title
            ),
            "seo_description": self.seo(
                item, "_yoast_wpseo_metadesc", "rank_math_description", 160, title
            ),
            "is_noindex": item.meta.get("_yoast_wpseo_meta-robots-noindex") == "1"
            or "noindex" in item.meta.get("rank_math_robots", ""),
            "category": self.category_for(item),
            "hero_alt": hero_alt,
            "hero_caption": hero_caption,
        }
        authors = self.authors_for(item)
        tags = distinct(
            self.tags[nicename]
            for domain, nicename, _ in item.terms
            if domain == "post_tag"
        )
        paths = self.legacy_paths(item, ref)
        created = item.post_date_gmt or item.post_date
        modified = item.post_modified_gmt or created
        wanted = {
            **fields,
            "category": fields["category"].pk,
            "hero": hero,
            "authors": [author.pk for author in authors],
            "tags": [tag.pk for tag in tags],
            "paths": paths,
            "times": [created, modified],
            "views": views,
        }
        known = (
            ImportedItem.objects.filter(
                site=self.site, kind=Kind.POST, source_id=str(item.post_id)
            )
            .select_related("article")
            .first()
        )
        if known and known.article and known.digest == digest(wanted):
            self.report.count("post", "unchanged")
            return
        outcome = "updated" if known and known.article else "created"
        if self.dry_run:
            self.report.count("post", outcome)
            return
        try:
            with transaction.atomic():
                article = (
                    known.article if outcome == "updated" else Article(slug=ref.slug)
                )
                self.save_article(
                    article, fields, hero, authors, tags, created, modified
                )
                added_views = (
                    max(0, views - known.views) if outcome == "updated" else views
                )
                Article.objects.filter(pk=article.pk).update(
                    view_count=F("view_count") + added_views
                )
                for path in paths:
                    save_legacy_url(self.site, path, article=article)
                ImportedItem.objects.update_or_create(
                    site=self.site,
                    kind=Kind.POST,
                    source_id=str(item.post_id),
                    defaults={
                        "article": article,
                        "digest": digest(wanted),
                        "views": views,
                    },
                )
        except DatabaseError as error:
            self.report.count("post", "failed")
            self.report.warn(f"Post {item.post_id} “{title}” was not imported: {error}")
            return
        self.report.count("post", outcome)

    def save_article(self, article, fields, hero, authors, tags, created, modified):
        for name, value in fields.items():
            setattr(article, name, value)
        if hero:
            # Already stored and checked: saving only points the article at it, and
            # the new name makes imagekit render the hero's renditions.
            article.hero_image = hero
        article._change_reason = "Imported from WordPress"
        # The domain's save: it announces articles that go live or come down.
        publishing.save(article)
        # auto_now fields ignore what save() is given, and save() dates a content
        # change now: the WordPress times win here, so "Updated", dateModified and
        # sitemap lastmod tell of the last edit made in WordPress.
        Article.objects.filter(pk=article.pk).update(
            created_at=created, updated_at=modified, content_modified_at=modified
        )
        current = list(article.bylines.values_list("author_id", flat=True))
        if current != [author.pk for author in authors]:
            article.bylines.all().delete()
            Byline.objects.bulk_create(
                Byline(article=article, author=author, position=position)
                for position, author in enumerate(authors)
            )
        article.tags.set(tags)


def distinct(rows):
    """Return rows without repeats, in order; a dry run's rows have no key to hash."""
    kept = []
    for row in rows:
        if all(row is not other for other in kept):
            kept.append(row)
    return kept


def parse_mapping(text):
    """Return "a=b,c=d" as {"a": "b", "c": "d"}; raise ValueError if malformed."""
    mapping = {}
    for pair in filter(None, (part.strip() for part in (text or "").split(","))):
        key, separator, value = pair.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise ValueError(f"{pair!r} is not name=value")
        mapping[key.strip()] = value.strip()
    return mapping
