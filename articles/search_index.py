"""Keep the stored search index in step with articles and their tags.

PostgreSQL: each article's search_vector column, weighted title (A) > standfirst
(B) > tags (C) > body (D), with a GIN index. SQLite: the FTS5 table FTS_TABLE, one
row per article (rowid = article id). Both are written here, on save and on tag
changes, rather than by a generated column or trigger: a generated column cannot
read the tags, and one Python path serves both databases. Bulk writes that skip
signals (queryset.update, bulk_create) need `manage.py rebuild_search_index`.
"""

import html

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import strip_tags
from taggit.models import Tag, TaggedItem

from .models import Article
from .search_syntax import FTS_TABLE, SEARCH_CONFIG

BATCH_SIZE = 2000


def tag_names():
    return Subquery(
        Tag.objects.filter(
            taggit_taggeditem_items__object_id=OuterRef("pk"),
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(
                Article
            ),
        )
        .values("taggit_taggeditem_items__object_id")
        .annotate(names=StringAgg("name", delimiter=Value(" ")))
        .values("names")
    )


def document():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector(tag_names(), weight="C", config=SEARCH_CONFIG)
        + SearchVector("body", weight="D", config=SEARCH_CONFIG)
    )


def plain_text(body):
    return html.unescape(strip_tags(body))


def index_articles(articles):
    """Write the search index rows of the articles in the queryset articles."""
    if connection.vendor == "postgresql":
        articles.update(search_vector=document())
        return
    rows = [
        (
            article.pk,
            article.title,
            article.dek,
            " ".join(tag.name for tag in article.tags.all()),
            plain_text(article.body),
        )
        for article in articles.only("title", "dek", "body").prefetch_related("tags")
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(row[0],) for row in rows]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, dek, tags, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def rebuild(progress=None):
    """Index every article again, in batches; return how many were indexed."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        index_articles(Article.objects.filter(pk__in=batch))
        if progress:
            progress(len(batch))
    return len(ids)


@receiver(post_save, sender=Article)
def index_saved_article(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles(Article.objects.filter(pk=instance.pk))


@receiver(post_delete, sender=Article)
def unindex_deleted_article(sender, instance, **kwargs):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])


@receiver(m2m_changed, sender=TaggedItem)
def index_retagged_article(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        index_articles(Article.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Tag)
def index_renamed_tag(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        index_articles(Article.objects.filter(tags=instance))


@receiver(pre_delete, sender=Tag)
def remember_tagged_articles(sender, instance, **kwargs):
    # The tagged items are gone by post_delete, and with them the articles' ids.
    instance.tagged_article_ids = list(
        Article.objects.filter(tags=instance).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=Tag)
def index_untagged_articles(sender, instance, **kwargs):
    index_articles(Article.objects.filter(pk__in=instance.tagged_article_ids))
