"""Work the task worker does: sending e-mail, and queueing a digest's batches."""

from collections import Counter
from datetime import timedelta
from itertools import batched

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from . import digests, emails
from .models import Digest, Subscriber

OUTCOMES = ("sent", "bounced", "deferred")


def runs_in_background():
    """Tell whether queued tasks run in a worker rather than in the request."""
    return not isinstance(send_digest.get_backend(), ImmediateBackend)


class DeliveryFailed(Exception):
    pass


@task
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:
        emails.send_confirmation(subscriber=subscriber)


@task
def send_digest_batch(digest_id, subscriber_ids, attempt=1):
    """Send one batch, and queue those deferred for a later attempt while any remain.

    Where the task backend cannot run work later (the in-process one), deferred
    recipients wait for the next `send_digest` run instead.
    """
    digest = Digest.objects.get(pk=digest_id)
    report = digests.send_batch(digest=digest, subscriber_ids=subscriber_ids)
    retry = send_digest_batch.get_backend().supports_defer
    if report["deferred_ids"] and retry and attempt < settings.NEWSLETTER_SEND_ATTEMPTS:
        delay = settings.NEWSLETTER_RETRY_SECONDS * 4 ** (attempt - 1)
        send_digest_batch.using(
            run_after=timezone.now() + timedelta(seconds=delay)
        ).enqueue(digest_id, report["deferred_ids"], attempt + 1)
    return report


@task
def send_digest(digest_id):
    count, outcome = queue_digest(digest=Digest.objects.get(pk=digest_id))
    return {"recipients": count, **outcome}


def queue_digest(*, digest, on_batch=None):
    """Queue a task per batch of recipients; return how many there were, and how
    many were sent, bounced and deferred where the backend ran the batches at once.

    on_batch, if given, is called with the number of recipients of each batch queued.
    """
    Digest.objects.filter(pk=digest.pk, queued_at__isnull=True).update(
        queued_at=timezone.now()
    )
    digest.refresh_from_db(fields=["queued_at"])
    ids = list(digests.recipients(digest).order_by("pk").values_list("pk", flat=True))
    outcome = Counter()
    for batch in batched(ids, settings.NEWSLETTER_BATCH_SIZE):
        result = send_digest_batch.enqueue(digest.pk, list(batch))
        # Only an in-process backend knows the outcome here; stop at the first
        # failed batch so a broken mail server is not tried once per batch.
        if result.status == TaskResultStatus.FAILED:
            raise DeliveryFailed(result.errors[-1].traceback.strip().splitlines()[-1])
        if result.status == TaskResultStatus.SUCCESSFUL:
            report = result.return_value
            outcome.update({key: report[key] for key in OUTCOMES})
        if on_batch:
            on_batch(len(batch))
    if not ids:
        digests.mark_sent(digest)
    return len(ids), outcome
