import pytest
from django.urls import reverse

from articles.models import Status

from .html_forms import form_data


@pytest.fixture
def rewritten(make_article, writer):
    """An article saved twice: the original version, then a rewrite."""
    article = make_article(
        title="Original headline",
        body="<p>Original body.</p>",
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
    )
    article.title = "Rewritten headline"
    article.body = "<p>Rewritten body.</p>"
    article.save()
    return article


def original_version(article):
    return article.history.earliest("history_date")


def revert_url(article, version):
    return reverse(
        "admin:articles_article_simple_history", args=[article.pk, version.history_id]
    )


def test_editor_restores_an_earlier_version(client, editor, rewritten):
    client.force_login(editor)
    url = revert_url(rewritten, original_version(rewritten))
    page = client.get(url)
    assert "Revert" in page.text

    response = client.post(url, form_data(page, "historicalarticle_form"))

    assert response.status_code == 302
    rewritten.refresh_from_db()
    assert rewritten.title == "Original headline"
    assert rewritten.body == "<p>Original body.</p>"
    assert rewritten.history.first().history_user == editor


def test_history_shows_who_changed_what(client, editor, rewritten):
    client.force_login(editor)
    edit_url = reverse("admin:articles_article_change", args=[rewritten.pk])
    data = form_data(client.get(edit_url), "article_form")
    client.post(edit_url, {**data, "dek": "A sharper standfirst."})

    response = client.get(
        reverse("admin:articles_article_history", args=[rewritten.pk])
    )

    latest = response.context["page_obj"].object_list[0]
    assert latest.history_user == editor
    assert latest.changes == "Standfirst changed"
    assert latest.history_change_reason == "Saved"
    assert "edith" in response.text
    assert "Standfirst changed" in response.text
    assert "None" not in response.text


def test_writer_sees_history_of_their_article_but_cannot_restore(
    client, writer, rewritten
):
    client.force_login(writer)
    history = client.get(reverse("admin:articles_article_history", args=[rewritten.pk]))
    url = revert_url(rewritten, original_version(rewritten))
    page = client.get(url)

    response = client.post(url, form_data(page, "historicalarticle_form"))

    assert history.status_code == 200
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    assert response.status_code == 403
    rewritten.refresh_from_db()
    assert rewritten.title == "Rewritten headline"


def test_writer_cannot_see_history_of_another_writers_article(
    client, make_staff, rewritten
):
    client.force_login(make_staff("Writers", username="walter"))
    version = original_version(rewritten)

    history = client.get(reverse("admin:articles_article_history", args=[rewritten.pk]))
    old_version = client.get(revert_url(rewritten, version))

    assert history.status_code == 403
    assert old_version.status_code == 403
