from datetime import timedelta
from itertools import batched
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from tqdm import tqdm

from readership import rankings
from articles.models import Article
from common.links import absolute_url

from . import tasks
from .models import (
    BlockedDomain,
    Delivery,
    Digest,
    Period,
    Subscriber,
    SubscriberStatus,
    normalize_email,
)

CONFIRM_MAX_AGE = timedelta(days=7)
RESEND_AFTER = timedelta(hours=1)
PERIOD_LENGTH = {Period.DAY: timedelta(days=1), Period.WEEK: timedelta(days=7)}
DIGEST_WINDOW = {Period.DAY: "24h", Period.WEEK: "7d"}
MOST_VIEWED, LATEST, PICKS = 5, 5, 3


class DeliveryFailed(Exception):
    pass


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
    tasks.send_confirmation.enqueue(subscriber.pk)


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


def _signer(purpose, subscriber):
    # The address is part of the salt, so a token dies with the address it was
    # made for even if a database ever hands the same id to someone else.
    salt = f"newsletter.{purpose}:{subscriber.email}"
    if purpose == "confirm":
        return signing.TimestampSigner(salt=salt)
    return signing.Signer(salt=salt)


def make_token(subscriber, *, purpose):
    return _signer(purpose, subscriber).sign(str(subscriber.pk))


def subscriber_from_token(token, *, purpose):
    """Return the token's subscriber or raise BadSignature (SignatureExpired if old)."""
    pk = token.partition(":")[0]
    # isdigit() alone also passes digits such as "²" that int() refuses.
    is_id = pk.isascii() and pk.isdigit()
    subscriber = Subscriber.objects.filter(pk=pk).first() if is_id else None
    if subscriber is None:
        raise signing.BadSignature("No such subscriber.")
    signer = _signer(purpose, subscriber)
    if purpose == "confirm":
        signer.unsign(token, max_age=CONFIRM_MAX_AGE)
    else:
        signer.unsign(token)
    return subscriber


def unsubscribe_url(subscriber):
    token = make_token(subscriber, purpose="unsubscribe")
    return absolute_url(reverse("newsletter:unsubscribe", args=[token]))


def _message(*, subject, text, html, subscriber, unsubscribe):
    host = urlsplit(settings.SITE_URL).hostname
    return EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscriber.email],
        alternatives=[(html, "text/html")],
        headers={
            "List-Id": f"{settings.SITE_NAME} newsletter <newsletter.{host}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def confirmation_message(subscriber):
    token = make_token(subscriber, purpose="confirm")
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    return _message(
        subject=f"Confirm your subscription to {settings.SITE_NAME}",
        text=render_to_string("emails/confirm.txt", context),
        html=render_to_string("emails/confirm.html", context),
        subscriber=subscriber,
        unsubscribe=context["unsubscribe_url"],
    )


def send_confirmation(*, subscriber):
    if subscriber.status == SubscriberStatus.PENDING:
        confirmation_message(subscriber).send()


def _for_email(article):
    # JPEG rather than WebP: several mail clients still cannot show WebP.
    article.email_url = absolute_url(article.get_absolute_url())
    article.email_image_url = (
        absolute_url(article.hero_800_jpeg.url) if article.hero_image else ""
    )
    return article


def compose_digest(*, period):
    """Build an unsaved digest of the period's news, or return None if there is none."""
    since = timezone.now() - PERIOD_LENGTH[period]
    published = Article.objects.published().for_display()
    most_viewed = list(
        rankings.ranked(DIGEST_WINDOW[period]).for_display()[:MOST_VIEWED]
    )
    seen = [article.pk for article in most_viewed]
    latest = list(
        published.filter(published_at__gte=since).exclude(pk__in=seen)[:LATEST]
    )
    seen += [article.pk for article in latest]
    picks = list(
        Article.objects.editors_picks().for_display().exclude(pk__in=seen)[:PICKS]
    )
    sections = [
        (title, [_for_email(article) for article in articles])
        for title, articles in [
            ("Most read", most_viewed),
            ("Latest", latest),
            ("Don't miss", picks),
        ]
        if articles
    ]
    if not sections:
        return None
    lead = sections[0][1].pop(0)
    sections = [(title, articles) for title, articles in sections if articles]
    label = Period(period).label
    # A line break in a header makes every send fail, so the headline loses its own.
    headline = " ".join(lead.title.split())
    subject = Truncator(f"{settings.SITE_NAME} {label.lower()}: {headline}").chars(200)
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        "label": label,
        "date": timezone.localdate(),
        "lead": lead,
        "sections": sections,
        "unsubscribe_url": Digest.UNSUBSCRIBE_MARKER,
        "newsletter_url": absolute_url(reverse("newsletter:index")),
    }
    return Digest(
        period=period,
        subject=subject,
        html=render_to_string("emails/digest.html", context),
        text=render_to_string("emails/digest.txt", context),
    )


