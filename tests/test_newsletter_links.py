import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from anymail.signals import AnymailTrackingEvent, tracking
from django.test import TestCase

from newsletter import services
from newsletter.models import Subscriber, SubscriberStatus

from .html_tags import tags

SIGNED_UP = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SITE = "https://news.example.com"


@pytest.fixture
def confirmation(client, db, mailoutbox, settings):
    """Sign up through the form and give the confirmation e-mail, on that day."""
    settings.SITE_URL = SITE
    with time_machine.travel(SIGNED_UP, tick=False):
        # The e-mail is queued when the signup commits, which a test never does.
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                "/newsletter/subscribe/",
                {"email": "Reader@Example.org", "consent": "on", "website": ""},
                headers={"Origin": "http://testserver"},
            )
        [message] = mailoutbox
        yield message


def link(message, path):
    return re.search(rf"{SITE}(/newsletter/{path}/[^/\s]+/)", message.body)[1]


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_confirmation_email_has_text_and_html_with_the_same_link(confirmation):
    assert confirmation.to == ["reader@example.org"]
    assert confirmation.subject == "Confirm your subscription to Newsroom"
    confirm = link(confirmation, "confirm")
    assert "works for 7 days" in confirmation.body
    html = html_of(confirmation)
    assert f'href="{SITE}{confirm}"' in html
    assert "Confirm my subscription" in html


def test_confirmation_email_has_one_click_unsubscribe_headers(confirmation):
    unsubscribe = link(confirmation, "unsubscribe")
    headers = confirmation.message()
    assert headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE}{unsubscribe}" in html_of(confirmation)


def test_opening_the_confirm_link_changes_nothing(client, confirmation):
    page = client.get(link(confirmation, "confirm"))
    assert page.status_code == 200
    assert {"method": "post"} in tags(page.text, "form")
    assert "Confirm my subscription" in page.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_pressing_confirm_confirms_once(client, confirmation):
    url = link(confirmation, "confirm")
    with time_machine.travel(SIGNED_UP + timedelta(minutes=5), tick=False):
        assert "You're subscribed" in client.post(url).text
    with time_machine.travel(SIGNED_UP + timedelta(minutes=9), tick=False):
        assert client.post(url).status_code == 200
        assert "already subscribed" in client.get(url).text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at == SIGNED_UP + timedelta(minutes=5)


def test_confirm_link_works_for_seven_days_then_expires(client, confirmation):
    url = link(confirmation, "confirm")
    with time_machine.travel(SIGNED_UP + timedelta(days=7, minutes=-1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(SIGNED_UP + timedelta(days=7, minutes=1), tick=False):
        page = client.post(url)
    assert page.status_code == 400
    assert "This link has expired" in page.text
    assert 'action="/newsletter/subscribe/"' in page.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "999" + token[token.index(":") :],
        lambda token: "x" + token,
        lambda token: token.partition(":")[0],
        # Digits that str.isdigit() accepts but int() does not.
        lambda token: "²" + token[token.index(":") :],
    ],
    ids=["signature", "unknown-subscriber", "garbage", "no-signature", "superscript"],
)
def test_tampered_links_show_a_friendly_page(client, confirmation, tamper):
    url = link(confirmation, "confirm")
    token = url.split("/")[-2]
    page = client.post(url.replace(token, tamper(token)))
    assert page.status_code == 400
    assert "This link doesn" in page.text
    assert "Sign up again" in page.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_link_does_not_work_for_another_subscriber(
    client, confirmation, make_subscriber
):
    other = make_subscriber(email="other@example.org", status=SubscriberStatus.PENDING)
    token = link(confirmation, "confirm").split("/")[-2]
    moved = f"{other.pk}{token[token.index(':') :]}"
    assert client.post(f"/newsletter/confirm/{moved}/").status_code == 400
    other.refresh_from_db()
    assert other.status == SubscriberStatus.PENDING


def test_confirm_link_is_not_an_unsubscribe_link(client, confirmation):
    token = link(confirmation, "confirm").split("/")[-2]
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 400
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_unsubscribed_reader_cannot_confirm_with_an_old_link(client, confirmation):
    client.post(link(confirmation, "unsubscribe"))
    page = client.post(link(confirmation, "confirm"))
    assert page.status_code == 400
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_one_click_unsubscribe_from_the_mail_client(client, confirmation):
    url = confirmation.message()["List-Unsubscribe"].strip("<>")
    with time_machine.travel(SIGNED_UP + timedelta(days=400), tick=False):
        # RFC 8058: the mail provider POSTs this body, from outside the site.
        response = client.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at == SIGNED_UP + timedelta(days=400)


def test_unsubscribing_twice_keeps_the_first_time(client, confirmation):
    url = link(confirmation, "unsubscribe")
    with time_machine.travel(SIGNED_UP + timedelta(days=1), tick=False):
        client.post(url)
    with time_machine.travel(SIGNED_UP + timedelta(days=2), tick=False):
        assert "You're unsubscribed" in client.post(url).text
    assert Subscriber.objects.get().unsubscribed_at == SIGNED_UP + timedelta(days=1)


def test_opening_the_unsubscribe_link_shows_one_button(client, confirmation):
    page = client.get(link(confirmation, "unsubscribe"))
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    assert main.count("<button") == 1
    assert "Unsubscribe from the newsletter?" in page.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_token_pages_are_not_cached(client, confirmation):
    response = client.get(link(confirmation, "confirm"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("event_type", "status"),
    [
        ("bounced", SubscriberStatus.BOUNCED),
        ("rejected", SubscriberStatus.BOUNCED),
        ("complained", SubscriberStatus.COMPLAINED),
        ("unsubscribed", SubscriberStatus.UNSUBSCRIBED),
    ],
)
def test_email_service_events_stop_mail_to_the_address(
    make_subscriber, event_type, status
):
    make_subscriber(email="gone@example.org")
    make_subscriber(email="fine@example.org")
    event = AnymailTrackingEvent(event_type=event_type, recipient="Gone@Example.org")
    tracking.send(sender=object, event=event, esp_name="Postmark")
    assert dict(Subscriber.objects.values_list("email", "status")) == {
        "gone@example.org": status,
        "fine@example.org": SubscriberStatus.CONFIRMED,
    }


def test_a_complaint_is_not_overwritten_by_a_later_bounce(make_subscriber):
    subscriber = make_subscriber(email="angry@example.org")
    services.suppress(email=subscriber.email, status=SubscriberStatus.COMPLAINED)
    services.suppress(email=subscriber.email, status=SubscriberStatus.BOUNCED)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.COMPLAINED
    assert subscriber.bounced_at is None
