from itertools import groupby

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import render
from taggit.models import Tag

from articles.models import Article, Byline

TOP_STORIES = 5
STORIES_PER_SECTION = 4
SEARCH_PAGE_SIZE = 20
# Longer queries are cut here: they only add work, never better results.
MAX_QUERY_LENGTH = 100
SEARCH_CONFIG = "english"


def home(request):
    # Featured stories lead; when too few are featured the newest fill the slots.
    top = list(
        Article.objects.published()
        .select_related("category")
        .order_by("-is_featured", "-published_at", "-id")[:TOP_STORIES]
    )
    # One query for every section: number each category's stories, keep the first few.
    section_articles = list(
        Article.objects.published()
        .select_related("category")
        .exclude(pk__in=[article.pk for article in top])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=STORIES_PER_SECTION)
        .order_by("category__position", "category__name", "rank")
    )
    # One bylines query for both lists, however many sections there are.
    prefetch_related_objects(
        [*top, *section_articles],
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    )
    sections = [
        (category, list(articles))
        for category, articles in groupby(
            section_articles, key=lambda article: article.category
        )
    ]
    return render(
        request,
        "home.html",
        {"lead": top[0] if top else None, "top_stories": top[1:], "sections": sections},
    )


def search_articles(query):
    """Return the published articles matching query, best match first."""
    articles = Article.objects.published()
    if connection.vendor == "postgresql":
        tag_names = Subquery(
            Tag.objects.filter(article=OuterRef("pk"))
            .values("article")
            .annotate(names=StringAgg("name", delimiter=Value(" ")))
            .values("names")
        )
        document = (
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("dek", tag_names, weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        )
        terms = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.annotate(document=document)
            .filter(document=terms)
            .annotate(rank=SearchRank(F("document"), terms))
            .order_by("-rank", "-published_at", "-id")
        )
    # Elsewhere every word has to appear in the headline, standfirst, body or a tag.
    for word in query.replace('"', " ").split():
        articles = articles.filter(
            Q(title__icontains=word)
            | Q(dek__icontains=word)
            | Q(body__icontains=word)
            | Exists(Tag.objects.filter(article=OuterRef("pk"), name__icontains=word))
        )
    return articles.order_by("-published_at", "-id")


def search(request):
    # PostgreSQL refuses NUL characters in text, so they never reach the query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query}
    if query:
        paginator = Paginator(search_articles(query).for_display(), SEARCH_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage as error:
            raise Http404(str(error)) from error
        context |= {"page_obj": page, "articles": page.object_list}
    return render(request, "search.html", context)
