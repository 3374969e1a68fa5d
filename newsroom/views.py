from itertools import groupby

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.templatetags.static import static

from articles.models import Article, Byline, Category
from articles.queries import any_of

TOP_STORIES = 5
STORIES_PER_SECTION = 4


def home(request):
    # Every list here reads its candidates newest first from the index on publish
    # time, with a limit, so the page costs the same however big the archive.
    newest = Article.objects.published().order_by("-published_at", "-id").values("pk")
    # Featured stories lead; when too few are featured the newest fill the slots.
    top = list(
        Article.objects.filter(
            any_of(
                [newest.filter(is_featured=True)[:TOP_STORIES], newest[:TOP_STORIES]]
            )
        )
        .select_related("category")
        .defer("body")
        .order_by("-is_featured", "-published_at", "-id")[:TOP_STORIES]
    )
    # One query for every section, each section's newest few as a subquery.
    rest = newest.exclude(pk__in=[article.pk for article in top])
    per_section = [
        rest.filter(category_id=category_id)[:STORIES_PER_SECTION]
        for category_id in Category.objects.values_list("pk", flat=True)
    ]
    section_articles = (
        list(
            Article.objects.filter(any_of(per_section))
            .select_related("category")
            .defer("body")
            .order_by("category__position", "category__name", "-published_at", "-id")
        )
        if per_section
        else []
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


def favicon(request):
    # The hashed name is looked up per request: with manifest storage it only
    # exists once collectstatic has run, and URLs load before that (migrate, check).
    return redirect(static("img/favicon.svg"), permanent=True)
