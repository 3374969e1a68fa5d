import contextlib
import re

import idna
from django.db import models
from django.db.models.functions import Lower

# A quoted local part that needs no quotes: "reader"@example.org is reader@...
NEEDLESS_QUOTES = re.compile(r'^"([A-Za-z0-9!#$%&\'*+/=?^_`{|}~.-]+)"$')
# Providers known to ignore dots in the local part.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalize_email(email):
    """Return the address as stored: lower-case, needless quotes gone, the domain in
    punycode, so that the spellings of one address make one subscriber.
    """
    local, _, domain = email.strip().rpartition("@")
    local = NEEDLESS_QUOTES.sub(r"\1", local)
    domain = domain.rstrip(".").lower()
    # A name idna cannot spell is left as it is; the form refused worse already.
    with contextlib.suppress(idna.IDNAError):
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}".lower() if local else email.strip().lower()


def mailbox_of(email):
    """Return the mailbox an address delivers to, to limit mail per mailbox.

    Sub-addresses (reader+news@) reach reader@ at nearly every provider, and some
    providers also ignore dots.
    """
    local, _, domain = normalize_email(email).rpartition("@")
    local = local.partition("+")[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Pending confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Complained"


class Subscriber(models.Model):
    email = models.EmailField(max_length=254)
    status = models.CharField(
        max_length=12, choices=SubscriberStatus, default=SubscriberStatus.PENDING
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="The page the reader signed up on."
    )
    created_at = models.DateTimeField("signed up", auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(
        "confirmation sent", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("unsubscribed", null=True, blank=True)
    bounced_at = models.DateTimeField("bounced", null=True, blank=True)
    complained_at = models.DateTimeField("complained", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_email_unique_ci",
                violation_error_message="This address is already on the list.",
            )
        ]
        indexes = [models.Index(fields=["status", "id"], name="subscriber_status_idx")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class BlockedDomain(models.Model):
    """An e-mail domain whose signups are dropped, subdomains included."""

    domain = models.CharField(
        max_length=253, unique=True, help_text="For example example.com."
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField("blocked", auto_now_add=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().strip(".").removeprefix("@").lower()
        super().save(*args, **kwargs)


class Period(models.TextChoices):
    DAY = "day", "Daily"
    WEEK = "week", "Weekly"


class Digest(models.Model):
    """A newsletter issue, with UNSUBSCRIBE_MARKER where each recipient's link goes."""

    UNSUBSCRIBE_MARKER = "%%unsubscribe_url%%"

    period = models.CharField(max_length=4, choices=Period, default=Period.DAY)
    subject = models.CharField(max_length=200)
    html = models.TextField("HTML e-mail")
    text = models.TextField("plain-text e-mail")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When sending started."
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last recipient was sent it."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("send_digest", "Can send a digest to subscribers")]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """A digest claimed for one subscriber; `sent_at` is set once it was sent."""

    digest = models.ForeignKey(Digest, models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="delivery_unique_recipient"
            )
        ]

    def __str__(self):
        return f"{self.digest} to {self.subscriber}"
