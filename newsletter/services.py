"""Subscribing, confirming and leaving: what readers and mail services do."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import tasks
from .models import BlockedDomain, Subscriber, SubscriberStatus, normalize_email

RESEND_AFTER = timedelta(hours=1)


def is_blocked(email):
    """Tell whether the address's domain, or a domain above it, is blocked."""
    labels = email.rpartition("@")[2].split(".")
    domains = [".".join(labels[start:]) for start in range(len(labels))]
    return BlockedDomain.objects.filter(domain__in=domains).exists()


def subscribe(*, email, source=""):
    """Make the address pending and queue a confirmation e-mail, when one is due."""
    email = normalize_email(email)
    if is_blocked(email):
        return
    now = timezone.now()
    # The unique constraint makes concurrent signups for one address share a row,
    # and the conditional UPDATE lets exactly one of them win the right to mail.
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"source": source[:200], "confirmation_sent_at": now}
    )
    if not created:
        is_due = Q(status=SubscriberStatus.UNSUBSCRIBED) | (
            Q(status=SubscriberStatus.PENDING)
            & (
                Q(confirmation_sent_at__isnull=True)
                | Q(confirmation_sent_at__lt=now - RESEND_AFTER)
            )
        )
        won = Subscriber.objects.filter(is_due, pk=subscriber.pk).update(
            status=SubscriberStatus.PENDING, confirmation_sent_at=now
        )
        if not won:
            return
    # After commit, so a worker never looks for a row it cannot see yet; with a
    # worker, the request then takes as long whatever the address's state.
    transaction.on_commit(lambda: tasks.send_confirmation.enqueue(subscriber.pk))


def confirm(*, subscriber):
    Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.PENDING).update(
        status=SubscriberStatus.CONFIRMED, confirmed_at=timezone.now()
    )


def unsubscribe(*, subscribers):
    """Unsubscribe everyone in the queryset who still gets mail; return how many."""
    return subscribers.filter(
        status__in=[SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED]
    ).update(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def suppress(*, email, status):
    """Never mail the address again because it bounced or its owner complained."""
    stamp = {
        SubscriberStatus.BOUNCED: "bounced_at",
        SubscriberStatus.COMPLAINED: "complained_at",
    }[status]
    Subscriber.objects.filter(email=normalize_email(email)).exclude(
        status=SubscriberStatus.COMPLAINED
    ).update(status=status, **{stamp: timezone.now()})
