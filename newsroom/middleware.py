"""Page caching: anonymous readers get shared cached pages marked public.

Two parts, like Django's own cache middleware: FetchPageMiddleware sits after
AuthenticationMiddleware so it can tell readers from logged-in users, and
UpdatePageCacheMiddleware sits above SessionMiddleware and CsrfViewMiddleware so it
sees the final Vary and Set-Cookie headers before storing a page.
"""

import copy
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import (
    get_cache_key,
    get_max_age,
    has_vary_header,
    learn_cache_key,
    patch_cache_control,
    patch_response_headers,
)
from django.utils.http import parse_http_date_safe

from articles.content_version import content_version, seconds_until_next_change

# The only query parameters reader pages read. Others (utm_source on shared links, or
# junk) would each make a cached copy of the same page.
PAGE_PARAMETERS = {"page", "q"}


class FetchPageMiddleware:
    """Serve readers' GET and HEAD requests from the cache; mark others' private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.user.is_authenticated:
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        # The version is read once, before the view: a page rendered from rows that
        # change meanwhile is stored under the old version and never served.
        key_prefix = f"pages.{content_version()}"
        cache_key = get_cache_key(as_keyed(request), key_prefix, "GET", cache=cache)
        response = cache.get(cache_key) if cache_key else None
        if response is None:
            request.page_cache_prefix = key_prefix
            return self.get_response(request)
        # Tell downstream caches how long this copy has been stored already.
        expires = parse_http_date_safe(response["Expires"])
        response["Age"] = max(0, get_max_age(response) - (expires - int(time.time())))
        return response


class UpdatePageCacheMiddleware:
    """Mark a page fetched for an anonymous reader public and store it in the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key_prefix = getattr(request, "page_cache_prefix", None)
        if key_prefix is None or not is_public_page(response):
            return response
        timeout = page_lifetime()
        patch_response_headers(response, timeout)
        patch_cache_control(response, public=True)
        if request.method == "GET":
            cache_key = learn_cache_key(
                as_keyed(request), response, timeout, key_prefix, cache=cache
            )
            cache.set(cache_key, response, timeout)
        return response


def as_keyed(request):
    """Return the request as the page cache keys it: only the parameters pages read."""
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    keyed = copy.copy(request)
    keyed.META = {
        **request.META,
        "QUERY_STRING": urlencode(
            sorted((name, value) for name, value in query if name in PAGE_PARAMETERS)
        ),
    }
    return keyed


def is_public_page(response):
    # A view that sets its own Cache-Control (the admin's never_cache, the preview)
    # keeps it, and a response that sets a cookie is somebody's own.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not has_vary_header(response, "*")
    )


def page_lifetime():
    """Return the page lifetime, cut short to end when scheduled content changes."""
    lifetime = settings.PAGE_CACHE_SECONDS
    next_change = seconds_until_next_change()
    return lifetime if next_change is None else min(lifetime, next_change)
