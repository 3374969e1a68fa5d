import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains

from common.links import absolute_url
from newsletter import digests, emails, tasks
from newsletter.checks import check_task_worker
from newsletter.models import Digest, Period, Subscriber, SubscriberStatus

CHANGELIST = "/admin/newsletter/subscriber/"


@pytest.fixture
def subscribers(make_subscriber):
    make_subscriber(email="one@example.org", source="/articles/chips/")
    make_subscriber(email="two@example.org")
    make_subscriber(email="=cmd@example.org")
    make_subscriber(email="wait@example.org", status=SubscriberStatus.PENDING)
    make_subscriber(email="gone@example.org", status=SubscriberStatus.UNSUBSCRIBED)


@pytest.fixture
def task_worker(settings):
    """Queue tasks instead of running them; return a function that runs the queue."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    backend = tasks.send_digest.get_backend()
    backend.clear()

    def run_queue():
        # Tasks queue more tasks (a digest queues its batches): run until none is left.
        while backend.results:
            result = backend.results.pop(0)
            result.task.call(*result.args, **result.kwargs)

    return run_queue


@pytest.fixture
def digest(make_article, make_subscriber):
    make_article(title="Chip plant opens", published_at=timezone.now() - timedelta(1))
    make_subscriber(email="a@example.org")
    make_subscriber(email="b@example.org")
    make_subscriber(email="c@example.org", status=SubscriberStatus.PENDING)
    digest = digests.compose_digest(period=Period.WEEK)
    digest.save()
    return digest


def test_subscriber_list_shows_totals_by_status(admin_client, subscribers):
    page = admin_client.get(CHANGELIST)
    assert "<strong>Confirmed</strong> 3" in page.text
    assert "<strong>Pending confirmation</strong> 1" in page.text
    assert "<strong>Unsubscribed</strong> 1" in page.text
    filtered = admin_client.get(CHANGELIST, {"q": "two"})
    assert "<strong>Confirmed</strong> 1" in filtered.text


def test_subscriber_list_queries_stay_flat(
    admin_client, make_subscriber, django_assert_num_queries
):
    for n in range(30):
        make_subscriber(status=list(SubscriberStatus)[n % len(SubscriberStatus)])
    # session, user, paginator count, page of subscribers, totals by status
    with django_assert_num_queries(5):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_digest_list_shows_deliveries_in_flat_queries(
    admin_client, digest, django_assert_num_queries
):
    tasks.queue_digest(digest=digest)
    for _ in range(3):
        digests.compose_digest(period=Period.WEEK).save()
    # session, user, paginator count, page of digests with their delivered counts
    with django_assert_num_queries(4):
        page = admin_client.get("/admin/newsletter/digest/")
    assertContains(page, '<td class="field-delivered">2</td>', html=True)
    assertContains(page, '<td class="field-delivered">0</td>', count=3, html=True)


def test_csv_export_streams_every_selected_subscriber(admin_client, subscribers):
    # What the browser sends after "select all": this page's rows, plus select_across.
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "select_across": "1",
            "index": "0",
            "_selected_action": [Subscriber.objects.first().pk],
        },
    )
    assert response.streaming
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["email", "status", "source"]
    assert len(rows) == 6
    assert rows[1][:3] == ["one@example.org", "confirmed", "/articles/chips/"]
    # A leading = would run as a spreadsheet formula.
    assert "'=cmd@example.org" in [row[0] for row in rows]


def test_unsubscribe_action(admin_client, subscribers):
    chosen = Subscriber.objects.filter(
        email__in=["one@example.org", "wait@example.org"]
    )
    admin_client.post(
        CHANGELIST,
        {"action": "unsubscribe", "_selected_action": [s.pk for s in chosen]},
    )
    assert set(
        Subscriber.objects.filter(status=SubscriberStatus.UNSUBSCRIBED).values_list(
            "email", flat=True
        )
    ) == {"one@example.org", "wait@example.org", "gone@example.org"}


def test_staff_who_may_only_view_subscribers_cannot_unsubscribe_them(
    client, subscribers, make_user
):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(viewer)
    one = Subscriber.objects.get(email="one@example.org")
    client.post(CHANGELIST, {"action": "unsubscribe", "_selected_action": [one.pk]})
    one.refresh_from_db()
    assert one.status == SubscriberStatus.CONFIRMED


def test_subscribers_cannot_be_added_by_hand(admin_client, db):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_editor_builds_a_digest_from_the_period(admin_client, make_article):
    make_article(title="Router flaw patched")
    response = admin_client.post("/admin/newsletter/digest/add/", {"period": "day"})
    assert response.status_code == 302
    digest = Digest.objects.get()
    assert digest.subject == "Newsroom daily: Router flaw patched"
    assert "Router flaw patched" in digest.html


def test_empty_period_builds_no_digest(admin_client, db):
    response = admin_client.post("/admin/newsletter/digest/add/", {"period": "day"})
    assert "Nothing was published in this period" in response.text
    assert not Digest.objects.exists()


def test_preview_is_the_exact_email_html(admin_client, digest):
    response = admin_client.get(f"/admin/newsletter/digest/{digest.pk}/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    sample = absolute_url("/newsletter/")
    assert response.text == emails.digest_html(digest, unsubscribe=sample)
    page = admin_client.get(f"/admin/newsletter/digest/{digest.pk}/change/")
    assert f'src="/admin/newsletter/digest/{digest.pk}/preview/"' in page.text


def test_sending_asks_for_confirmation_with_the_recipient_count(
    admin_client, digest, mailoutbox, task_worker
):
    url = f"/admin/newsletter/digest/{digest.pk}/send/"
    page = admin_client.get(url)
    assert "2 confirmed subscribers" in page.text
    assert not mailoutbox
    response = admin_client.post(url, follow=True)
    assertContains(response, "is queued; the task worker sends it")
    assert not mailoutbox
    task_worker()
    assert sorted(message.to[0] for message in mailoutbox) == [
        "a@example.org",
        "b@example.org",
    ]
    digest.refresh_from_db()
    assert digest.sent_at is not None
    assert "nobody to send it to" in admin_client.get(url).text


def test_sending_needs_the_send_permission(
    client, digest, make_user, mailoutbox, task_worker
):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_digest"))
    client.force_login(editor)
    url = f"/admin/newsletter/digest/{digest.pk}/send/"
    assert client.post(url).status_code == 403
    assert not mailoutbox
    editor.user_permissions.add(Permission.objects.get(codename="send_digest"))
    client.force_login(editor)
    assert client.post(url).status_code == 302
    task_worker()
    assert len(mailoutbox) == 2


def test_editors_group_previews_sends_and_manages_subscribers(
    editor_client, digest, subscribers, mailoutbox, task_worker
):
    preview = editor_client.get(f"/admin/newsletter/digest/{digest.pk}/preview/")
    assert preview.status_code == 200
    assert editor_client.get(CHANGELIST).status_code == 200
    assert editor_client.get("/admin/newsletter/blockeddomain/add/").status_code == 200

    response = editor_client.post(f"/admin/newsletter/digest/{digest.pk}/send/")
    task_worker()

    assert response.status_code == 302
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        confirmed.values_list("email", flat=True)
    )


def test_the_admin_never_sends_inside_the_request(admin_client, digest, mailoutbox):
    url = f"/admin/newsletter/digest/{digest.pk}/send/"

    assertContains(admin_client.get(url), "needs a task worker")
    response = admin_client.post(url, follow=True)

    assertContains(response, "needs a task worker")
    assert not mailoutbox
    digest.refresh_from_db()
    assert digest.queued_at is None


def test_deploy_check_warns_about_sending_inside_requests(settings):
    assert [message.id for message in check_task_worker(None)] == ["newsletter.W001"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert check_task_worker(None) == []


def test_writers_group_has_no_newsletter_access(client, writer, digest):
    client.force_login(writer)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(f"/admin/newsletter/digest/{digest.pk}/send/").status_code == 403


def test_the_digest_preview_may_be_framed_by_the_admin_only(admin_client, digest):
    response = admin_client.get(f"/admin/newsletter/digest/{digest.pk}/preview/")

    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
