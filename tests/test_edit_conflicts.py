"""Two editors, one article: a save made to an older version is refused."""

import pytest
from django.test import Client

from articles import publishing
from articles.models import Article, Status

from .article_admin import CHANGELIST, FORM, change_url, run_action
from .html_forms import form_data


@pytest.fixture
def colleague_client(make_staff):
    other = Client()
    other.force_login(make_staff("Editors", username="colin"))
    return other


def test_stale_form_is_refused_and_names_who_changed_what(
    editor_client, colleague_client, make_article
):
    article = make_article(title="First headline")
    mine = form_data(editor_client.get(change_url(article)), FORM)
    theirs = form_data(colleague_client.get(change_url(article)), FORM)
    colleague_client.post(change_url(article), {**theirs, "title": "Their headline"})

    response = editor_client.post(change_url(article), {**mine, "dek": "My standfirst"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "Someone else saved this article" in errors[0]
    assert "colin" in errors[0]
    assert "Title" in errors[0]
    # The refused text stays in the form to copy from; the database keeps theirs.
    assert 'value="My standfirst"' in response.text
    article.refresh_from_db()
    assert article.title == "Their headline"
    assert article.dek != "My standfirst"


def test_older_form_cannot_undo_a_list_publish(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    opened = form_data(editor_client.get(change_url(draft)), FORM)
    run_action(editor_client, "publish_now", [draft])

    response = editor_client.post(change_url(draft), {**opened, "title": "Late edit"})

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.is_live
    assert draft.title != "Late edit"


def test_fresh_form_saves_and_bumps_the_version(editor_client, make_article):
    article = make_article()
    data = form_data(editor_client.get(change_url(article)), FORM)

    response = editor_client.post(change_url(article), {**data, "title": "New"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("New", 2)


def test_domain_refuses_a_stale_copy(make_article, editor):
    article = make_article()
    stale = Article.objects.get(pk=article.pk)
    publishing.save(article, user=editor)

    stale.title = "Overwrite"
    with pytest.raises(publishing.EditConflict):
        publishing.save(stale, user=editor)

    article.refresh_from_db()
    assert article.title != "Overwrite"


def test_list_actions_bump_the_version(editor_client, make_article):
    article = make_article(is_editors_pick=False)

    editor_client.post(
        CHANGELIST,
        {"action": "mark_editors_pick", "index": 0, "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert (article.is_editors_pick, article.version) == (True, 2)
