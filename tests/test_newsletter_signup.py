from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.test import TestCase
from django.utils.html import escape

from newsletter.models import BlockedDomain, Subscriber, SubscriberStatus
from newsletter.views import CHECK_INBOX

SUBSCRIBE = "/newsletter/subscribe/"
SAME_ORIGIN = {"Origin": "http://testserver"}
JSON = {**SAME_ORIGIN, "Accept": "application/json"}
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def signup(
    client, email="reader@example.org", *, headers=SAME_ORIGIN, ip="127.0.0.1", **fields
):
    data = {"email": email, "consent": "on", "website": "", **fields}
    # The confirmation is queued when the signup commits, which a test's own
    # transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(SUBSCRIBE, data, headers=headers, REMOTE_ADDR=ip)


def answer(response):
    """Return everything a client can see of a response: status, headers, body."""
    return (
        response.status_code,
        sorted(response.headers.items()),
        sorted(response.cookies),
        response.content,
    )


@pytest.fixture
def frozen():
    # Rate limits count in fixed windows of the clock; keep every request in one.
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_signup_without_javascript_lands_on_check_your_inbox(client, db, mailoutbox):
    response = signup(client, headers={**SAME_ORIGIN, "Referer": "http://x/a/"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Check your inbox" in page.text
    assert escape(CHECK_INBOX) in page.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.confirmation_sent_at is not None
    assert [message.to for message in mailoutbox] == [["reader@example.org"]]


def test_signup_with_javascript_gets_the_message_as_json(client, db, mailoutbox):
    response = signup(client, headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"message": CHECK_INBOX}
    assert len(mailoutbox) == 1


def test_signup_and_newsletter_page_set_no_cookie(client, db):
    page = client.get("/newsletter/")
    assert 'name="csrfmiddlewaretoken"' not in page.text
    assert "data-newsletter-form" in page.text
    assert not page.cookies
    assert not signup(client).cookies


def test_newsletter_page_says_what_it_is_and_how_often(client, db):
    page = client.get("/newsletter/")
    assert "every weekday morning" in page.text
    assert 'name="consent"' in page.text
    assert 'name="website"' in page.text


def test_newsletter_page_runs_two_queries(
    client, make_category, django_assert_num_queries
):
    for n in range(5):
        make_category(name=f"Section {n}")
    # nav categories, site settings
    with django_assert_num_queries(2):
        assert client.get("/newsletter/").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "none"},
        {},
    ],
    ids=["foreign-origin", "null-origin", "origin-wins", "cross-site", "none", "bare"],
)
def test_cross_site_or_unvouched_posts_are_refused(client, db, mailoutbox, headers):
    response = signup(client, headers={**headers, "Accept": "application/json"})
    assert response.status_code == 403
    assert "our own site" in response.json()["message"]
    assert not Subscriber.objects.exists()
    assert not mailoutbox


