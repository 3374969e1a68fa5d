from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from .models import Article, Category, SlugRedirect


def article_detail(request, slug):
    article = Article.objects.published().for_display().filter(slug=slug).first()
    if article is None:
        old = get_object_or_404(
            SlugRedirect.objects.select_related("article"), old_slug=slug
        )
        if not old.article.is_live:
            return render(request, "404.html", status=404)
        return redirect(old.article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


@staff_member_required
def preview(request, pk):
    article = get_object_or_404(Article.objects.for_display(), pk=pk)
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().for_display().filter(category=category)
    return render(
        request,
        "articles/category_detail.html",
        {"category": category, "articles": articles[:20]},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().for_display().filter(tags=tag)
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "articles": articles[:20]}
    )
