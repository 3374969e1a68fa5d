"""Facts about a request's client that several apps check, and rate limits."""

import ipaddress
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import salted_hmac

SAME_SITE_FETCHES = {"same-origin", "same-site"}


def client_ip(request):
    if settings.CLIENT_IP_HEADER:
        # X-Forwarded-For lists every hop; the last one was added by our own proxy.
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if address := forwarded.rpartition(",")[2].strip():
            return address
    return request.META.get("REMOTE_ADDR", "")


def client_network(request):
    """Return the client's address, or its /64 network for IPv6, to rate-limit by.

    One IPv6 subscriber usually holds a whole /64, so limiting single addresses
    would let one client through a billion times over.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def is_same_site(request):
    """Tell whether the request was sent by one of the site's own pages."""
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers that send Sec-Fetch-Site but no Origin; no header at all means
        # no browser vouches for the request.
        return request.headers.get("Sec-Fetch-Site") in SAME_SITE_FETCHES
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False  # Not even a URL, such as an unclosed IPv6 bracket.
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
        return True
    domain, _port = split_domain_port(parts.netloc)
    # "*" in ALLOWED_HOSTS means "any Host header", not "any site is ours".
    own_hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    return (
        parts.scheme in {"http", "https"}
        and bool(domain)
        and validate_host(domain, own_hosts)
    )


def is_over_limit(scope, value, *, limit, window):
    """Count an attempt for value in this fixed window; tell if it went over limit."""
    hashed = salted_hmac(scope, value, algorithm="sha256").hexdigest()[:32]
    key = f"rate:{scope}:{hashed}:{int(time.time()) // window}"
    # add() is a no-op when the key exists, and incr() is atomic in Redis, so
    # parallel requests on several servers all count.
    cache.add(key, 0, timeout=window)
    return cache.incr(key) > limit
