import pytest
from django.urls import reverse

from articles.models import Article, Status

from .html_forms import form_data

FORM = "article_form"


@pytest.fixture
def other_writer(make_staff):
    return make_staff("Writers", username="walter")


@pytest.fixture
def writers_draft(make_article, writer):
    return make_article(
        title="Wanda's draft", status=Status.DRAFT, published_at=None, created_by=writer
    )


@pytest.fixture
def others_draft(make_article, other_writer):
    return make_article(
        title="Walter's draft",
        status=Status.DRAFT,
        published_at=None,
        created_by=other_writer,
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_writer_cannot_publish_by_posting_the_status(client, writer, writers_draft):
    client.force_login(writer)
    data = form_data(client.get(change_url(writers_draft)), FORM)

    response = client.post(change_url(writers_draft), {**data, "status": "published"})

    assert response.status_code == 200
    assert "Only editors can publish" in response.text
    writers_draft.refresh_from_db()
    assert writers_draft.status == Status.DRAFT
    assert writers_draft.published_at is None


def test_writer_is_offered_only_draft_and_in_review(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_add"))

    status = response.context["adminform"].form.fields["status"]
    assert [value for value, _ in status.widget.choices] == ["draft", "review"]


def test_writer_cannot_set_publish_time_or_promotion(client, writer, writers_draft):
    client.force_login(writer)
    data = form_data(client.get(change_url(writers_draft)), FORM)
    assert "published_at_0" not in data
    assert "is_editors_pick" not in data

    client.post(
        change_url(writers_draft),
        {
            **data,
            "published_at_0": "2030-01-01",
            "published_at_1": "09:00:00",
            "is_featured": "on",
            "is_editors_pick": "on",
        },
    )

    writers_draft.refresh_from_db()
    assert writers_draft.published_at is None
    assert not writers_draft.is_featured
    assert not writers_draft.is_editors_pick


def test_writer_is_not_offered_publishing_actions(client, writer, writers_draft):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_changelist"))

    # Writers have no action at all, so the action bar is gone.
    assert response.context["action_form"] is None
    assert "publish_now" not in response.text


def test_writer_posting_the_publish_action_changes_nothing(
    client, writer, writers_draft
):
    client.force_login(writer)

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "index": 0, "_selected_action": [writers_draft.pk]},
    )

    writers_draft.refresh_from_db()
    assert writers_draft.status == Status.DRAFT


def test_writer_list_shows_only_their_own_articles(
    client, writer, writers_draft, others_draft, make_article, make_author
):
    bylined = make_article(title="Bylined to Wanda", authors=[make_author(user=writer)])
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_changelist"))

    listed = set(response.context["cl"].result_list)
    assert listed == {writers_draft, bylined}


def test_writer_cannot_open_or_change_another_writers_article(
    client, writer, others_draft
):
    client.force_login(writer)

    opened = client.get(change_url(others_draft))
    posted = client.post(change_url(others_draft), {"title": "Hijacked"})

    # The admin treats articles outside the writer's queryset as missing.
    assert opened.status_code == 302
    assert opened.url == reverse("admin:index")
    assert posted.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.title == "Walter's draft"


def test_writer_cannot_see_history_or_preview_of_another_writers_article(
    client, writer, others_draft
):
    client.force_login(writer)

    history = client.get(
        reverse("admin:articles_article_history", args=[others_draft.pk])
    )
    preview = client.get(reverse("articles:preview", args=[others_draft.pk]))

    assert history.status_code == 403
    assert preview.status_code == 404


def test_writer_creates_a_draft_and_submits_it_for_review(
    client, writer, make_category, make_author
):
    category = make_category(name="Chips")
    author = make_author(name="Wanda Byline", user=writer)
    client.force_login(writer)
    add_url = reverse("admin:articles_article_add")
    data = form_data(client.get(add_url), FORM)

    created = client.post(
        add_url,
        {
            **data,
            "title": "A new fab opens",
            "slug": "a-new-fab-opens",
            "body": "<p>It is big.</p>",
            "category": category.pk,
            "bylines-0-author": author.pk,
        },
    )

    assert created.status_code == 302
    article = Article.objects.get(slug="a-new-fab-opens")
    assert article.status == Status.DRAFT
    assert article.created_by == writer
    assert article.byline_authors == [author]

    data = form_data(client.get(change_url(article)), FORM)
    submitted = client.post(change_url(article), {**data, "status": "review"})

    assert submitted.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert article.published_at is None


def test_writer_cannot_change_their_article_once_published(
    client, writer, make_article
):
    article = make_article(title="Out in the world", created_by=writer)
    client.force_login(writer)

    page = client.get(change_url(article))
    posted = client.post(change_url(article), {"title": "Quietly rewritten"})

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert posted.status_code == 403
    article.refresh_from_db()
    assert article.title == "Out in the world"


def test_writer_cannot_delete(client, writer, writers_draft):
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_delete", args=[writers_draft.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=writers_draft.pk).exists()


def test_writer_previews_their_own_draft(client, writer, writers_draft):
    client.force_login(writer)

    response = client.get(reverse("articles:preview", args=[writers_draft.pk]))

    assert response.status_code == 200
    assert "Wanda&#x27;s draft" in response.text


def test_preview_is_for_staff_only(client, writers_draft, make_user):
    client.force_login(make_user())

    response = client.get(reverse("articles:preview", args=[writers_draft.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_editor_publishes_and_edits_a_writers_article(client, editor, others_draft):
    client.force_login(editor)
    data = form_data(client.get(change_url(others_draft)), FORM)

    response = client.post(
        change_url(others_draft),
        {**data, "title": "Walter's story, edited", "status": "published"},
    )

    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.title == "Walter's story, edited"
    assert others_draft.is_live


def test_editor_is_offered_every_action(client, editor, others_draft):
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_changelist"))

    actions = dict(response.context["action_form"].fields["action"].choices)
    assert {"publish_now", "unpublish", "mark_editors_pick", "delete_selected"} <= (
        actions.keys()
    )


def test_editor_previews_any_draft(client, editor, others_draft):
    client.force_login(editor)

    response = client.get(reverse("articles:preview", args=[others_draft.pk]))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
