from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from taggit.models import Tag

from . import counting
from .models import Article, Category, SlugRedirect

PAGE_SIZE = 20


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


# The beacon carries no CSRF token, so cached pages can send it; counting.refusal()
# checks its Origin instead.
@csrf_exempt
@require_POST
def count_view(request, slug):
    response = HttpResponse(status=counting.record_beacon(request, slug))
    response["Cache-Control"] = "no-store"
    return response


@staff_member_required
def preview(request, pk):
    article = get_object_or_404(Article.objects.for_display(), pk=pk)
    # The admin's rules decide who may see unpublished work, e.g. writers their own.
    if not admin.site.get_model_admin(Article).has_view_permission(request, article):
        raise Http404
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


class ArticleListView(ListView):
    """A paginated list of published articles; ?page=abc or out of range is a 404."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_display()


class CategoryArticleListView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, current_category=self.category, **kwargs
        )


class TagArticleListView(ArticleListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
