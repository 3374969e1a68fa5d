"""Absolute addresses on the public site, for feeds, e-mails and sharing cards."""

from django.conf import settings


def absolute_url(url):
    """Prefix a site-relative URL with SITE_URL; return other URLs unchanged."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL + "/" + url.lstrip("/")
