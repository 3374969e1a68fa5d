"""Keep the stored search index in step with articles and their tags.

PostgreSQL: each article's search_vector column, weighted title (A) > standfirst
(B) > tags (C) > body (D), with a GIN index. SQLite: the FTS5 table FTS_TABLE, one
row per article (rowid = article id). Both are written here, on save and on tag
changes, rather than by a generated column or trigger: a generated column cannot
read the tags, and one Python path serves both databases. Bulk writes that skip
signals (queryset.update, bulk_create) need `manage.py rebuild_search_index`.
"""

import difflib
import html

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, OuterRef, StringAgg, Subquery, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from .models import Article
from .search_syntax import FTS_TABLE, SEARCH_CONFIG, WORD, fts5_query

BATCH_SIZE = 2000
# Private-use characters mark matches in snippets: they survive tag stripping and
# escaping, and no article contains them.
MARK_START, MARK_END = "\ue000", "\ue001"
# Suggestions come from the most used topics, a list refreshed this often.
SUGGESTION_VOCABULARY = 2000
SUGGESTION_CACHE_SECONDS = 600


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
    # A space before every tag keeps "</li><li>" and "<br>" from gluing words.
    return " ".join(html.unescape(strip_tags(body.replace("<", " <"))).split())


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


def highlight(articles, query):
    """Give each article of a results page a search_snippet with the matches marked.

    One query for the page, never the whole result set: ts_headline and FTS5's
    snippet() read the full text. An article whose match is not in its body keeps
    its standfirst (search_snippet is None).
    """
    ids = [article.pk for article in articles]
    snippets = {}
    if ids and connection.vendor == "postgresql":
        terms = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        snippets = dict(
            Article.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    "body",
                    terms,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=30,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
    elif ids and (expression := fts5_query(query)):
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 3, %s, %s, ' … ', 30) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, expression, *ids],
            )
            snippets = dict(cursor.fetchall())
    for article in articles:
        snippet = snippets.get(article.pk) or ""
        if connection.vendor == "postgresql":
            # ts_headline quotes the stored HTML; FTS5 holds plain text already.
            snippet = plain_text(snippet)
        article.search_snippet = marked_snippet(snippet)


def marked_snippet(text):
    """Return text as safe HTML with its matches in <mark>, or None if none are."""
    if MARK_START not in text:
        return None
    text = escape(text)
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def suggestions(query, count=5):
    """Return up to count topics spelled like the words of a fruitless query."""
    words = [word.lower() for word in WORD.findall(query)]
    topics = cache.get_or_set(
        "search:topics", popular_topics, timeout=SUGGESTION_CACHE_SECONDS
    )
    names = {name.lower(): (name, slug) for name, slug in topics}
    found = {}
    for word in words:
        for close in difflib.get_close_matches(word, names, n=count, cutoff=0.75):
            found.setdefault(close, names[close])
    return list(found.values())[:count]


def popular_topics():
    """Return (name, slug) of the SUGGESTION_VOCABULARY most used published topics."""
    return list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(
                Article
            ),
            taggit_taggeditem_items__object_id__in=Article.objects.published().values(
                "pk"
            ),
        )
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", "slug")[:SUGGESTION_VOCABULARY]
    )
