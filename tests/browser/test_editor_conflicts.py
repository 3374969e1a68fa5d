"""Two editors with one article open: the later save is refused, not lost."""

import pytest
from playwright.sync_api import expect

from .editor import change_url, log_in

pytestmark = pytest.mark.browser


def test_second_save_is_refused_with_the_conflict_message(
    new_page, live_server, editor, make_staff, make_article
):
    article = make_article(title="Headline", dek="Standfirst.")
    first, second = new_page(), new_page()
    log_in(first, live_server, editor)
    log_in(second, live_server, make_staff("Editors", username="colin"))
    first.goto(change_url(article))
    second.goto(change_url(article))

    second.fill("#id_title", "Colin's headline")
    with second.expect_navigation():
        second.locator('.submit-row input[name="_continue"]').first.click()
    first.fill("#id_dek", "Edith's standfirst.")
    with first.expect_navigation():
        first.locator('.submit-row input[name="_continue"]').first.click()

    error = first.locator(".errorlist.nonfield")
    expect(error).to_contain_text("Someone else saved this article")
    expect(error).to_contain_text("colin")
    expect(first.locator("#id_dek")).to_have_value("Edith's standfirst.")
    article.refresh_from_db()
    assert (article.title, article.dek) == ("Colin's headline", "Standfirst.")
