from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.feeds import ArticleFeed
from common.links import absolute_url

from .models import Author


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return obj.short_bio or f"Stories by {obj.name}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("authors:feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return super().articles(obj).filter(bylines__author=obj)
