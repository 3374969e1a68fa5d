"""Publishing rules in the domain: who may publish, and the signals a change sends."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from articles import publishing
from articles.models import Article, Status
from articles.signals import article_published, article_unpublished


@pytest.fixture
def received():
    """Record the domain signals sent, as (name, article title, user)."""
    events = []

    def record(name):
        def receiver(sender, article, user, **kwargs):
            events.append((name, article.title, user))

        return receiver

    published, unpublished = record("published"), record("unpublished")
    article_published.connect(published)
    article_unpublished.connect(unpublished)
    yield events
    article_published.disconnect(published)
    article_unpublished.disconnect(unpublished)


def test_publish_sends_article_published_after_commit(
    make_article, editor, received, django_capture_on_commit_callbacks
):
    draft = make_article(title="Draft", status=Status.DRAFT, published_at=None)
    live = make_article(title="Live")

    with django_capture_on_commit_callbacks() as callbacks:
        count = publishing.publish(Article.objects.all(), user=editor)
        assert received == []

    for callback in callbacks:
        callback()
    assert count == 1
    assert received == [("published", "Draft", editor)]
    draft.refresh_from_db()
    assert draft.is_live
    assert live.history.count() == 1


def test_unpublish_sends_article_unpublished(
    make_article, editor, received, django_capture_on_commit_callbacks
):
    make_article(title="Live")

    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish(Article.objects.all(), user=editor)

    assert received == [("unpublished", "Live", editor)]
    assert Article.objects.get().status == Status.DRAFT


def test_picking_changes_no_publishing_state_and_sends_nothing(
    make_article, editor, received, django_capture_on_commit_callbacks
):
    make_article(title="Pick me")

    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.pick(Article.objects.all(), user=editor) == 1
        assert publishing.pick(Article.objects.all(), user=editor) == 0

    assert received == []
    assert Article.objects.get().is_editors_pick


def test_scheduling_in_an_edit_announces_the_article(
    make_article, editor, received, django_capture_on_commit_callbacks
):
    article = make_article(title="Later", status=Status.DRAFT, published_at=None)
    article.status = Status.PUBLISHED
    article.published_at = timezone.now() + dt.timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.save(article, user=editor)
        publishing.save(article, user=editor)

    assert received == [("published", "Later", editor)]


def test_writers_may_not_publish_in_any_way(make_article, writer, received):
    article = make_article(status=Status.DRAFT, published_at=None)

    with pytest.raises(PermissionDenied):
        publishing.publish(Article.objects.all(), user=writer)
    article.status = Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        publishing.save(article, user=writer)

    assert Article.objects.get().status == Status.DRAFT
    assert received == []


def test_roles_hold_what_the_apps_grant_after_every_migrate(db):
    writers = Group.objects.get(name="Writers")
    writers.permissions.add(Permission.objects.get(codename="delete_article"))
    Group.objects.get(name="Editors").delete()

    call_command("migrate", verbosity=0)

    writer_permissions = set(
        Group.objects.get(name="Writers").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("articles", "delete_article") not in writer_permissions
    assert {
        ("articles", "change_article"),
        ("readership", "view_readership"),
    } <= writer_permissions
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="publish_article").exists()
    assert editors.permissions.filter(codename="send_digest").exists()
