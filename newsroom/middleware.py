"""Page caching: anonymous readers get shared, compressed copies of reader pages.

Two parts: FetchPageMiddleware sits after AuthenticationMiddleware so it can tell
readers from logged-in users, and UpdatePageCacheMiddleware sits above
SessionMiddleware and CsrfViewMiddleware so it sees the final Vary and Set-Cookie
headers before storing a page.

A stored page is its status, headers and gzipped body, stamped with the content
versions read before it was rendered (articles.content_version). A page whose own
version moved (its article was edited) is not served again. A page that is only
stale (older than its lifetime, or rendered more than a few seconds before some
other content changed) is served while one request, holding a lock, renders the
new copy; the others keep getting the old one, so an edit never sends every worker
to render the same page.
"""

import gzip
import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    patch_response_headers,
    patch_vary_headers,
)
from django.utils.http import quote_etag

from articles.content_version import (
    REMOVED_AT_KEY,
    VERSION_KEY,
    content_version,
    page_version_key,
    seconds_until_next_change,
)

# The only query parameters reader pages read. Others (utm_source on shared links, or
# junk) would each make a cached copy of the same page.
PAGE_PARAMETERS = ("page", "q")
# Sitemaps page with ?p= (django.contrib.sitemaps); no other page reads it.
SITEMAP_PARAMETERS = ("p",)
# A render that takes longer than this lets a second request try.
RENDER_LOCK_SECONDS = 10
# A page stored this recently stays fresh when other content changes, so that
# editors saving every second re-render each page once in this long at most.
EDIT_GRACE_SECONDS = 5
# Headers that belong to one delivery of a stored page, not to the page.
PER_DELIVERY_HEADERS = {"age", "content-length", "content-encoding", "x-cache"}


@dataclass(frozen=True)
class StoredPage:
    """What the cache keeps of a page: enough to serve it without rendering."""

    site_version: int
    page_version: int | None
    # When the versions were read, before rendering: the rows the page shows are
    # at least this recent.
    read_at: float
    stored_at: float
    fresh_until: float
    status: int
    headers: tuple
    body: bytes
    etag: str

    def is_fresh(self, site_version, removed_at, now):
        """Tell whether the page may be served as it is, without rendering it."""
        if now >= self.fresh_until or self.read_at <= removed_at:
            return False
        return (
            self.site_version == site_version or now - self.read_at < EDIT_GRACE_SECONDS
        )

    def response(self, request, state):
        """Return this page as an HTTP response, gzipped if the client takes it."""
        if accepts_gzip(request):
            response = HttpResponse(self.body, status=self.status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(self.body), status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Age"] = max(0, int(time.time() - self.stored_at))
        response["X-Cache"] = state
        return response


@dataclass
class PageRequest:
    """The page cache's view of one anonymous GET or HEAD, from fetch to store."""

    key: str
    lock_key: str | None
    read_at: float
    site_version: int
    page_version: int | None
    stale: StoredPage | None


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
        key = page_key(request)
        version_key = page_version_key(request.path)
        # One round trip: the page and what decides whether it is still good.
        found = cache.get_many([key, VERSION_KEY, REMOVED_AT_KEY, version_key])
        site_version = found.get(VERSION_KEY) or content_version()
        removed_at = found.get(REMOVED_AT_KEY, 0)
        page_version = found.get(version_key)
        page = found.get(key)
        if page is not None and page.page_version != page_version:
            page = None  # Its article changed: readers must see the edit at once.
        now = time.time()
        if page is not None and page.is_fresh(site_version, removed_at, now):
            return page.response(request, "hit")
        lock_key = None
        if page is not None:
            lock_key = f"{key}:render"
            if not cache.add(lock_key, 1, RENDER_LOCK_SECONDS):
                return page.response(request, "stale")
        request.page_cache = PageRequest(
            key, lock_key, now, site_version, page_version, stale=page
        )
        return self.get_response(request)


class UpdatePageCacheMiddleware:
    """Mark a page fetched for an anonymous reader public and store it in the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "page_cache", None)
        if state is None:
            return response
        try:
            if response.status_code >= 500 and state.stale is not None:
                # stale-if-error: the last good copy beats an error page.
                return state.stale.response(request, "stale")
            if not is_public_page(response):
                return response
            page = store(request, response, state)
        finally:
            if state.lock_key:
                cache.delete(state.lock_key)
        return page.response(request, "miss")


def store(request, response, state):
    """Make response public, keep it in the cache for GET, and return it stored."""
    lifetime = page_lifetime()
    stale_seconds = settings.PAGE_STALE_SECONDS
    patch_response_headers(response, lifetime)
    patch_cache_control(
        response,
        public=True,
        stale_while_revalidate=stale_seconds,
        stale_if_error=stale_seconds,
    )
    # Only a logged-in session changes a page, and those never get a public copy,
    # so other cookies (analytics, consent) must not split downstream caches.
    vary = [
        name
        for name in response.get("Vary", "").split(",")
        if name.strip() and name.strip().lower() != "cookie"
    ]
    if vary:
        response["Vary"] = ",".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]
    patch_vary_headers(response, ["Accept-Encoding"])
    body = response.content
    # Weak: the gzipped and plain bodies are the same page (as GZipMiddleware says).
    etag = "W/" + quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())
    response["ETag"] = etag
    now = time.time()
    page = StoredPage(
        site_version=state.site_version,
        page_version=state.page_version,
        read_at=state.read_at,
        stored_at=now,
        fresh_until=now + lifetime,
        status=response.status_code,
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_DELIVERY_HEADERS
        ),
        body=gzip.compress(body, compresslevel=6, mtime=0),
        etag=etag,
    )
    if request.method == "GET":
        cache.set(state.key, page, lifetime + stale_seconds)
    return page


def page_key(request):
    """Return the cache key of the page request asks for, from what pages read."""
    names = PAGE_PARAMETERS
    if request.path.endswith(".xml"):
        names += SITEMAP_PARAMETERS
    # The last value of a repeated name is the one QueryDict.get() gives the view.
    query = urlencode(
        [(name, request.GET[name]) for name in names if name in request.GET]
    )
    url = f"{request.get_host()}{request.path}?{query}"
    return f"pages:{hashlib.sha256(url.encode()).hexdigest()}"


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


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
