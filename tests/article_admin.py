"""Helpers for the article admin's tests: its URLs, actions and forms."""

from django.contrib.messages import get_messages
from django.urls import reverse

from .html_forms import form_data

FORM = "article_form"
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_action(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "index": 0, "_selected_action": [a.pk for a in articles]},
    )


def add_form(client, make_category, make_author, **fields):
    """Return the add form's data filled in for a minimal valid article."""
    data = form_data(client.get(ADD), FORM)
    return {
        **data,
        "title": "Chip shortage eases",
        "slug": "chip-shortage-eases",
        "body": "<p>Supply is back.</p>",
        "category": make_category().pk,
        "bylines-0-author": make_author().pk,
        **fields,
    }
