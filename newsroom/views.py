from itertools import groupby

from django.db.models import F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.shortcuts import render

from articles.models import Article, Byline

TOP_STORIES = 5
STORIES_PER_SECTION = 4


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


SITE_PAGES = {
    "about": "About us",
    "contact": "Contact",
    "privacy": "Privacy",
}


def site_page(request, page):
    """Show one of the pages editors write in the site settings."""
    return render(
        request, f"pages/{page}.html", {"page": page, "page_title": SITE_PAGES[page]}
    )
