import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status


def test_published_excludes_drafts_review_and_future(make_article):
    live = make_article(title="Live story")
    make_article(title="Draft", status=Status.DRAFT)
    make_article(title="In review", status=Status.REVIEW)
    make_article(
        title="Scheduled", published_at=timezone.now() + timezone.timedelta(hours=2)
    )
    make_article(title="Undated draft", status=Status.DRAFT, published_at=None)

    assert list(Article.objects.published()) == [live]


def test_scheduled_article_goes_live_when_its_time_comes(client, make_article):
    publish_at = timezone.now() + timezone.timedelta(hours=2)
    article = make_article(title="Embargoed launch", published_at=publish_at)

    assert article not in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 404

    with time_machine.travel(publish_at + timezone.timedelta(seconds=1)):
        assert list(Article.objects.published()) == [article]
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Embargoed launch" in response.text


def test_publishing_without_a_time_stamps_now(make_article):
    before = timezone.now()
    article = make_article(published_at=None, status=Status.PUBLISHED)
    assert article.published_at >= before
    assert article in Article.objects.published()


def test_unpublished_article_is_not_public(client, make_article):
    article = make_article(status=Status.DRAFT)
    response = client.get(reverse("articles:detail", kwargs={"slug": article.slug}))
    assert response.status_code == 404
