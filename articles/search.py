"""Article search: match a web-search query and rank the matches, per database.

ArticleQuerySet.search() is the entry point; these functions take the queryset to
narrow, so they need nothing from the models.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import OperationalError, connection, models, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django_cte import CTE, with_cte

from .search_syntax import FTS_TABLE, SEARCH_CONFIG, AgeInDays, fts5_query

# Only this many matches, the newest, are ranked: enough for anyone paging through
# results, and a common word then costs the same as a rare one.
SEARCH_MAX_MATCHES = 300
# A match this many days old ranks half as high as the same match today.
SEARCH_HALF_LIFE_DAYS = 30
# PostgreSQL looks for matches among this many newest articles first, and gives
# the whole archive this long when they hold too few (newest_matches()).
SEARCH_RECENT_WINDOW = 1000
SEARCH_FALLBACK_TIMEOUT_MS = 1000


def ranked_matches(articles, query):
    """Narrow articles to those matching query, best and newest matches first.

    The query uses web-search syntax: "quoted phrases", -excluded words and or.
    Each vendor reads its own stored index (articles.search_index): a weighted
    tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite. The newest
    SEARCH_MAX_MATCHES matches are ranked by relevance, halved every
    SEARCH_HALF_LIFE_DAYS of age.
    """
    recency = 1.0 / (1.0 + AgeInDays(F("published_at")) / SEARCH_HALF_LIFE_DAYS)
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        newest = newest_matches(articles, terms)
        relevance = SearchRank(F("search_vector"), terms)
    else:
        expression = fts5_query(query)
        if expression is None:
            return articles.none()
        matches = articles.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [expression],
            )
        )
        newest = matches.order_by("-published_at", "-id").values("pk")[
            :SEARCH_MAX_MATCHES
        ]
        # bm25() is negative, lower is better; weights follow the columns:
        # title, standfirst, tags, body.
        relevance = RawSQL(
            f"SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = articles_article.id",
            [expression],
            output_field=models.FloatField(),
        )
    return (
        articles.filter(pk__in=newest)
        .annotate(rank=relevance * recency)
        .order_by("-rank", "-published_at", "-id")
    )


def newest_matches(articles, terms):
    """Return the ids of the newest SEARCH_MAX_MATCHES articles matching terms.

    PostgreSQL either walks the publish-date index, testing each article's
    vector, or collects every match from the GIN index and sorts them; it
    guesses which from the words' frequencies, and a phrase of common words
    fools it into reading the whole table. So the newest SEARCH_RECENT_WINDOW
    articles are searched first (a fenced CTE, bounded work); only when they
    hold too few matches does the GIN index answer, within
    SEARCH_FALLBACK_TIMEOUT_MS, after which the recent matches are all there is.
    """
    newest_first = articles.order_by("-published_at", "-id")
    recent = CTE(
        newest_first.values("pk", "published_at", "search_vector")[
            :SEARCH_RECENT_WINDOW
        ],
        name="recent_articles",
        materialized=True,
    )
    found = list(
        with_cte(recent, select=recent.queryset())
        .filter(search_vector=terms)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:SEARCH_MAX_MATCHES]
    )
    if (
        len(found) == SEARCH_MAX_MATCHES
        or not newest_first[SEARCH_RECENT_WINDOW:].exists()
    ):
        return found
    everywhere = newest_first.filter(search_vector=terms).values_list("pk", flat=True)[
        :SEARCH_MAX_MATCHES
    ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL statement_timeout = %s", [SEARCH_FALLBACK_TIMEOUT_MS]
            )
            return list(everywhere)
    except OperationalError:
        return found
