from django.shortcuts import get_object_or_404, render

from .models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    return render(request, "authors/author_detail.html", {"author": author})
