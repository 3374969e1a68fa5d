"""Who may do what with articles: asked by the admin, the preview and any API.

Editors hold articles.publish_article and may work on every article. Writers may
see and edit their own (created or bylined) articles until they are published, and
may not publish, schedule or promote anything.
"""

from django.db.models import Q

from .models import Byline, Status

# What only editors may set.
PUBLISHING_FIELDS = [
    "published_at",
    "is_featured",
    "is_editors_pick",
    "pick_order",
    "pick_until",
]


def can_publish(user):
    return user.has_perm("articles.publish_article")


def owned_by(user):
    """Return a filter for the articles user created or is bylined on."""
    return Q(created_by=user) | Q(
        pk__in=Byline.objects.filter(author__user=user).values("article_id")
    )


def is_own(user, article):
    """Tell whether user created article or is one of its bylined authors."""
    return article.created_by_id == user.pk or any(
        byline.author.user_id == user.pk for byline in article.bylines.all()
    )


def visible_articles(user, articles):
    """Narrow an article queryset to those user may see."""
    return articles if can_publish(user) else articles.filter(owned_by(user))


def can_view(user, article):
    return user.has_perm("articles.view_article") and (
        can_publish(user) or is_own(user, article)
    )


def can_change(user, article):
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return is_own(user, article) and article.status != Status.PUBLISHED


def may_set_status(user, status):
    return status != Status.PUBLISHED or can_publish(user)


def can_take_over_slug(user):
    """Tell whether user may give an article a slug that redirects to another one.

    Only editors, and only when they ask to: the old article's readers then land
    on the new one.
    """
    return user is not None and can_publish(user)
