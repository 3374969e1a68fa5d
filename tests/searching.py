"""Search the site as a reader does and read the titles it found."""

from django.core.cache import cache
from django.urls import reverse


def search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def result_titles(response):
    return [article.title for article in response.context["articles"]]


def fresh_titles(client, query):
    """Search past the page cache, which bulk writes in these tests never retire."""
    cache.clear()
    return result_titles(search(client, query))
