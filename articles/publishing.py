"""Publishing operations, for one article or many: the only way articles go live.

Each operation checks that the user may publish, changes the articles that need it
in one transaction, records why in their history, and after commit sends the
domain signals in articles.signals. The admin, commands and any API call these.
"""

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import permissions
from .models import Article, Status
from .signals import article_published, article_unpublished


def announce(article, *, was_published, user):
    """Send the domain signal for a change of publishing state, after commit."""
    is_published = article.status == Status.PUBLISHED
    if is_published == was_published:
        return
    signal = article_published if is_published else article_unpublished
    transaction.on_commit(
        partial(signal.send, sender=Article, article=article, user=user)
    )


def save(article, *, user=None):
    """Save an edited article, announcing it if the edit published or unpublished it."""
    if user is not None and not permissions.may_set_status(user, article.status):
        raise PermissionDenied("Only editors can publish.")
    was_published = (
        article.pk is not None
        and Article.objects.filter(pk=article.pk, status=Status.PUBLISHED).exists()
    )
    with transaction.atomic():
        article.save()
        announce(article, was_published=was_published, user=user)


def _publish(article, now):
    if article.is_live:
        return False
    article.status = Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    return True


def _unpublish(article, now):
    if article.status != Status.PUBLISHED:
        return False
    article.status = Status.DRAFT
    return True


def _pick(article, now):
    expired = article.pick_until is not None and article.pick_until <= now
    if article.is_editors_pick and not expired:
        return False
    article.is_editors_pick = True
    # An expired end time would keep the article out of "Don't miss".
    if expired:
        article.pick_until = None
    return True


def _unpick(article, now):
    if not article.is_editors_pick:
        return False
    article.is_editors_pick = False
    return True


@dataclass(frozen=True)
class Operation:
    """A change editors make to articles, applied only where it changes something."""

    reason: str
    change: object

    def __call__(self, articles, *, user=None):
        """Apply to each article in one transaction; return how many changed."""
        if user is not None and not permissions.can_publish(user):
            raise PermissionDenied("Only editors can publish and promote articles.")
        now = timezone.now()
        count = 0
        with transaction.atomic():
            for article in articles:
                was_published = article.status == Status.PUBLISHED
                if not self.change(article, now):
                    continue
                article._change_reason = self.reason
                article.save()
                announce(article, was_published=was_published, user=user)
                count += 1
        return count


publish = Operation("Published now", _publish)
unpublish = Operation("Unpublished", _unpublish)
pick = Operation("Marked as editor's pick", _pick)
unpick = Operation("Removed from editor's picks", _unpick)
