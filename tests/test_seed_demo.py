"""What seed_demo puts on an empty site: content, readership, images, a login."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from imagekit.models.fields.utils import ImageSpecFileDescriptor
from taggit.models import Tag

from articles.models import Article, Category, Status
from authors.models import Author
from demo.site import HISTORY_DAYS
from readership.models import DailyViews

from .seeding import ARTICLES, logs_in, printed_password, seed


def image_specs(model):
    return [
        name
        for name, attribute in vars(model).items()
        if isinstance(attribute, ImageSpecFileDescriptor)
    ]


@pytest.fixture(scope="module")
def seeded(module_db, module_media):
    """Seed an empty site once for the tests that only read it; return the output."""
    with module_db():
        return seed("--seed", "3", "--if-empty")


def test_seed_fills_an_empty_site_with_a_realistic_mix(seeded, db):
    stdout, stderr = seeded

    now = timezone.now()
    assert Author.objects.count() >= 8
    assert not Author.objects.filter(photo="").exists()
    assert not Author.objects.filter(bio="").exists()
    assert Category.objects.count() == 6
    assert Tag.objects.count() == 40
    assert Article.objects.count() == ARTICLES
    assert Article.objects.filter(status=Status.DRAFT).exists()
    assert Article.objects.filter(status=Status.REVIEW).exists()
    assert Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=now
    ).exists()
    oldest = Article.objects.published().order_by("published_at").first()
    assert oldest.published_at > now - timezone.timedelta(days=91)
    assert Article.objects.filter(is_featured=True).exists()
    picks = Article.objects.filter(is_editors_pick=True)
    assert picks.count() >= 2
    assert picks.filter(pick_until__lt=now).count() == 1
    assert Article.objects.editors_picks().count() == picks.count() - 1
    assert not Article.objects.filter(bylines__isnull=True).exists()
    assert not Article.objects.filter(created_at__gt=now).exists()
    for article in Article.objects.all():
        assert article.hero_image and article.hero_alt and article.hero_credit
        assert "<h2>" in article.body and "<a href=" in article.body
        assert "<li>" in article.body
    assert f"{ARTICLES}/{ARTICLES}" in stderr
    assert "Seeded demo content" in stdout


def test_seed_records_a_view_history_for_live_articles_only(seeded, db):
    for article in Article.objects.all():
        buckets = DailyViews.objects.filter(article=article)
        if not article.is_live:
            assert not buckets.exists()
            assert article.view_count == 0
            continue
        days = (timezone.now().date() - article.published_at.date()).days + 1
        assert buckets.count() == min(days, HISTORY_DAYS)
        assert buckets.aggregate(total=Sum("count"))["total"] == article.view_count
    assert Article.objects.filter(view_count__gt=1000).exists()


def test_seed_renders_each_distinct_image_once(seeded, db):
    heroes = set(Article.objects.values_list("hero_image", flat=True))
    assert len(heroes) < ARTICLES
    renditions = [
        path
        for path in (Path(settings.MEDIA_ROOT) / "renditions").rglob("*")
        if path.is_file()
    ]
    # Every hero rendition per distinct image, every photo rendition per author.
    assert len(renditions) == (
        len(heroes) * len(image_specs(Article))
        + Author.objects.count() * len(image_specs(Author))
    )
    article = Article.objects.published().first()
    assert (Path(settings.MEDIA_ROOT) / article.hero_800.name).is_file()


def test_seed_prints_an_editor_login_that_reaches_the_admin(client, seeded, db):
    stdout, _ = seeded

    assert "/admin/login/" in stdout
    assert "Username: editor" in stdout
    assert logs_in(client, printed_password(stdout))
    assert client.get("/admin/").status_code == 200
