"""seed_demo's options on a site that has content: --reset, --if-empty, --login-only."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Category

from .seeding import ARTICLES, logs_in, printed_password, seed


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
