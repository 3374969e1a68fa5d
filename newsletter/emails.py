"""The e-mails subscribers get: confirmation requests and digests, with their links."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from common.links import absolute_url
from common.models import SiteSettings

from .models import Digest, SubscriberStatus
from .tokens import CONFIRM_MAX_AGE, make_token


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
            "List-Id": f"{SiteSettings.current().name} newsletter <newsletter.{host}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def confirmation_message(subscriber):
    token = make_token(subscriber, purpose="confirm")
    site_name = SiteSettings.current().name
    context = {
        "site_name": site_name,
        "site_url": settings.SITE_URL,
        "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    return _message(
        subject=f"Confirm your subscription to {site_name}",
        text=render_to_string("emails/confirm.txt", context),
        html=render_to_string("emails/confirm.html", context),
        subscriber=subscriber,
        unsubscribe=context["unsubscribe_url"],
    )


def send_confirmation(*, subscriber):
    if subscriber.status == SubscriberStatus.PENDING:
        confirmation_message(subscriber).send()


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
