"""Checks that stand in for CSRF tokens on the cached signup form, and rate limits."""

import hashlib
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port, validate_host

SAME_SITE_FETCHES = {"same-origin", "same-site"}


def is_same_site(request):
    """Tell whether the request was sent by one of the site's own pages."""
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers that send Sec-Fetch-Site but no Origin; no header at all means
        # no browser vouches for the request, so it is refused.
        return request.headers.get("Sec-Fetch-Site") in SAME_SITE_FETCHES
    parts = urlsplit(origin)
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
        return True
    domain, _port = split_domain_port(parts.netloc)
    return (
        parts.scheme in {"http", "https"}
        and bool(domain)
        and validate_host(domain, settings.ALLOWED_HOSTS)
    )


def client_ip(request):
    if settings.CLIENT_IP_HEADER:
        # X-Forwarded-For lists every hop; the last one was added by our own proxy.
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if address := forwarded.rpartition(",")[2].strip():
            return address
    return request.META.get("REMOTE_ADDR", "")


def seconds_left_in_window():
    window = settings.NEWSLETTER_RATE_WINDOW
    return window - int(time.time()) % window


def is_rate_limited(scope, value, *, limit):
    """Count an attempt for the value in this window; tell if it went over the limit."""
    window = settings.NEWSLETTER_RATE_WINDOW
    hashed = hashlib.sha256(value.encode()).hexdigest()
    key = f"newsletter:rate:{scope}:{hashed}:{int(time.time()) // window}"
    # add() is a no-op when the key exists, and incr() is atomic in Redis, so
    # parallel requests on several servers all count.
    cache.add(key, 0, timeout=window)
    return cache.incr(key) > limit
