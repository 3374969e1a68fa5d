import re

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber, SubscriberStatus
from newsletter.views import CHECK_INBOX

pytestmark = pytest.mark.browser

CONSENT = re.compile("Send me the newsletter")


@pytest.fixture
def article(make_article, settings, live_server):
    # The links in the e-mail and the subscribe view's same-site check go by SITE_URL.
    settings.SITE_URL = live_server.url
    return make_article(title="Chip makers race to 2nm")


def sign_up_from_the_sidebar(page, article, email):
    page.goto(article.get_absolute_url())
    signup = page.get_by_role("region", name="Newsletter")
    signup.get_by_role("textbox", name="E-mail address").fill(email)
    signup.get_by_role("checkbox", name=CONSENT).check()
    signup.get_by_role("button", name="Subscribe", exact=True).click()
    return signup


def confirm_link(message, site):
    return re.search(rf"{re.escape(site)}/newsletter/confirm/\S+/", message.body)[0]


def confirm(page, message, site):
    page.goto(confirm_link(message, site))
    expect(page.get_by_role("heading", level=1)).to_have_text("One last step")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're subscribed")


def test_reader_signs_up_in_place_confirms_and_unsubscribes(
    page, live_server, article, mailoutbox
):
    signup = sign_up_from_the_sidebar(page, article, "Reader@Example.org")

    expect(signup.get_by_role("status")).to_have_text(CHECK_INBOX)
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.source == article.get_absolute_url()

    confirm(page, message, live_server.url)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(live_server.url)
    assert unsubscribe in message.body
    page.goto(unsubscribe)
    page.get_by_role("button", name="Unsubscribe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_reader_without_javascript_signs_up_and_confirms(
    new_page, live_server, article, mailoutbox
):
    page = new_page(java_script_enabled=False)
    sign_up_from_the_sidebar(page, article, "reader@example.org")

    expect(page).to_have_url(live_server.url + "/newsletter/check-your-inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("status")).to_have_text(CHECK_INBOX)
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]

    confirm(page, message, live_server.url)
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_an_error_shown_in_place_is_cleared_once_the_address_is_fixed(
    page, article, console_errors
):
    page.goto(article.get_absolute_url())
    signup = page.get_by_role("region", name="Newsletter")
    email = signup.get_by_role("textbox", name="E-mail address")
    # The browser lets an address without a dot in its domain through; Django does not.
    email.fill("reader@example")
    signup.get_by_role("checkbox", name=CONSENT).check()
    signup.get_by_role("button", name="Subscribe", exact=True).click()

    expect(email).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(
        re.compile("Enter a valid e-mail address")
    )

    email.fill("reader@example.org")
    signup.get_by_role("button", name="Subscribe", exact=True).click()

    expect(signup.get_by_role("status")).to_have_text(CHECK_INBOX)
    expect(email).not_to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("")
    # Chromium logs every 4xx answer to fetch(); that one was expected.
    console_errors[:] = [
        error for error in console_errors if "status of 400" not in error
    ]
