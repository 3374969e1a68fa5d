"""Bring over the authors, categories and tags, before the posts that use them."""

import hashlib
import html
import json

from django.db.models import Max
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from taggit.models import Tag

from articles.models import Category
from authors.models import Author

from .index import ascii_slug, decode_slug
from .models import ImportedItem, Kind, LegacyURL


def digest(values):
    return hashlib.sha256(
        json.dumps(values, sort_keys=True, default=str).encode()
    ).hexdigest()


def plain(text):
    return " ".join(html.unescape(strip_tags(text or "")).split())


def unique_value(model, field, base, max_length):
    """Return base, or base-2, base-3… if another row of model already has it."""
    value, number = base, 1
    while model.objects.filter(**{field: value}).exists():
        number += 1
        suffix = f"-{number}"
        value = base[: max_length - len(suffix)] + suffix
    return value


class TermImporter:
    """Create or find the authors, sections and tags that posts point at."""

    def __init__(self, importer):
        self.importer = importer
        self.site = importer.site
        self.report = importer.report
        self.dry_run = importer.dry_run

    def existing(self, kind, source_id):
        return (
            ImportedItem.objects.filter(site=self.site, kind=kind, source_id=source_id)
            .select_related(kind)
            .first()
        )

    def record(self, kind, source_id, target, *, is_owned, values, paths=()):
        if self.dry_run:
            return
        ImportedItem.objects.update_or_create(
            site=self.site,
            kind=kind,
            source_id=source_id,
            defaults={kind: target, "is_owned": is_owned, "digest": digest(values)},
        )
        for path in paths:
            save_legacy_url(self.site, path, **{kind: target})

    def authors(self, index, author_map):
        found = {}
        for login, source in index.authors.items():
            found[login] = self.author(index, login, source, author_map.get(login))
        return found

    def author(self, index, login, source, mapped_slug):
        # WordPress derives the nicename in its author URLs from the login, dots
        # turned to dashes; exports before 5.x leave it out.
        nicename = source.nicename or login.replace(".", "-").lower()
        paths = [f"{index.prefix}/author/{decode_slug(nicename)}/"]
        name = source.display_name or " ".join(
            part for part in (source.first_name, source.last_name) if part
        )
        if not name or "@" in name:
            # Never an e-mail address on a public page; the login is no better.
            name = " ".join(
                part for part in (source.first_name, source.last_name) if part
            )
        values = {"name": name or "Staff", "bio": plain(source.bio)}
        known = self.existing(Kind.AUTHOR, login)
        if mapped_slug:
            target = Author.objects.get(slug=mapped_slug)
            self.report.count("author", "mapped")
            if known is None or known.author != target:
                self.record(
                    Kind.AUTHOR,
                    login,
                    target,
                    is_owned=False,
                    values=values,
                    paths=paths,
                )
            return target
        if known:
            target = known.author
            if known.is_owned and known.digest != digest(values):
                target.name, target.bio = values["name"], values["bio"]
                target.short_bio = Truncator(values["bio"]).chars(280)
                if not self.dry_run:
                    target.save()
                self.report.count("author", "updated")
                self.record(Kind.AUTHOR, login, target, is_owned=True, values=values)
            else:
                self.report.count("author", "unchanged")
            return target
        base = ascii_slug(nicename, 140) if "@" not in nicename else ""
        base = base or ascii_slug(values["name"], 140) or "author"
        target = Author(
            name=values["name"][:120],
            slug=unique_value(Author, "slug", base, 140),
            bio=values["bio"],
            short_bio=Truncator(values["bio"]).chars(280),
        )
        if target.slug != base:
            self.report.warn(
                f"Author {target.name}: slug {base!r} was taken, so {target.slug!r}; "
                "--author-map merges with an existing author"
            )
        if not self.dry_run:
            target.save()
            paths = [path for path in paths if path != target.get_absolute_url()]
        self.report.count("author", "created")
        self.record(
            Kind.AUTHOR, login, target, is_owned=True, values=values, paths=paths
        )
        return target

    def categories(self, index):
        found = {}
        position = (
            Category.objects.aggregate(Max("position"))["position__max"] or 0
        ) + 1
        for slug, term in index.categories.items():
            chain, parent = [decode_slug(slug)], index.categories.get(term.parent)
            while parent is not None and len(chain) < 10:
                chain.insert(0, decode_slug(parent.slug))
                parent = index.categories.get(parent.parent)
            if term.parent:
                parent = index.categories.get(term.parent)
                self.report.note(
                    f"Category “{plain(term.name)}” was under "
                    f"“{plain(parent.name) if parent else term.parent}”: "
                    "sections here are flat, so it is a section of its own"
                )
            found[slug] = self.category(index, slug, term, chain, position)
            position += 1
        return found

    def category(self, index, slug, term, chain, position):
        name = (plain(term.name) or decode_slug(slug))[:80]
        values = {"name": name, "description": plain(term.description)}
        paths = [f"{index.prefix}/category/{'/'.join(chain)}/"]
        known = self.existing(Kind.CATEGORY, slug)
        if known:
            target = known.category
            if known.is_owned and known.digest != digest(values):
                target.name, target.description = name, values["description"]
                if not self.dry_run:
                    target.save()
                self.report.count("category", "updated")
                self.record(Kind.CATEGORY, slug, target, is_owned=True, values=values)
            else:
                self.report.count("category", "unchanged")
            return target
        our_slug = ascii_slug(decode_slug(slug), 80) or ascii_slug(name, 80)
        our_slug = our_slug or f"category-{term.term_id or position}"
        target = (
            Category.objects.filter(slug=our_slug).first()
            or Category.objects.filter(name__iexact=name).first()
        )
        is_owned = target is None
        if is_owned:
            target = Category(
                name=name,
                slug=our_slug,
                description=values["description"],
                position=position,
            )
            if not self.dry_run:
                target.save()
        self.report.count("category", "created" if is_owned else "matched")
        paths = [path for path in paths if path != f"/category/{target.slug}/"]
        self.record(
            Kind.CATEGORY, slug, target, is_owned=is_owned, values=values, paths=paths
        )
        return target

    def fallback_category(self, slug):
        target = Category.objects.filter(slug=slug).first()
        if target is None:
            target = Category(name=slug.replace("-", " ").capitalize(), slug=slug)
            if not self.dry_run:
                target.save()
        return target

    def tags(self, index):
        found = {}
        for slug, term in index.tags.items():
            decoded = decode_slug(slug)
            name = (plain(term.name) or decoded)[:100]
            known = self.existing(Kind.TAG, slug)
            if known:
                self.report.count("tag", "unchanged")
                found[slug] = known.tag
                continue
            target = (
                Tag.objects.filter(slug=decoded).first()
                or Tag.objects.filter(name__iexact=name).first()
            )
            is_owned = target is None
            if is_owned:
                # taggit adds a suffix itself when the slug is empty or taken.
                target = Tag(name=name, slug=slugify(decoded, allow_unicode=True)[:100])
                if Tag.objects.filter(slug=target.slug).exists():
                    target.slug = ""
                if not self.dry_run:
                    target.save()
            self.report.count("tag", "created" if is_owned else "matched")
            paths = [f"{index.prefix}/tag/{decoded}/"]
            if not self.dry_run:
                paths = [path for path in paths if path != f"/tag/{target.slug}/"]
            self.record(
                Kind.TAG, slug, target, is_owned=is_owned, values={}, paths=paths
            )
            found[slug] = target
        return found


def save_legacy_url(site, path, **target):
    """Point the old path at target, replacing whatever it pointed at before."""
    if len(path) > LegacyURL._meta.get_field("path").max_length:
        return
    targets = {"article": None, "category": None, "tag": None, "author": None}
    LegacyURL.objects.update_or_create(
        path=path, defaults={"site": site, **targets, **target}
    )
