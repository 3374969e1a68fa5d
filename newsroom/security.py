"""Middleware that answers health checks and keeps hostile URLs and embeds out."""

import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse

# NUL, other control characters and lone surrogates: no page has them in its URL,
# and databases refuse them (PostgreSQL fails the whole query on a NUL).
INVALID_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Features no page uses, so a page that is made to ask for them is refused.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache():
    token = secrets.token_hex(8)
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        raise ConnectionError("the cache kept nothing")


CHECKS = {"database": check_database, "cache": check_cache}


def health():
    """Return the health check's answer: 200, or 503 naming what failed."""
    failing = {}
    for name, check in CHECKS.items():
        try:
            check()
        except (DatabaseError, ConnectionError) as error:
            failing[name] = str(error).strip().splitlines()[0][:200] or "failed"
    response = JsonResponse(
        {"status": "failing", "failing": failing} if failing else {"status": "ok"},
        status=503 if failing else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer /healthz before anything else: no host check, redirect, session or cache.

    Load balancers ask by address over plain HTTP, which every later check refuses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return health()
        return self.get_response(request)


class HardeningMiddleware:
    """Answer 404 for paths with characters no page has; add the policy headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_invalid_characters(request):
            raise Http404("No page has such characters in its address.")
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Media are pictures for pages, feeds and e-mails read anywhere; everything
        # else is for this site's own pages.
        is_media = request.path_info.startswith(settings.MEDIA_URL)
        response.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if is_media else "same-site"
        )
        return response


def has_invalid_characters(request):
    """Tell whether the path has characters no page has; views that read the query
    string clean their own parameters (search drops a NUL, lists refuse bad pages)."""
    return bool(INVALID_CHARACTERS.search(request.path))
