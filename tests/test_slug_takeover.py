"""An old address belongs to its article until an editor explicitly takes it."""

import pytest

from articles import publishing
from articles.models import SlugRedirect, Status

from .article_admin import FORM, change_url
from .html_forms import form_data


@pytest.fixture
def renamed(make_article):
    """A published article that used to live at /articles/old-story/."""
    article = make_article(slug="old-story", title="The original story")
    article.slug = "new-story"
    article.save()
    return article


def test_writer_cannot_take_an_address_that_redirects(
    client, writer, make_article, renamed
):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer)
    client.force_login(writer)
    data = form_data(client.get(change_url(draft)), FORM)

    response = client.post(change_url(draft), {**data, "slug": "old-story"})

    assert response.status_code == 200
    error = response.context["adminform"].form.errors["slug"][0]
    assert "The original story" in error
    assert "Choose another slug" in error
    assert SlugRedirect.objects.get(old_slug="old-story").article == renamed


def test_editor_is_told_which_article_the_address_redirects_to(
    editor_client, make_article, renamed
):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)

    response = editor_client.post(change_url(draft), {**data, "slug": "old-story"})

    error = response.context["adminform"].form.errors["slug"][0]
    assert "redirects to “The original story”" in error
    assert "Take over this address" in error
    draft.refresh_from_db()
    assert draft.slug != "old-story"


def test_editor_takes_the_address_over_explicitly(editor_client, make_article, renamed):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)

    response = editor_client.post(
        change_url(draft), {**data, "slug": "old-story", "take_over_slug": "on"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "old-story"
    assert not SlugRedirect.objects.filter(old_slug="old-story").exists()


def test_domain_refuses_a_silent_takeover(make_article, renamed, editor):
    draft = make_article(status=Status.DRAFT, published_at=None)
    draft.slug = "old-story"

    with pytest.raises(publishing.SlugTaken):
        publishing.save(draft, user=editor)

    assert SlugRedirect.objects.get(old_slug="old-story").article == renamed


def test_article_may_take_back_its_own_old_address(editor_client, renamed):
    data = form_data(editor_client.get(change_url(renamed)), FORM)

    response = editor_client.post(change_url(renamed), {**data, "slug": "old-story"})

    assert response.status_code == 302
    renamed.refresh_from_db()
    assert renamed.slug == "old-story"
