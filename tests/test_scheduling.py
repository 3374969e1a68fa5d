"""The edit form's publishing buttons say what they do, and a stuck draft is flagged."""

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status

from .article_admin import ADD, FORM, add_form, change_url, messages_of
from .html_forms import form_data

NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


def publish_time_fields(when):
    local = timezone.localtime(when)
    return {
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


@time_machine.travel(NOW, tick=False)
def test_schedule_publishes_at_the_future_time(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)
    later = NOW + dt.timedelta(days=1)

    response = editor_client.post(
        change_url(draft), {**data, **publish_time_fields(later), "_schedule": "1"}
    )

    assert messages_of(response) == [f"Scheduled “{draft.title}”."]
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.published_at == later


@time_machine.travel(NOW, tick=False)
def test_schedule_without_a_future_time_explains_itself(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)

    response = editor_client.post(change_url(draft), {**data, "_schedule": "1"})

    assert response.status_code == 200
    assert (
        "Set a publish time in the future"
        in (response.context["adminform"].form.errors["published_at"][0])
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@time_machine.travel(NOW, tick=False)
def test_draft_with_a_future_time_gets_a_warning(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)
    later = NOW + dt.timedelta(hours=5)

    response = editor_client.post(
        change_url(draft), {**data, **publish_time_fields(later), "_continue": "1"}
    )

    [warning] = [m for m in messages_of(response) if "publish time" in m]
    assert "will not go live then" in warning
    assert "Press “Schedule”" in warning
    page = editor_client.get(change_url(draft))
    assert "it will not go live then" in page.text


def test_unpublish_button_saves_and_takes_the_article_down(editor_client, make_article):
    article = make_article()
    data = form_data(editor_client.get(change_url(article)), FORM)

    editor_client.post(
        change_url(article), {**data, "dek": "Pulled", "_unpublish": "1"}
    )

    article.refresh_from_db()
    assert (article.status, article.dek) == (Status.DRAFT, "Pulled")


def test_writer_submits_for_review(client, writer, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer)
    client.force_login(writer)
    page = client.get(change_url(draft))
    assert 'name="_submit"' in page.text
    assert 'name="_publish"' not in page.text

    client.post(change_url(draft), {**form_data(page, FORM), "_submit": "1"})

    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_writer_cannot_publish_with_the_button(client, writer, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer)
    client.force_login(writer)
    data = form_data(client.get(change_url(draft)), FORM)

    response = client.post(change_url(draft), {**data, "_publish": "1"})

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_save_and_preview_saves_a_draft_first(
    editor_client, make_category, make_author
):
    response = editor_client.post(
        ADD, {**add_form(editor_client, make_category, make_author), "_preview": "1"}
    )

    draft = Article.objects.get()
    assert draft.status == Status.DRAFT
    assert response.url == reverse("articles:preview", args=[draft.pk])
