"""Sending the view beacon as a reader's browser does, and reading what it counted."""

from datetime import UTC, datetime

from django.urls import reverse

from readership.models import ViewStat

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
OTHER_BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
IP = "203.0.113.7"
SITE = "http://testserver"
# Published well before every moment the tests travel to.
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def beacon(client, article, *, ip=IP, user_agent=BROWSER, origin=SITE, **headers):
    if origin is not None:
        headers["Origin"] = origin
    return client.post(
        reverse("readership:view", kwargs={"slug": article.slug}),
        REMOTE_ADDR=ip,
        headers={"User-Agent": user_agent, **headers},
    )


def views_of(article):
    article.refresh_from_db()
    return article.view_count


def outcomes():
    return dict(ViewStat.objects.values_list("outcome", "count"))
