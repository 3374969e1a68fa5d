"""Publishing operations, for one article or many: the only way articles go live.

Each operation checks that the user may publish, changes the articles that need it
in one transaction, records why in their history, and after commit sends the
domain signals in articles.signals. The admin, commands and any API call these.
"""

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import permissions
from .models import Article, SlugRedirect, Status
from .signals import article_published, article_unpublished


def whole_second():
    """Return now without microseconds, as precise as the edit form shows times."""
    return timezone.now().replace(microsecond=0)


def announce(article, *, was_published, user):
    """Send the domain signal for a change of publishing state, after commit."""
    is_published = article.status == Status.PUBLISHED
    if is_published == was_published:
        return
    signal = article_published if is_published else article_unpublished
    transaction.on_commit(
        partial(signal.send, sender=Article, article=article, user=user)
    )


class EditConflict(Exception):
    """Someone saved the article after this copy of it was loaded."""

    def __init__(self, article, *, seen_version, current_version):
        self.article = article
        self.seen_version = seen_version
        self.current_version = current_version
        super().__init__(
            f"Article {article.pk} is at version {current_version}, "
            f"this edit was made to version {seen_version}."
        )


class SlugTaken(Exception):
    """The slug still sends readers of another article's old address there."""

    def __init__(self, redirect):
        self.redirect = redirect
        super().__init__(
            f"/{redirect.old_slug}/ redirects to article {redirect.article_id}."
        )


def slug_claim(article):
    """Return the redirect that gives article's slug to another article, if any."""
    return (
        SlugRedirect.objects.filter(old_slug=article.slug)
        .exclude(article_id=article.pk)
        .select_related("article")
        .first()
    )


def _lock_saved(article):
    """Lock article's row; return its saved version and status, refusing a stale copy.

    A new article has version 0 and no status yet.
    """
    saved = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values_list("version", "status")
        .first()
    )
    if saved is None:
        return 0, None
    current, status = saved
    if current != article.version:
        raise EditConflict(
            article, seen_version=article.version, current_version=current
        )
    return current, status


def save(article, *, user=None, action=None, take_over_slug=False):
    """Save an edited article, applying action first and announcing what changed.

    action is one of ACTIONS ("publish", "schedule", "unpublish", "submit") or None
    for a plain save. The article's version must still be the saved one: an edit
    made to an older copy raises EditConflict and changes nothing. A slug that
    redirects to another article raises SlugTaken unless take_over_slug is set by
    a user who may take it over.
    """
    reason = "Saved"
    if action is not None:
        reason = ACTIONS[action](article, whole_second())
    if user is not None and not permissions.may_set_status(user, article.status):
        raise PermissionDenied("Only editors can publish.")
    with transaction.atomic():
        saved_version, saved_status = _lock_saved(article)
        was_published = saved_status == Status.PUBLISHED
        if (claim := slug_claim(article)) is not None and not (
            take_over_slug and permissions.can_take_over_slug(user)
        ):
            raise SlugTaken(claim)
        article.version = saved_version + 1
        article._change_reason = reason
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


def _schedule(article, now):
    if article.published_at is None or article.published_at <= now:
        raise ValidationError(
            "Set a publish time in the future to schedule the article.",
            code="schedule_in_past",
        )
    article.status = Status.PUBLISHED
    return "Scheduled"


def _submit(article, now):
    if article.status == Status.PUBLISHED:
        raise ValidationError(
            "The article is published already.", code="submit_published"
        )
    article.status = Status.REVIEW
    return "Submitted for review"


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
        now = whole_second()
        count = 0
        with transaction.atomic():
            # Re-read under a row lock, so an open edit form saved later sees the
            # bumped version and is refused instead of undoing this change.
            locked = Article.objects.select_for_update().filter(
                pk__in=[article.pk for article in articles]
            )
            for article in locked.order_by("pk"):
                was_published = article.status == Status.PUBLISHED
                if not self.change(article, now):
                    continue
                article.version += 1
                article._change_reason = self.reason
                article.save()
                announce(article, was_published=was_published, user=user)
                count += 1
        return count


publish = Operation("Published now", _publish)
unpublish = Operation("Unpublished", _unpublish)
pick = Operation("Marked as editor's pick", _pick)
unpick = Operation("Removed from editor's picks", _unpick)


def _publish_edit(article, now):
    _publish(article, now)
    return "Published"


def _unpublish_edit(article, now):
    _unpublish(article, now)
    return "Unpublished"


# What the edit form's buttons do before saving; each returns the history reason.
ACTIONS = {
    "publish": _publish_edit,
    "schedule": _schedule,
    "unpublish": _unpublish_edit,
    "submit": _submit,
}
