"""The editor's desk on the admin index: what needs doing and what is happening."""

from datetime import timedelta

from django import template
from django.db.models import Q
from django.utils import timezone

from articles import permissions
from articles.models import Article, Status

register = template.Library()

ROWS = 8
SCHEDULE_HORIZON = timedelta(hours=48)


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk_dashboard(context):
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"queues": []}
    now = timezone.now()
    articles = permissions.visible_articles(user, Article.objects.all()).only(
        "title", "status", "published_at", "updated_at"
    )
    queues = [
        (
            "My drafts",
            "drafts",
            articles.filter(permissions.owned_by(user), status=Status.DRAFT)
            .distinct()
            .order_by("-updated_at"),
            "updated_at",
            "You have no drafts.",
        ),
        (
            "Awaiting review",
            "review",
            articles.filter(status=Status.REVIEW).order_by("updated_at"),
            "updated_at",
            "Nothing is waiting for review.",
        ),
        (
            "Scheduled, next 48 hours",
            "scheduled",
            articles.filter(
                Q(published_at__gt=now) & Q(published_at__lte=now + SCHEDULE_HORIZON),
                status=Status.PUBLISHED,
            ).order_by("published_at"),
            "published_at",
            "Nothing is scheduled.",
        ),
        (
            "Recently published",
            "published",
            articles.published().order_by("-published_at"),
            "published_at",
            "Nothing is published yet.",
        ),
    ]
    return {
        "queues": [
            (title, slug, list(rows[:ROWS]), date_field, empty)
            for title, slug, rows, date_field, empty in queues
        ],
        "can_see_readership": user.has_perm("readership.view_readership"),
    }
