"""Article history that also keeps bylines and tags, and says what each save changed."""

import difflib
import re
from datetime import datetime

from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from simple_history.models import to_historic
from simple_history.signals import pre_create_historical_record

from authors.models import Author

from .models import Article, Byline

HistoricalArticle = Article.history.model

# Not worth a line in a change summary: bumped or set by every save.
UNREPORTED_FIELDS = {"version", "created_by", "created_at"}


def snapshot(article):
    """Return the article's saved byline author ids (in order) and tag names."""
    byline_ids = list(
        Byline.objects.filter(article_id=article.pk).values_list("author_id", flat=True)
    )
    tag_names = sorted(article.tags.values_list("name", flat=True))
    return byline_ids, tag_names


@receiver(pre_create_historical_record, sender=HistoricalArticle)
def record_bylines_and_tags(sender, instance, history_instance, **kwargs):
    history_instance.byline_ids, history_instance.tag_names = snapshot(instance)


def refresh_latest(article):
    """Update the newest record with bylines and tags saved after the article itself.

    The admin saves bylines and tags after the article, so the record made by the
    article's own save still holds the old ones.
    """
    latest = article.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        latest.byline_ids, latest.tag_names = snapshot(article)
        latest.save(update_fields=["byline_ids", "tag_names"])


def restore_related(article, record):
    """Give article the bylines and tags that record kept."""
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=author_id, position=position)
        for position, author_id in enumerate(record.byline_ids)
    )
    article.tags.set(record.tag_names)


def field_label(name):
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _same_second(change):
    # The form shows times to the second, so saving it drops the microseconds a
    # time set in code had: not a change anyone made.
    old, new = change.old, change.new
    return (
        isinstance(old, datetime)
        and isinstance(new, datetime)
        and old.replace(microsecond=0) == new.replace(microsecond=0)
    )


def change_summary(record, previous):
    """Describe in words what record changed since previous ("Title, Body changed")."""
    if previous is None:
        return "Created"
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    names = [
        field_label(change.field)
        for change in delta.changes
        if change.field not in UNREPORTED_FIELDS and not _same_second(change)
    ]
    if record.byline_ids != previous.byline_ids:
        names.append("Authors")
    if record.tag_names != previous.tag_names:
        names.append("Tags")
    return f"{', '.join(names)} changed" if names else "No changes"


def to_record(instance):
    """Return the history record instance was built from by a restore, or None."""
    return to_historic(instance)


def readable_lines(record, name):
    """Return a field's value in record as lines worth comparing side by side."""
    if name == "body":
        text = re.sub(
            r"</(p|h[2-4]|li|figcaption|blockquote|pre|tr)>", "\n", record.body
        )
        return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]
    if name == "byline_ids":
        names = dict(
            Author.objects.filter(pk__in=record.byline_ids).values_list("pk", "name")
        )
        return [names.get(pk, f"Author #{pk}") for pk in record.byline_ids]
    if name == "tag_names":
        return list(record.tag_names)
    value = getattr(record, name)
    return [] if value in (None, "") else [str(value)]


def compare(older, newer):
    """Return (label, diff table) for each field that differs between two records."""
    differ = difflib.HtmlDiff(wrapcolumn=60)
    names = [
        field.name
        for field in older.tracked_fields
        if field.editable and field.name not in UNREPORTED_FIELDS
    ] + ["byline_ids", "tag_names"]
    rows = []
    for name in names:
        before, after = readable_lines(older, name), readable_lines(newer, name)
        if before == after:
            continue
        label = {"byline_ids": "Authors", "tag_names": "Tags"}.get(name) or field_label(
            name
        )
        table = differ.make_table(before, after, "Older", "Newer", context=True)
        rows.append((label, mark_safe(table)))  # noqa: S308 - difflib escapes the text
    return rows
