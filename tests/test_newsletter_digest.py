import re
from datetime import timedelta
from smtplib import SMTPDataError, SMTPRecipientsRefused, SMTPServerDisconnected

import pytest
import time_machine
from anymail.exceptions import AnymailRecipientsRefused
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Status
from newsletter import digests, emails, services, tasks
from newsletter.models import Delivery, Digest, Period, Subscriber, SubscriberStatus
from readership.models import DailyViews, HourlyViews


class FailingBackend(EmailBackend):
    """Deliver to the outbox until it holds three e-mails, then drop the line."""

    def send_messages(self, messages):
        if len(mail.outbox) >= 3:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """Answer as a mail server would for the addresses that name a refusal."""

    def send_messages(self, messages):
        [address] = messages[0].to
        if address.startswith("gone"):
            raise SMTPRecipientsRefused({address: (550, b"5.1.1 No such user")})
        if address.startswith("spam"):
            raise SMTPDataError(554, b"5.7.1 Message rejected")
        if address.startswith("esp"):
            raise AnymailRecipientsRefused("All recipients were rejected")
        if address.startswith("busy"):
            raise SMTPRecipientsRefused({address: (450, b"4.2.1 Try again later")})
        return super().send_messages(messages)


class LateConfirmationBackend(EmailBackend):
    """Deliver, and have a pending reader confirm while the digest goes out."""

    def send_messages(self, messages):
        services.confirm(subscriber=Subscriber.objects.get(email="late@example.org"))
        return super().send_messages(messages)


class CountingBackend(EmailBackend):
    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


@pytest.fixture
def news(make_article):
    """Publish a week of stories: two read ones, a fresh one, a pick and old news."""
    now = timezone.now()
    today = timezone.localdate()
    popular = make_article(
        title="Chip plant opens", published_at=now - timedelta(days=3)
    )
    read = make_article(title="Phone sales slow", published_at=now - timedelta(days=5))
    fresh = make_article(
        title="Router flaw patched", published_at=now - timedelta(hours=2)
    )
    pick = make_article(
        title="The long read on lithium",
        published_at=now - timedelta(days=30),
        is_editors_pick=True,
    )
    old = make_article(title="Old news", published_at=now - timedelta(days=30))
    make_article(title="Draft story", status=Status.DRAFT)
    DailyViews.objects.bulk_create(
        [
            DailyViews(article=popular, day=today, count=40),
            DailyViews(article=popular, day=today - timedelta(days=1), count=20),
            DailyViews(article=read, day=today - timedelta(days=2), count=30),
            DailyViews(article=pick, day=today, count=5),
            DailyViews(article=old, day=today - timedelta(days=10), count=900),
        ]
    )
    # Every view is in its hour's bucket as well; the daily digest reads those.
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    HourlyViews.objects.bulk_create(
        [
            HourlyViews(article=popular, hour=this_hour, count=40),
            HourlyViews(article=pick, hour=this_hour, count=5),
        ]
    )
    return {"popular": popular, "read": read, "fresh": fresh, "pick": pick}


@pytest.fixture
def readers(make_subscriber):
    """Make five confirmed subscribers and one of every status that gets no digest."""
    confirmed = [make_subscriber(email=f"reader{n}@example.org") for n in range(5)]
    for status in SubscriberStatus:
        if status != SubscriberStatus.CONFIRMED:
            make_subscriber(email=f"{status}@example.org", status=status)
    return confirmed


def sections_of(text):
    return re.findall(r"^(?:TOP STORY: (.+)|\* (.+))$", text, re.MULTILINE)


def test_digest_has_most_read_latest_and_picks_without_repeats(news):
    digest = digests.compose_digest(period=Period.WEEK)
    titles = [top or item for top, item in sections_of(digest.text)]
    assert titles == [
        "Chip plant opens",
        "Phone sales slow",
        "The long read on lithium",
        "Router flaw patched",
    ]
    assert "MOST READ" in digest.text
    assert "LATEST" in digest.text
    assert "DON'T MISS" not in digest.text  # the pick was already most read
    assert digest.subject == "Newsroom weekly: Chip plant opens"
    for title in titles:
        assert digest.html.count(f">{title}</a>") == 1


