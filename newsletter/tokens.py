"""Signed tokens in confirmation and unsubscribe links."""

from datetime import timedelta

from django.core import signing

from .models import Subscriber

CONFIRM_MAX_AGE = timedelta(days=7)


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
