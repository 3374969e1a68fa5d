"""Rate limits on the signup form."""

import time

from django.conf import settings

from common.http import is_over_limit


def seconds_left_in_window():
    window = settings.NEWSLETTER_RATE_WINDOW
    return window - int(time.time()) % window


def is_rate_limited(scope, value, *, limit):
    """Count a signup attempt for the value; tell if it went over the limit."""
    return is_over_limit(
        f"newsletter.{scope}",
        value,
        limit=limit,
        window=settings.NEWSLETTER_RATE_WINDOW,
    )