def test_cross_site_post_without_javascript_gets_a_page(client, db):
    response = signup(client, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "our own site" in response.text


@pytest.mark.parametrize("fetch_site", ["same-origin", "same-site"])
def test_same_site_fetch_metadata_is_accepted(client, db, fetch_site):
    response = signup(client, headers={"Sec-Fetch-Site": fetch_site})
    assert response.status_code == 302


def test_origin_on_an_allowed_host_is_accepted(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", ".example.com"]
    settings.SITE_URL = "https://news.example.com"
    response = signup(client, headers={"Origin": "https://www.example.com"})
    assert response.status_code == 302


def test_origin_on_another_port_of_an_allowed_host_is_refused(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", ".example.com"]
    settings.SITE_URL = "https://news.example.com"
    response = signup(client, headers={"Origin": "https://www.example.com:8443"})
    assert response.status_code == 403


def test_origin_of_site_url_is_accepted(client, db, settings):
    settings.SITE_URL = "https://news.example.com"
    response = signup(client, headers={"Origin": "https://news.example.com"})
    assert response.status_code == 302


def test_honeypot_hit_gets_the_same_answer_and_is_dropped(
    client, db, mailoutbox, frozen
):
    real = signup(client, "real@example.org", headers=JSON)
    bot = signup(client, "bot@example.org", headers=JSON, website="http://spam.example")
    assert answer(bot) == answer(real)
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "real@example.org"
    ]
    assert [message.to for message in mailoutbox] == [["real@example.org"]]


def test_blocked_domains_and_their_subdomains_are_dropped_silently(
    client, db, mailoutbox, frozen
):
    BlockedDomain.objects.create(domain="@Spam.Example ")
    real = signup(client, "real@example.org", headers=JSON)
    for email in ["a@spam.example", "b@mx.SPAM.example"]:
        assert answer(signup(client, email, headers=JSON)) == answer(real)
    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 1


def test_invalid_address_gets_an_error_next_to_the_field(client, db):
    response = signup(client, "not-an-address")
    assert response.status_code == 400
    assert 'aria-invalid="true" aria-describedby="newsletter-email-error"' in (
        response.text
    )
    assert "Enter a valid e-mail address" in response.text
    assert not Subscriber.objects.exists()


def test_invalid_fields_come_back_as_json_errors(client, db):
    response = client.post(SUBSCRIBE, {"email": "nope", "website": ""}, headers=JSON)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["email"][0]["message"].startswith("Enter a valid e-mail address")
    assert errors["consent"][0]["message"].startswith("Tick the box")


def test_answer_is_identical_whatever_the_address_status(
    client, make_subscriber, settings, frozen
):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 100
    for status in SubscriberStatus:
        make_subscriber(email=f"{status}@example.org", status=status)
    for headers in [JSON, SAME_ORIGIN]:
        answers = [
            answer(signup(client, f"{email}@example.org", headers=headers))
            for email in ["new", *SubscriberStatus.values]
        ]
        assert answers == [answers[0]] * len(answers)


def test_addresses_are_stored_normalized_and_unique_regardless_of_case(
    client, db, mailoutbox
):
    signup(client, "  Reader@Example.ORG ")
    signup(client, "READER@example.org")
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "reader@example.org"
    ]
    assert len(mailoutbox) == 1


def test_database_refuses_the_same_address_in_another_case(make_subscriber):
    make_subscriber(email="reader@example.org")
    with pytest.raises(IntegrityError):
        # bulk_create skips save(), which would lower-case the address.
        Subscriber.objects.bulk_create([Subscriber(email="Reader@Example.org")])


def test_pending_address_gets_a_new_email_at_most_once_an_hour(
    client, db, mailoutbox, frozen
):
    signup(client)
    frozen.shift(timedelta(minutes=59))
    signup(client)
    assert len(mailoutbox) == 1
    frozen.shift(timedelta(minutes=2))
    signup(client)
    assert len(mailoutbox) == 2
    assert Subscriber.objects.get().confirmation_sent_at == NOON + timedelta(minutes=61)


def test_unsubscribed_address_signing_up_again_is_pending_and_mailed(
    client, make_subscriber, mailoutbox
):
    make_subscriber(email="back@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    signup(client, "back@example.org")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "status",
    [SubscriberStatus.CONFIRMED, SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED],
)
def test_confirmed_or_undeliverable_address_is_not_mailed_again(
    client, make_subscriber, mailoutbox, status
):
    make_subscriber(email="known@example.org", status=status)
    signup(client, "known@example.org")
    assert Subscriber.objects.get().status == status
    assert not mailoutbox


def test_signups_are_rate_limited_per_client(client, db, settings, frozen):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 2
    for n in range(2):
        assert signup(client, f"r{n}@example.org", headers=JSON).status_code == 200
    response = signup(client, "r2@example.org", headers=JSON)
    assert response.status_code == 429
    # The window slides: the three attempts of this hour keep counting into the
    # next until two thirds of it have passed.
    assert response.json()["message"] == (
        "Too many sign-up attempts. Please try again in 100 minutes."
    )
    assert response["Retry-After"] == "6000"
    assert Subscriber.objects.count() == 2
    other_client = signup(client, "r3@example.org", headers=JSON, ip="10.1.1.1")
    assert other_client.status_code == 200
    frozen.shift(timedelta(minutes=100))
    assert signup(client, "r4@example.org", headers=JSON).status_code == 200


def test_signups_are_rate_limited_per_address(client, db, settings, frozen):
    settings.NEWSLETTER_SIGNUPS_PER_ADDRESS = 2
    for n in range(2):
        response = signup(client, "Same@example.org", ip=f"10.0.0.{n}")
        assert response.status_code == 302
    response = signup(client, "same@example.org", ip="10.0.0.9")
    assert response.status_code == 429
    assert "Too many sign-up attempts" in response.text


def test_rate_limit_uses_the_configured_proxy_header(client, db, settings, frozen):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    def from_ip(ip, email):
        headers = {**JSON, "X-Forwarded-For": f"203.0.113.9, {ip}"}
        return signup(client, email, headers=headers).status_code

    assert from_ip("198.51.100.1", "a@example.org") == 200
    assert from_ip("198.51.100.2", "b@example.org") == 200
    assert from_ip("198.51.100.1", "c@example.org") == 429


def test_subscriber_records_the_page_they_signed_up_on(client, db):
    headers = {**SAME_ORIGIN, "Referer": "http://testserver/articles/chips/?x=1"}
    signup(client, headers=headers)
    assert Subscriber.objects.get().source == "/articles/chips/"


def test_subscribe_only_accepts_posts(client, db):
    assert client.get(SUBSCRIBE).status_code == 405


def test_signup_from_a_link_page_does_not_store_its_token(client, db):
    headers = {
        **SAME_ORIGIN,
        "Referer": "http://testserver/newsletter/unsubscribe/1:secret-token/",
    }
    signup(client, headers=headers)
    assert Subscriber.objects.get().source == "newsletter:unsubscribe"


def test_ipv6_clients_share_a_limit_across_their_64(client, db, settings, frozen):
    settings.NEWSLETTER_SIGNUPS_PER_CLIENT = 1
    assert signup(client, "a@example.org", ip="2001:db8::1").status_code == 302
    assert signup(client, "b@example.org", ip="2001:db8::2").status_code == 429
    assert signup(client, "c@example.org", ip="2001:db8:0:1::1").status_code == 302


def test_the_confirmation_is_queued_only_once_the_signup_commits(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"email": "reader@example.org", "consent": "on", "website": ""}
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(SUBSCRIBE, data, headers=SAME_ORIGIN)
        assert not mailoutbox

    assert len(callbacks) == 1


def test_international_and_punycode_spellings_make_one_subscriber(
    client, db, mailoutbox
):
    signup(client, "Reader@Bücher.example")
    signup(client, "reader@XN--BCHER-KVA.example")

    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "reader@xn--bcher-kva.example"
    ]
    assert len(mailoutbox) == 1


def test_one_mailbox_gets_a_few_confirmations_an_hour_whatever_the_spelling(
    client, db, mailoutbox, settings, frozen
):
    settings.NEWSLETTER_SIGNUPS_PER_ADDRESS = 3
    spellings = [
        "reader+news@gmail.com",
        "r.e.a.d.e.r@gmail.com",
        '"reader+x"@googlemail.com',
        "READER+tech@GMAIL.COM",
        "re.ader@gmail.com",
    ]

    statuses = [
        signup(client, email, ip=f"10.0.0.{n}").status_code
        for n, email in enumerate(spellings)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3
