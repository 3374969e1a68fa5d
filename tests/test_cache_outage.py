"""With Redis as the shared cache and Redis down, readers still get every page."""

from django.core.cache import cache
from django.urls import reverse

from articles.models import Article


def test_cache_calls_answer_as_an_empty_cache(cache_down):
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is True
    assert cache.incr("counter") == 1
    assert cache.get_or_set("version", lambda: 42) == 42
    cache.set("key", 1)
    assert cache.get_many(["key"]) == {}


def test_reader_pages_render_from_the_database(client, cache_down, make_article):
    article = make_article(title="Outage-proof story", tags=["chips"])

    for url in (
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        reverse("articles:tag", args=["chips"]),
        "/search/?q=outage",
        "/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Outage-proof story" in response.text, url


def test_view_beacon_still_counts(client, cache_down, make_article):
    article = make_article()

    response = client.post(
        reverse("readership:view", args=[article.slug]),
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 204
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_newsletter_signup_still_answers(client, db, cache_down, mailoutbox):
    response = client.post(
        "/newsletter/subscribe/",
        {"email": "reader@example.org", "consent": "on"},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