def digest_html(digest, *, unsubscribe):
    return digest.html.replace(Digest.UNSUBSCRIBE_MARKER, escape(unsubscribe))


def digest_message(digest, subscriber):
    unsubscribe = unsubscribe_url(subscriber)
    return _message(
        subject=digest.subject,
        text=digest.text.replace(Digest.UNSUBSCRIBE_MARKER, unsubscribe),
        html=digest_html(digest, unsubscribe=unsubscribe),
        subscriber=subscriber,
        unsubscribe=unsubscribe,
    )


def recipients(digest):
    """Return the confirmed subscribers who have not been sent the digest."""
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    if digest.queued_at:
        # Readers who confirm once sending has started get the next digest; were
        # they due this one, no batch would hold them and it would never finish.
        confirmed = confirmed.exclude(confirmed_at__gt=digest.queued_at)
    return confirmed.exclude(deliveries__digest=digest) if digest.pk else confirmed


def recent_digest(*, period):
    """Return a digest of the period that started going out less than a period ago.

    An hour of slack lets a scheduled run start a little early on the next day.
    """
    since = timezone.now() - PERIOD_LENGTH[period] + timedelta(hours=1)
    return Digest.objects.filter(period=period, queued_at__gte=since).first()


def unfinished_digest(*, period):
    """Return the period's latest digest whose sending started but did not finish."""
    return Digest.objects.filter(
        period=period, queued_at__isnull=False, sent_at__isnull=True
    ).first()


def queue_digest(*, digest, progress=False):
    """Queue a task per batch of recipients; return how many recipients there were."""
    Digest.objects.filter(pk=digest.pk, queued_at__isnull=True).update(
        queued_at=timezone.now()
    )
    digest.refresh_from_db(fields=["queued_at"])
    ids = list(recipients(digest).order_by("pk").values_list("pk", flat=True))
    with tqdm(total=len(ids), unit="recipient", disable=not progress) as bar:
        for batch in batched(ids, settings.NEWSLETTER_BATCH_SIZE):
            result = tasks.send_digest_batch.enqueue(digest.pk, list(batch))
            # Only an in-process backend knows the outcome here; stop at the first
            # failed batch so a broken mail server is not tried once per batch.
            if result.status == TaskResultStatus.FAILED:
                raise DeliveryFailed(
                    result.errors[-1].traceback.strip().splitlines()[-1]
                )
            bar.update(len(batch))
    if not ids:
        _mark_sent(digest)
    return len(ids)


def send_digest_batch(*, digest, subscriber_ids):
    """Send the digest to those of the subscribers still due it, over one connection."""
    due = list(recipients(digest).filter(pk__in=subscriber_ids).order_by("pk"))
    sent = 0
    with mailers.default as connection:
        for subscriber in due:
            # Claim first, then send: a crash between the two loses one e-mail
            # rather than sending one twice, and a parallel worker skips the claim.
            try:
                with transaction.atomic():
                    delivery = Delivery.objects.create(
                        digest=digest, subscriber=subscriber
                    )
            except IntegrityError:
                continue
            try:
                connection.send_messages([digest_message(digest, subscriber)])
            except Exception:
                delivery.delete()
                raise
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            sent += 1
    if not recipients(digest).exists():
        _mark_sent(digest)
    return sent


def _mark_sent(digest):
    Digest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
