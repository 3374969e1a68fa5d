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


def test_every_version_keeps_bylines_and_tags_and_a_restore_brings_them_back(
    editor_client, make_article, make_author
):
    first, second = make_author(name="Ada"), make_author(name="Bo")
    article = make_article(authors=[first, second], tags=["chips"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    editor_client.post(url, {**data, "title": "Before the change"})
    before = article.history.first()
    assert (before.byline_ids, before.tag_names) == ([first.pk, second.pk], ["chips"])

    # Swap the byline order and the tags, then restore the version before.
    data = form_data(editor_client.get(url), "article_form")
    data |= {"bylines-0-position": "1", "bylines-1-position": "0", "tags": ["fabs"]}
    editor_client.post(url, data)
    article.refresh_from_db()
    assert article.byline_authors == [second, first]
    page = editor_client.get(revert_url(article, before))
    response = editor_client.post(
        revert_url(article, before), form_data(page, "historicalarticle_form")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Before the change"
    assert [a.pk for a in article.byline_authors] == [first.pk, second.pk]
    assert set(article.tags.names()) == {"chips"}
    assert article.history.first().byline_ids == [first.pk, second.pk]


def test_history_summarises_byline_and_tag_changes(editor_client, make_article):
    article = make_article(tags=["chips"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(url, form_data(editor_client.get(url), "article_form"))
    data = form_data(editor_client.get(url), "article_form")
    editor_client.post(url, {**data, "tags": ["chips", "Quasar X1"]})

    response = editor_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    )

    assert response.context["page_obj"].object_list[0].changes == "Tags changed"


def test_compare_shows_two_versions_side_by_side(editor_client, rewritten):
    older, newer = rewritten.history.order_by("history_date")
    url = reverse("admin:articles_article_compare", args=[rewritten.pk])

    response = editor_client.get(url, {"from": older.pk, "to": newer.pk})

    assert response.status_code == 200
    labels = [label for label, _table in response.context["rows"]]
    assert labels[:2] == ["Title", "Body"]
    # difflib keeps the spacing with &nbsp;.
    assert "Original&nbsp;headline" in response.text
    assert "Rewritten&nbsp;headline" in response.text