def test_daily_digest_covers_one_day(news):
    digest = digests.compose_digest(period=Period.DAY)
    titles = [top or item for top, item in sections_of(digest.text)]
    assert titles == [
        "Chip plant opens",
        "The long read on lithium",
        "Router flaw patched",
    ]


def test_nothing_published_means_no_digest(db, capsys):
    call_command("send_digest", "--period", "week")
    assert "no digest" in capsys.readouterr().out
    assert not Digest.objects.exists()


def test_dry_run_prints_the_digest_and_sends_nothing(news, readers, capsys, mailoutbox):
    call_command("send_digest", "--period", "week", "--dry-run")
    out = capsys.readouterr().out
    assert "TOP STORY: Chip plant opens" in out
    assert "Would send to 5 confirmed subscriber(s)." in out
    assert not Digest.objects.exists()
    assert not mailoutbox


def test_digest_goes_to_confirmed_subscribers_with_their_own_unsubscribe_link(
    news, readers, capsys, mailoutbox
):
    call_command("send_digest", "--period", "week")
    assert sorted(message.to[0] for message in mailoutbox) == [
        reader.email for reader in readers
    ]
    for message in mailoutbox:
        [subscriber] = [r for r in readers if r.email == message.to[0]]
        unsubscribe = emails.unsubscribe_url(subscriber)
        assert message.message()["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert message.message()["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        [(html, _mimetype)] = message.alternatives
        assert f'href="{unsubscribe}"' in html
        assert unsubscribe in message.body
        assert Digest.UNSUBSCRIBE_MARKER not in html + message.body
    digest = Digest.objects.get()
    assert digest.sent_at is not None
    assert digest.deliveries.filter(sent_at__isnull=False).count() == 5
    captured = capsys.readouterr()
    assert "sent to 5, bounced 0, deferred 0 of 5." in captured.out
    assert "5/5" in captured.err  # the progress bar


def test_a_killed_send_resumes_without_sending_anyone_twice(
    news, readers, settings, mailoutbox
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    with pytest.raises(CommandError, match="Run the command again"):
        call_command("send_digest", "--period", "week", verbosity=0)
    assert len(mailoutbox) == 3
    digest = Digest.objects.get()
    assert digest.sent_at is None
    assert digest.deliveries.count() == 3

    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    call_command("send_digest", "--period", "week", verbosity=0)
    assert sorted(message.to[0] for message in mailoutbox) == [
        reader.email for reader in readers
    ]
    assert Digest.objects.get() == digest
    digest.refresh_from_db()
    assert digest.sent_at is not None


def test_a_recipient_claimed_by_another_worker_is_skipped(news, readers, mailoutbox):
    digest = digests.compose_digest(period=Period.WEEK)
    digest.save()
    Delivery.objects.create(digest=digest, subscriber=readers[0])
    tasks.queue_digest(digest=digest)
    assert readers[0].email not in [message.to[0] for message in mailoutbox]
    assert len(mailoutbox) == 4


def test_each_batch_reuses_one_mail_connection(news, readers, settings, mailoutbox):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    CountingBackend.opened = 0
    call_command("send_digest", "--period", "week", verbosity=0)
    assert len(mailoutbox) == 5
    assert CountingBackend.opened == 3


def test_subscribers_who_left_meanwhile_are_skipped(news, readers, mailoutbox):
    digest = digests.compose_digest(period=Period.WEEK)
    digest.save()
    readers[1].status = SubscriberStatus.UNSUBSCRIBED
    readers[1].save()
    report = digests.send_batch(
        digest=digest, subscriber_ids=[reader.pk for reader in readers]
    )
    assert report["sent"] == 4
    assert readers[1].email not in [message.to[0] for message in mailoutbox]


def test_a_reader_confirming_during_a_send_does_not_leave_it_unfinished(
    news, readers, make_subscriber, settings, mailoutbox
):
    make_subscriber(email="late@example.org", status=SubscriberStatus.PENDING)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.LateConfirmationBackend"}}
    call_command("send_digest", "--period", "week", verbosity=0)

    assert "late@example.org" not in [message.to[0] for message in mailoutbox]
    assert Digest.objects.get().sent_at is not None
    # Otherwise the next run would resume this digest instead of building a new one.
    assert digests.unfinished_digest(period=Period.WEEK) is None


def test_a_headline_with_a_line_break_still_makes_a_sendable_subject(
    make_article, readers, mailoutbox
):
    make_article(title="Chip plant\r\nopens")
    call_command("send_digest", "--period", "day", verbosity=0)
    assert {message.subject for message in mailoutbox} == {
        "Newsroom daily: Chip plant opens"
    }
    assert len(mailoutbox) == len(readers)


def test_a_second_run_in_the_same_period_is_refused_unless_forced(
    news, readers, mailoutbox
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        call_command("send_digest", "--period", "day", verbosity=0)
        assert len(mailoutbox) == len(readers)

        clock.shift(timedelta(hours=2))
        with pytest.raises(CommandError, match="less than a day ago"):
            call_command("send_digest", "--period", "day", verbosity=0)
        assert len(mailoutbox) == len(readers)

        call_command("send_digest", "--period", "day", "--force", verbosity=0)
        assert len(mailoutbox) == 2 * len(readers)

        # The next morning's scheduled run may start a little early.
        clock.shift(timedelta(hours=23, minutes=30))
        call_command("send_digest", "--period", "day", verbosity=0)
        assert Digest.objects.count() == 3


@pytest.fixture
def refusals(make_subscriber, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    return [
        make_subscriber(email=f"{name}@example.org")
        for name in ("gone", "spam", "esp", "busy")
    ]


def test_refused_addresses_bounce_and_the_send_goes_on(
    news, readers, refusals, capsys, mailoutbox
):
    call_command("send_digest", "--period", "week", verbosity=1)

    assert sorted(message.to[0] for message in mailoutbox) == [
        reader.email for reader in readers
    ]
    bounced = Subscriber.objects.filter(status=SubscriberStatus.BOUNCED)
    assert set(bounced.exclude(bounced_at=None).values_list("email", flat=True)) >= {
        "gone@example.org",
        "spam@example.org",
        "esp@example.org",
    }
    busy = Subscriber.objects.get(email="busy@example.org")
    assert busy.status == SubscriberStatus.CONFIRMED
    assert "sent to 5, bounced 3, deferred 1 of 9." in capsys.readouterr().out


def test_a_rerun_retries_only_the_deferred(news, readers, refusals, settings):
    call_command("send_digest", "--period", "week", verbosity=0)
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    mail.outbox = []

    call_command("send_digest", "--period", "week", verbosity=0)

    assert [message.to[0] for message in mail.outbox] == ["busy@example.org"]
    assert Digest.objects.get().sent_at is not None


def test_deferred_recipients_are_retried_later_a_bounded_number_of_times(
    news, refusals, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    settings.NEWSLETTER_SEND_ATTEMPTS = 3
    settings.NEWSLETTER_RETRY_SECONDS = 60
    digest = digests.compose_digest(period=Period.WEEK)
    digest.save()
    busy = refusals[-1]
    backend = tasks.send_digest_batch.get_backend()
    backend.clear()
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        tasks.send_digest_batch.call(digest.pk, [busy.pk])
        tasks.send_digest_batch.call(digest.pk, [busy.pk], 2)
        tasks.send_digest_batch.call(digest.pk, [busy.pk], 3)

    retries = [(result.args, result.task.run_after) for result in backend.results]
    assert retries == [
        ([digest.pk, [busy.pk], 2], start + timedelta(seconds=60)),
        ([digest.pk, [busy.pk], 3], start + timedelta(seconds=240)),
    ]


def test_article_text_cannot_stand_in_for_the_unsubscribe_link(
    make_article, make_subscriber, mailoutbox
):
    make_article(
        title="Win a prize at %%unsubscribe_url%%",
        dek="Or here: %%unsubscribe_url%%",
        published_at=timezone.now() - timedelta(hours=1),
    )
    reader = make_subscriber(email="reader@example.org")

    call_command("send_digest", "--period", "day", verbosity=0)

    [message] = mailoutbox
    [(html, _mimetype)] = message.alternatives
    unsubscribe = emails.unsubscribe_url(reader)
    assert message.body.count(unsubscribe) == 1
    assert html.count(f'href="{unsubscribe}"') == 1
    assert "Win a prize at %\u200b%unsubscribe_url%%" in message.body
