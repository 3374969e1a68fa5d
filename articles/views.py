from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from . import permissions
from .models import Article, SlugRedirect

PAGE_SIZE = 20
# Longer queries are cut here: they only add work, never better results.
MAX_QUERY_LENGTH = 100


def article_detail(request, slug):
    article = Article.objects.published().for_display().filter(slug=slug).first()
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
    article = get_object_or_404(Article.objects.for_display(), pk=pk)
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


class ListingView(ListView):
    """A section's, topic's or author's published articles, 20 a page.

    ?page=abc or a page out of range is a 404.
    """

    listing = None
    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    template_name = "articles/listing.html"

    def get_queryset(self):
        self.subject = self.listing.get_subject(self.kwargs["slug"])
        return self.listing.articles(self.subject).for_display()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            listing=self.listing,
            subject=self.subject,
            description=self.listing.describe(self.subject),
            feed_url=self.listing.feed_url(self.subject),
            # Also by its own name (category, tag or author) for shared partials.
            **{self.listing.kind: self.subject},
            **kwargs,
        )


def search(request):
    # PostgreSQL refuses NUL characters in text, so they never reach the query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query}
    if query:
        paginator = Paginator(
            Article.objects.published().search(query).for_display(), PAGE_SIZE
        )
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage as error:
            raise Http404(str(error)) from error
        context |= {"page_obj": page, "articles": page.object_list}
    return render(request, "search.html", context)
