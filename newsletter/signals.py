from anymail.signals import tracking
from django.dispatch import receiver

from . import services
from .models import Subscriber, SubscriberStatus, normalize_email

# Anymail's normalized event types, as reported by the e-mail service's webhooks.
SUPPRESSING_EVENTS = {
    "bounced": SubscriberStatus.BOUNCED,
    "rejected": SubscriberStatus.BOUNCED,
    "complained": SubscriberStatus.COMPLAINED,
}


@receiver(tracking)
def stop_mailing_undeliverable(sender, event, esp_name, **kwargs):
    if not event.recipient:
        return
    if event.event_type in SUPPRESSING_EVENTS:
        services.suppress(
            email=event.recipient, status=SUPPRESSING_EVENTS[event.event_type]
        )
    elif event.event_type == "unsubscribed":
        services.unsubscribe(
            subscribers=Subscriber.objects.filter(
                email=normalize_email(event.recipient)
            )
        )
