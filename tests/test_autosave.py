"""Autosave keeps an editor's unsaved form, restorable, and never publishes."""

from django.urls import reverse

from articles.models import Autosave, Status

from .article_admin import ADD, FORM, change_url
from .html_forms import form_data


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_autosave_keeps_the_form_and_restores_it(editor_client, editor, make_article):
    article = make_article(
        title="Saved headline", status=Status.DRAFT, published_at=None
    )
    data = form_data(editor_client.get(change_url(article)), FORM)

    response = editor_client.post(
        autosave_url(article),
        {**data, "title": "Half-written headline", "status": "published"},
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.status) == ("Saved headline", Status.DRAFT)
    assert Autosave.objects.get(user=editor, article=article).data["title"] == [
        "Half-written headline"
    ]
    page = editor_client.get(change_url(article))
    assert "Restore them" in page.text
    restored = editor_client.get(change_url(article) + "?restore=1")
    assert (
        restored.context["adminform"].form["title"].value() == "Half-written headline"
    )
    # A restore fills the story, never the publishing state.
    assert restored.context["adminform"].form["status"].value() == Status.DRAFT


def test_autosave_of_a_new_article(editor_client, editor):
    data = form_data(editor_client.get(ADD), FORM)

    editor_client.post(autosave_url(), {**data, "title": "Unsaved scoop"})

    restored = editor_client.get(ADD + "?restore=1")
    assert restored.context["adminform"].form["title"].value() == "Unsaved scoop"


def test_autosaves_are_per_editor(editor_client, make_staff, client, make_article):
    article = make_article()
    editor_client.post(autosave_url(article), {"title": "Mine"})
    other = make_staff("Editors", username="otto")
    client.force_login(other)

    page = client.get(change_url(article))

    assert "Restore them" not in page.text


def test_saving_the_article_clears_its_autosave(editor_client, editor, make_article):
    article = make_article()
    editor_client.post(autosave_url(article), {"title": "Draft text"})
    data = form_data(editor_client.get(change_url(article)), FORM)

    editor_client.post(change_url(article), {**data, "title": "Final"})

    assert not Autosave.objects.filter(user=editor).exists()


def test_discard_removes_the_autosave(editor_client, editor, make_article):
    article = make_article()
    editor_client.post(autosave_url(article), {"title": "Draft text"})

    editor_client.post(autosave_url(article), {"discard": "1"})

    assert not Autosave.objects.exists()


def test_writer_cannot_autosave_someone_elses_article(client, writer, make_article):
    article = make_article(status=Status.DRAFT, published_at=None)
    client.force_login(writer)

    response = client.post(autosave_url(article), {"title": "Hijack"})

    assert response.status_code == 403
    assert not Autosave.objects.exists()
