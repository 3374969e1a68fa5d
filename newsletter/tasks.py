from django.tasks import task

from . import services
from .models import Digest, Subscriber


@task
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:
        services.send_confirmation(subscriber=subscriber)


@task
def send_digest_batch(digest_id, subscriber_ids):
    digest = Digest.objects.get(pk=digest_id)
    return services.send_digest_batch(digest=digest, subscriber_ids=subscriber_ids)


@task
def send_digest(digest_id):
    return services.queue_digest(digest=Digest.objects.get(pk=digest_id))
