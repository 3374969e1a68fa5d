from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.generic import ListView

from common.http import client_network, is_over_limit

from . import permissions, search_index, widgets
from .models import Article, SlugRedirect
from .search import SEARCH_MAX_MATCHES

PAGE_SIZE = 20
# Longer queries are cut here: they only add work, never better results.
MAX_QUERY_LENGTH = 100
SEARCH_RATE_WINDOW = 60


def article_detail(request, slug):
    article = (
        Article.objects.published()
        .for_display()
        .prefetch_related("corrections")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        old = get_object_or_404(
            SlugRedirect.objects.filter(
                article__in=Article.objects.published()
            ).select_related("article"),
            old_slug=slug,
        )
        return redirect(old.article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


@staff_member_required
def preview(request, pk):
    """Show unpublished work as readers will see it, to those who may see it."""
    article = get_object_or_404(
        Article.objects.for_display().prefetch_related("corrections"), pk=pk
    )
    if not permissions.can_view(request.user, article):
        raise Http404
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


class SharedCountPaginator(Paginator):
    """Count the articles once per content version, for every page and process.

    Counting a section's articles reads all of them: the one query on a list page
    whose cost grows with the archive.
    """

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return widgets.shared(
            self.count_key,
            lambda: Paginator.count.func(self),
            settings.PAGE_CACHE_SECONDS,
        )


class ListingView(ListView):
    """A section's, topic's or author's published articles, 20 a page.

    ?page=abc or a page out of range is a 404.
    """

    listing = None
    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    template_name = "articles/listing.html"

    def get_paginator(self, queryset, per_page, **kwargs):
        key = f"listing-count:{self.listing.kind}:{self.subject.pk}"
        return SharedCountPaginator(queryset, per_page, count_key=key, **kwargs)

    def get_queryset(self):
        self.subject = self.listing.get_subject(self.kwargs["slug"])
        # Cards show the standfirst, never the body: the biggest column stays unread.
        return self.listing.articles(self.subject).for_display().defer("body")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            listing=self.listing,
            subject=self.subject,
            description=self.listing.describe(self.subject),
            feed_url=self.listing.feed_url(self.subject),
            atom_feed_url=self.listing.atom_feed_url(self.subject),
            # Also by its own name (category, tag or author) for shared partials.
            **{self.listing.kind: self.subject},
            **kwargs,
        )


def search(request):
    # PostgreSQL refuses NUL characters in text, so they never reach the query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query, "max_matches": SEARCH_MAX_MATCHES}
    if not query:
        return render(request, "search.html", context)
    # Only searches the page cache could not answer get here; a client sending many
    # distinct queries is told to wait instead of holding workers.
    if is_over_limit(
        "search",
        client_network(request),
        limit=settings.SEARCH_RATE_LIMIT,
        window=SEARCH_RATE_WINDOW,
    ):
        response = render(request, "search.html", context | {"is_limited": True})
        response.status_code = 429
        response["Retry-After"] = str(SEARCH_RATE_WINDOW)
        return response
    paginator = Paginator(
        Article.objects.published().search(query).for_display(), PAGE_SIZE
    )
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from error
    articles = list(page.object_list)
    search_index.highlight(articles, query)
    context |= {"page_obj": page, "articles": articles}
    if not articles:
        context["suggestions"] = search_index.suggestions(query)
    return render(request, "search.html", context)
