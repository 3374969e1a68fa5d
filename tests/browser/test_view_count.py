"""A real page view in Chromium counts once; reloading the page does not count again."""

import pytest

from readership.models import BeaconOutcome, ViewStat

pytestmark = pytest.mark.browser

# Headless Chromium names itself HeadlessChrome, which the crawler list rightly
# treats as a bot; a reader's browser says Chrome.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)


@pytest.fixture
def reader_page(new_page):
    return new_page(user_agent=READER_AGENT)


def is_beacon(response):
    return response.url.endswith("/view/") and response.request.method == "POST"


def test_a_page_view_counts_once_and_a_reload_does_not(reader_page, make_article):
    article = make_article(title="Chip makers race to 2nm")

    with reader_page.expect_response(is_beacon) as first:
        reader_page.goto(article.get_absolute_url())
    assert first.value.status == 204
    article.refresh_from_db()
    assert article.view_count == 1

    with reader_page.expect_response(is_beacon) as second:
        reader_page.reload()
    assert second.value.status == 204
    article.refresh_from_db()
    assert article.view_count == 1
    outcomes = dict(ViewStat.objects.values_list("outcome", "count"))
    assert outcomes == {BeaconOutcome.COUNTED: 1, BeaconOutcome.DUPLICATE: 1}
