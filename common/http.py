"""Facts about a request's client that several apps check, and rate limits."""

import ipaddress
import math
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import salted_hmac

SAME_SITE_FETCHES = {"same-origin", "same-site"}
# Headers we parse are cut to this length first, so their cost stays bounded.
MAX_HEADER_LENGTH = 256


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


def client_wider_network(request):
    """Return the network the client's address belongs to: /24 for IPv4, /64 for IPv6.

    An office, a campus or a cloud host hands neighbouring addresses to one party,
    so a limit per network catches what rotating addresses would slip past.
    """
    address = client_network(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/24", strict=False))


def origin_of(scheme, netloc):
    """Return (scheme, host, port) with the scheme's default port filled in."""
    host, port = split_domain_port(netloc)
    if not port:
        port = {"http": "80", "https": "443"}.get(scheme, "")
    return scheme, host, port


def request_origin(request):
    """Return the origin the request was sent to, or None for a Host we don't serve."""
    try:
        return origin_of(request.scheme, request.get_host())
    except DisallowedHost:
        return None


def is_same_site(request):
    """Tell whether the request was sent by one of the site's own pages."""
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers that send Sec-Fetch-Site but no Origin; no header at all means
        # no browser vouches for the request.
        return request.headers.get("Sec-Fetch-Site") in SAME_SITE_FETCHES
    try:
        parts = urlsplit(origin[:MAX_HEADER_LENGTH])
    except ValueError:
        return False  # Not even a URL, such as an unclosed IPv6 bracket.
    # Scheme, host and port all count: another service on another port of our
    # host is another site.
    sender = origin_of(parts.scheme, parts.netloc)
    site = urlsplit(settings.SITE_URL)
    site_origin = origin_of(site.scheme, site.netloc)
    if sender in (site_origin, request_origin(request)):
        return True
    scheme, domain, port = sender
    # "*" in ALLOWED_HOSTS means "any Host header", not "any site is ours".
    own_hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    return (
        (scheme, port) == (site_origin[0], site_origin[2])
        and bool(domain)
        and validate_host(domain, own_hosts)
    )


def is_over_limit(scope, value, *, limit, window):
    """Count an attempt for value; tell if the last `window` seconds went over limit."""
    return rate_limit_wait(scope, value, limit=limit, window=window) > 0


def rate_limit_wait(scope, value, *, limit, window):
    """Count an attempt for value; return the seconds to wait before the next one
    fits within limit, or 0 when this one did.

    The window slides: attempts in the previous fixed window count in proportion to
    how much of it is still within `window` seconds of now, so a client cannot spend
    its limit at the end of one window and again at the start of the next.
    """
    hashed = salted_hmac(scope, value, algorithm="sha256").hexdigest()[:32]
    current, elapsed = divmod(time.time(), window)
    key = f"rate:{scope}:{hashed}:{int(current)}"
    # add() is a no-op when the key exists, and incr() is atomic in Redis, so
    # parallel requests on several servers all count. The key outlives its own
    # window because the next one reads it.
    cache.add(key, 0, timeout=2 * window)
    attempts = cache.incr(key)
    previous = cache.get(f"rate:{scope}:{hashed}:{int(current) - 1}", 0)
    if attempts + previous * (1 - elapsed / window) <= limit:
        return 0
    if attempts < limit:
        # Room in this window once enough of the previous one has slid out.
        fits_at = window * (1 - (limit - attempts - 1) / previous)
        return max(1, math.ceil(fits_at - elapsed))
    # Room only once enough of this window has slid out, in the next one.
    fits_at = window * (1 - (limit - 1) / attempts)
    return math.ceil(window - elapsed + fits_at)
