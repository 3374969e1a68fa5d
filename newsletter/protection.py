"""Rate limits on the signup form."""

from django.conf import settings

from common.http import rate_limit_wait


def signup_wait(scope, value, *, limit):
    """Count a signup attempt for value; return the seconds to wait, 0 if in limit."""
    return rate_limit_wait(
        f"newsletter.{scope}",
        value,
        limit=limit,
        window=settings.NEWSLETTER_RATE_WINDOW,
    )
