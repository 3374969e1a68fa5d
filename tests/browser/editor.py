"""Helpers for the editor's-desk browser tests: logging in and serving media."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse


def log_in(page, live_server, user):
    """Give page's browser context a logged-in session for user."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )


def serve_media(page):
    """Answer the page's requests for uploads from MEDIA_ROOT.

    The live server does not serve media (DEBUG is off in tests), and a missing
    image would hide exactly what these tests look for.
    """
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        path = root / name
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(
            status=200,
            body=path.read_bytes(),
            content_type=mimetypes.guess_type(path.name)[0] or "image/webp",
        )

    page.context.route(f"**{settings.MEDIA_URL}**", fulfil)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def image_file(tmp_path, name="wafer.png", size=(640, 360)):
    """Write a real PNG to tmp_path and return its path."""
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", size, (40, 120, 200)).save(path, "PNG")
    return path
