import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone
from imagekit.models.fields.utils import ImageSpecFileDescriptor
from taggit.models import Tag

from articles.models import Article, Category, Status
from authors.models import Author
from demo.site import HISTORY_DAYS
from readership.models import DailyViews

ARTICLES = 20


def seed(*args):
    """Run seed_demo on a small archive; return its stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "seed_demo", "--articles", str(ARTICLES), *args, stdout=stdout, stderr=stderr
    )
    return stdout.getvalue(), stderr.getvalue()


def image_specs(model):
    return [
        name
        for name, attribute in vars(model).items()
        if isinstance(attribute, ImageSpecFileDescriptor)
    ]


def printed_password(output):
    return re.search(r"Password: (\S+)", output).group(1)


def logs_in(client, password):
    """Tell whether the demo editor gets in through the admin's login form.

    The form, not client.login(): the login lockout needs the request.
    """
    client.post("/admin/login/", {"username": "editor", "password": password})
    return "_auth_user_id" in client.session


def content_fingerprint():
    return [
        (
            article.title,
            article.slug,
            article.status,
            article.category.name,
            article.hero_image.name,
            [byline.author.name for byline in article.bylines.all()],
            sorted(article.tags.names()),
        )
        for article in Article.objects.for_display().prefetch_related("tags")
    ]


@pytest.mark.django_db
def test_seed_fills_an_empty_site_with_a_realistic_mix():
    stdout, stderr = seed("--seed", "3")

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


@pytest.mark.django_db
def test_seed_records_a_view_history_for_live_articles_only():
    seed()

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


@pytest.mark.django_db
def test_seed_renders_each_distinct_image_once():
    seed()

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


@pytest.mark.django_db
def test_seed_prints_an_editor_login_that_reaches_the_admin(client):
    stdout, _ = seed("--if-empty")

    assert "/admin/login/" in stdout
    assert "Username: editor" in stdout
    assert logs_in(client, printed_password(stdout))
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_same_seed_gives_the_same_content_after_reset():
    seed("--seed", "7")
    first = content_fingerprint()

    seed("--seed", "7", "--reset")

    assert content_fingerprint() == first
    assert Article.objects.count() == ARTICLES
    assert get_user_model().objects.filter(username="editor").count() == 1

    seed("--seed", "8", "--reset")

    assert content_fingerprint() != first


@pytest.mark.django_db
def test_seed_refuses_a_site_that_has_content(make_article):
    make_article(title="Real reporting")

    with pytest.raises(CommandError, match="--reset"):
        seed()

    assert list(Article.objects.values_list("title", flat=True)) == ["Real reporting"]
    assert not Category.objects.filter(name="Gadgets").exists()


@pytest.mark.django_db
def test_reset_replaces_existing_content(make_article):
    make_article(title="Real reporting")

    seed("--reset")

    assert not Article.objects.filter(title="Real reporting").exists()
    assert Article.objects.count() == ARTICLES


def login_only(*args):
    stdout = io.StringIO()
    call_command("seed_demo", *args, stdout=stdout)
    return stdout.getvalue()


@pytest.mark.parametrize("option", ["--login-only", "--if-empty"])
def test_login_refresh_gives_the_editor_a_new_password_and_keeps_content(
    client, make_article, option
):
    make_article(title="Real reporting")
    first = login_only(option)

    second = login_only(option)

    assert not logs_in(client, printed_password(first))
    assert logs_in(client, printed_password(second))
    assert list(Article.objects.values_list("title", flat=True)) == ["Real reporting"]
