"""Work the task worker does: sending e-mail, and queueing a digest's batches."""

from itertools import batched

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from . import digests, emails
from .models import Digest, Subscriber


class DeliveryFailed(Exception):
    pass


@task
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:
        emails.send_confirmation(subscriber=subscriber)


@task
def send_digest_batch(digest_id, subscriber_ids):
    digest = Digest.objects.get(pk=digest_id)
    return digests.send_batch(digest=digest, subscriber_ids=subscriber_ids)


@task
def send_digest(digest_id):
    return queue_digest(digest=Digest.objects.get(pk=digest_id))


def queue_digest(*, digest, on_batch=None):
    """Queue a task per batch of recipients; return how many recipients there were.

    on_batch, if given, is called with the number of recipients of each batch queued.
    """
    Digest.objects.filter(pk=digest.pk, queued_at__isnull=True).update(
        queued_at=timezone.now()
    )
    digest.refresh_from_db(fields=["queued_at"])
    ids = list(digests.recipients(digest).order_by("pk").values_list("pk", flat=True))
    for batch in batched(ids, settings.NEWSLETTER_BATCH_SIZE):
        result = send_digest_batch.enqueue(digest.pk, list(batch))
        # Only an in-process backend knows the outcome here; stop at the first
        # failed batch so a broken mail server is not tried once per batch.
        if result.status == TaskResultStatus.FAILED:
            raise DeliveryFailed(result.errors[-1].traceback.strip().splitlines()[-1])
        if on_batch:
            on_batch(len(batch))
    if not ids:
        digests.mark_sent(digest)
    return len(ids)
