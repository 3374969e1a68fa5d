"""The editors' article list and its publishing actions, and the other lists."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status

from .article_admin import (
    CHANGELIST,
    FORM,
    change_url,
    messages_of,
    run_action,
)
from .factories import image_upload
from .html_forms import form_data

NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.mark.parametrize("count", [3, 12])
def test_article_list_queries_stay_flat(
    editor_client, make_article, make_author, django_assert_num_queries, count
):
    for n in range(count):
        make_article(
            title=f"Story {n}",
            authors=[make_author(), make_author()],
            tags=["chips"],
            hero_image=image_upload() if n % 3 == 0 else "",
            hero_alt="A wafer",
        )
    # session, user, user permissions, group permissions, category filter choices,
    # author filter choices, paginator COUNT, unfiltered COUNT, the page joined to
    # its category, bylines with their authors, date hierarchy bounds and days
    with django_assert_num_queries(12):
        response = editor_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count


def test_article_list_shows_authors_thumbnail_and_views(
    editor_client, make_article, make_author
):
    article = make_article(
        title="Inside the fab",
        authors=[make_author(name="Ada Byte"), make_author(name="Alan Gate")],
        hero_image=image_upload(),
        hero_alt="Clean room",
    )
    Article.objects.filter(pk=article.pk).update(view_count=4321)

    response = editor_client.get(CHANGELIST)

    assert "Ada Byte, Alan Gate" in response.text
    assert f'src="{article.hero_400.url}"' in response.text
    assert "4321" in response.text


def test_article_list_searches_author_names(editor_client, make_article, make_author):
    wanted = make_article(title="Found", authors=[make_author(name="Grace Hopper")])
    make_article(title="Not found")

    response = editor_client.get(CHANGELIST, {"q": "hopper"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_article_list_puts_drafts_then_newest_first(editor_client, make_article):
    now = timezone.now()
    older = make_article(published_at=now - dt.timedelta(days=2))
    newer = make_article(published_at=now - dt.timedelta(days=1))
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.get(CHANGELIST)

    assert list(response.context["cl"].result_list) == [draft, newer, older]


def test_publish_now(editor_client, editor, make_article, frozen_now):
    past = frozen_now - dt.timedelta(days=3)
    draft = make_article(status=Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=frozen_now + dt.timedelta(days=1))
    unpublished = make_article(status=Status.DRAFT, published_at=past)
    live = make_article(published_at=past)

    response = run_action(
        editor_client, "publish_now", [draft, scheduled, unpublished, live]
    )

    assert messages_of(response) == ["Published 3 articles."]
    for article in (draft, scheduled, unpublished, live):
        article.refresh_from_db()
        assert article.is_live
    assert draft.published_at == frozen_now
    assert scheduled.published_at == frozen_now
    assert unpublished.published_at == past
    version = draft.history.first()
    assert (version.history_user, version.history_change_reason) == (
        editor,
        "Published now",
    )


def test_unpublish_returns_articles_to_draft(editor_client, make_article):
    live = make_article()
    scheduled = make_article(published_at=timezone.now() + dt.timedelta(hours=2))
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = run_action(editor_client, "unpublish", [live, scheduled, draft])

    assert messages_of(response) == ["Moved 2 articles back to draft."]
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_mark_editors_pick_revives_an_expired_pick(
    editor_client, make_article, frozen_now
):
    plain = make_article()
    expired = make_article(
        is_editors_pick=True, pick_until=frozen_now - dt.timedelta(hours=1)
    )
    current = make_article(is_editors_pick=True)

    response = run_action(editor_client, "mark_editors_pick", [plain, expired, current])

    assert messages_of(response) == ["Marked 2 articles as editor's picks."]
    assert set(Article.objects.editors_picks()) == {plain, expired, current}


def test_unmark_editors_pick(editor_client, make_article):
    pick = make_article(is_editors_pick=True)
    other = make_article()

    response = run_action(editor_client, "unmark_editors_pick", [pick, other])

    assert messages_of(response) == ["Removed 1 article from editor's picks."]
    assert not Article.objects.filter(is_editors_pick=True).exists()


def test_publish_now_from_the_article_form_saves_the_edit(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(draft)), FORM)

    response = editor_client.post(
        change_url(draft), {**data, "title": "Edited, then published", "_publish": "1"}
    )

    assert messages_of(response) == ["Published “Edited, then published”."]
    draft.refresh_from_db()
    assert draft.is_live
    assert draft.title == "Edited, then published"


def test_article_form_has_no_actions_bar_to_catch_enter(editor_client, make_article):
    response = editor_client.get(change_url(make_article()))

    assert "CHANGE_FORM-action" not in response.text
    assert response.context["action_form"] is None


def test_category_list_counts_articles_without_extra_queries(
    editor_client, make_category, make_article, django_assert_num_queries
):
    for n in range(4):
        category = make_category(name=f"Desk {n}")
        make_article(category=category)
        make_article(category=category, status=Status.DRAFT, published_at=None)
    # session, user, user permissions, group permissions, paginator COUNT,
    # unfiltered COUNT, categories annotated with both counts
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("admin:articles_category_changelist"))

    counts = {
        (c.article_count, c.live_count) for c in response.context["cl"].result_list
    }
    assert counts == {(2, 1)}


def test_author_list_shows_photo_and_login(
    editor_client, make_author, make_user, django_assert_num_queries
):
    for n in range(3):
        make_author(
            name=f"Writer {n}", photo=image_upload(), user=make_user(username=f"w{n}")
        )
    # session, user, user permissions, group permissions, paginator COUNT,
    # unfiltered COUNT, authors joined to their logins
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("admin:authors_author_changelist"))

    author = response.context["cl"].result_list[0]
    assert f'src="{author.photo_96.url}"' in response.text
    assert "w0" in response.text


def test_list_shows_featured_and_pick_and_filters_the_review_queue(
    editor_client, make_article
):
    waiting = make_article(title="Waiting for an editor", status=Status.REVIEW)
    make_article(title="Already out", is_featured=True, is_editors_pick=True)

    response = editor_client.get(CHANGELIST, {"queue": "review"})

    assert list(response.context["cl"].result_list) == [waiting]
    assert {"is_featured", "is_editors_pick"} <= set(
        response.context["cl"].list_display
    )
