from django.urls import reverse

from articles.models import SlugRedirect, Status


def test_old_slug_redirects_permanently_to_the_current_url(client, make_article):
    article = make_article(slug="first-draft-headline")
    article.slug = "final-headline"
    article.save()

    response = client.get("/articles/first-draft-headline/")

    assert response.status_code == 301
    assert response["Location"] == reverse("articles:detail", args=["final-headline"])


def test_every_earlier_slug_keeps_working(client, make_article):
    article = make_article(slug="one")
    for slug in ("two", "three"):
        article.slug = slug
        article.save()

    for old in ("one", "two"):
        assert client.get(f"/articles/{old}/")["Location"] == "/articles/three/"


def test_slug_taken_back_by_the_article_stops_redirecting(client, make_article):
    article = make_article(slug="alpha")
    article.slug = "beta"
    article.save()
    article.slug = "alpha"
    article.save()

    assert not SlugRedirect.objects.filter(old_slug="alpha").exists()
    assert client.get("/articles/alpha/").status_code == 200
    assert client.get("/articles/beta/")["Location"] == "/articles/alpha/"


def test_old_slug_of_an_unpublished_article_is_a_404(client, make_article):
    article = make_article(slug="old-name")
    article.slug = "new-name"
    article.status = Status.DRAFT
    article.save()

    assert client.get("/articles/old-name/").status_code == 404
