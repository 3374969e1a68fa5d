"""Digests: what goes in one, who is due it, and sending a batch of it."""

import logging
import secrets
import smtplib
from datetime import timedelta

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article
from common.links import absolute_url
from common.models import SiteSettings
from readership import rankings

from .emails import digest_message
from .models import Delivery, Digest, Period, Subscriber, SubscriberStatus

logger = logging.getLogger(__name__)

# What a mail server says about one recipient, at RCPT or at DATA, as opposed to
# the connection failing.
REFUSALS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    AnymailRecipientsRefused,
)

PERIOD_LENGTH = {Period.DAY: timedelta(days=1), Period.WEEK: timedelta(days=7)}
DIGEST_WINDOW = {Period.DAY: "24h", Period.WEEK: "7d"}
MOST_VIEWED, LATEST, PICKS = 5, 5, 3


def _for_email(article):
    # JPEG rather than WebP: several mail clients still cannot show WebP.
    article.email_url = absolute_url(article.get_absolute_url())
    article.email_image_url = (
        absolute_url(article.hero_800_jpeg.url) if article.hero_image else ""
    )
    return article


def sources(period):
    """Return the digest's sections as (title, articles, how many) before repeats go."""
    since = timezone.now() - PERIOD_LENGTH[period]
    return [
        ("Most read", rankings.ranked(DIGEST_WINDOW[period]), MOST_VIEWED),
        ("Latest", Article.objects.published().filter(published_at__gte=since), LATEST),
        ("Don't miss", Article.objects.editors_picks(), PICKS),
    ]


def has_news(*, period):
    """Tell whether a digest of the period would have anything in it."""
    return any(articles.exists() for _, articles, _ in sources(period))


def compose_digest(*, period):
    """Build an unsaved digest of the period's news, or return None if there is none."""
    sections, seen = [], []
    for title, articles, count in sources(period):
        chosen = list(articles.for_display().exclude(pk__in=seen)[:count])
        seen += [article.pk for article in chosen]
        if chosen:
            sections.append((title, [_for_email(article) for article in chosen]))
    if not sections:
        return None
    lead = sections[0][1].pop(0)
    sections = [(title, articles) for title, articles in sections if articles]
    label = Period(period).label
    # A line break in a header makes every send fail, so the headline loses its own.
    headline = " ".join(lead.title.split())
    site_name = SiteSettings.current().name
    # Unguessable, so no article text can stand in for it.
    placeholder = f"unsubscribe-{secrets.token_hex(16)}"
    subject = Truncator(f"{site_name} {label.lower()}: {headline}").chars(200)
    context = {
        "site_name": site_name,
        "site_url": settings.SITE_URL,
        "subject": subject,
        "label": label,
        "date": timezone.localdate(),
        "lead": lead,
        "sections": sections,
        "unsubscribe_url": placeholder,
        "newsletter_url": absolute_url(reverse("newsletter:index")),
    }
    return Digest(
        period=period,
        subject=subject,
        html=with_marker(render_to_string("emails/digest.html", context), placeholder),
        text=with_marker(render_to_string("emails/digest.txt", context), placeholder),
    )


def with_marker(rendered, placeholder):
    """Put the unsubscribe marker where the template put placeholder, and only there.

    A headline or dek that spells the marker would otherwise become each reader's
    unsubscribe link; a zero-width space keeps it readable and inert.
    """
    marker = Digest.UNSUBSCRIBE_MARKER
    inert = f"{marker[0]}\u200b{marker[1:]}"
    return rendered.replace(marker, inert).replace(placeholder, marker)


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


def send_batch(*, digest, subscriber_ids):
    """Send the digest to those of the subscribers still due it, over one connection.

    One address cannot stop the send: a permanent refusal marks that subscriber
    bounced and a temporary one defers them to a later attempt, while the rest go
    on. Return how many were sent, bounced and deferred, and who was deferred.
    """
    due = list(recipients(digest).filter(pk__in=subscriber_ids).order_by("pk"))
    report = {"sent": 0, "bounced": 0, "deferred": 0, "deferred_ids": []}
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
            except REFUSALS as error:
                delivery.delete()
                if is_permanent(error):
                    logger.info("%s bounced the digest: %s", subscriber, error)
                    Subscriber.objects.filter(pk=subscriber.pk).update(
                        status=SubscriberStatus.BOUNCED, bounced_at=timezone.now()
                    )
                    report["bounced"] += 1
                else:
                    logger.info("%s deferred the digest: %s", subscriber, error)
                    report["deferred"] += 1
                    report["deferred_ids"].append(subscriber.pk)
                continue
            except Exception:
                # The server or the line failed, not this address: stop, and let a
                # later run send to everyone not yet claimed.
                delivery.delete()
                raise
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            report["sent"] += 1
    if not recipients(digest).exists():
        mark_sent(digest)
    return report


def is_permanent(error):
    """Tell whether a refusal is for good (5xx) rather than for now (4xx)."""
    if isinstance(error, AnymailRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return all(code >= 500 for code in codes)
    return error.smtp_code >= 500


def mark_sent(digest):
    Digest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
