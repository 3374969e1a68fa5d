"""An editor never loses work: Enter saves, buttons save first, uploads survive."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Status

from .editor import change_url, image_file

pytestmark = pytest.mark.browser


def test_enter_in_the_standfirst_saves_the_article(desk, make_article):
    article = make_article(dek="The old standfirst.")
    desk.goto(change_url(article))

    desk.fill("#id_dek", "A standfirst saved with Enter.")
    with desk.expect_navigation():
        desk.press("#id_dek", "Enter")

    expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.dek == "A standfirst saved with Enter."


def test_publish_now_publishes_the_unsaved_edit(desk, make_article):
    draft = make_article(title="Draft headline", status=Status.DRAFT, published_at=None)
    desk.goto(change_url(draft))

    desk.fill("#id_title", "Edited just before publishing")
    with desk.expect_navigation():
        desk.locator('.submit-row input[name="_publish"]').first.click()

    expect(desk.locator(".messagelist")).to_contain_text("Published")
    draft.refresh_from_db()
    assert draft.is_live
    assert draft.title == "Edited just before publishing"


def test_upload_survives_a_validation_error(desk, make_article, tmp_path):
    article = make_article(title="Needs a picture")
    desk.goto(change_url(article))

    desk.set_input_files("#id_hero_upload", image_file(tmp_path))
    desk.fill("#id_title", "")  # a mistake elsewhere in the form
    with desk.expect_navigation():
        desk.locator('.submit-row input[name="_continue"]').first.click()

    expect(desk.locator(".errornote")).to_be_visible()
    kept = desk.locator(".library-picker__chosen img")
    expect(desk.locator(".library-picker__kept")).to_contain_text("Your upload is kept")
    expect(kept).to_be_visible()
    assert kept.evaluate("img => img.complete && img.naturalWidth > 0")
    # No broken "current image" either.
    assert desk.locator(".field-hero_preview img").count() == 0

    desk.fill("#id_title", "Needs a picture")
    desk.fill("#id_hero_alt", "A blue wafer")
    with desk.expect_navigation():
        desk.locator('.submit-row input[name="_continue"]').first.click()

    article.refresh_from_db()
    assert article.hero_image
    assert article.hero_alt == "A blue wafer"


def test_leaving_with_unsaved_changes_asks_first(desk, make_article):
    article = make_article()
    desk.goto(change_url(article))
    desk.fill("#id_title", "Half-written headline")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    desk.on("dialog", answer)
    desk.locator(".breadcrumbs a").first.click(no_wait_after=True)

    expect(desk.locator("#id_title")).to_have_value("Half-written headline")
    assert dialogs == ["beforeunload"]
    # Leaving the page hands the text to autosave; let that finish in the test.
    with desk.expect_response(lambda response: "/autosave/" in response.url):
        desk.evaluate("window.dispatchEvent(new Event('pagehide'))")


def test_autosave_restores_the_draft_after_the_tab_is_closed(
    desk, live_server, make_article, settings
):
    settings.ARTICLE_AUTOSAVE_SECONDS = 1
    article = make_article(title="Saved headline")
    desk.goto(change_url(article))

    with desk.expect_response(lambda response: "/autosave/" in response.url):
        desk.fill("#id_title", "Typed before the tab closed")
    expect(desk.locator(".desk-autosave-status")).to_contain_text("autosaved")
    context = desk.context
    desk.close()

    again = context.new_page()
    again.goto(change_url(article))
    expect(again.locator("[data-autosave-banner]")).to_be_visible()
    again.get_by_role("link", name="Restore them").click()

    expect(again.locator("#id_title")).to_have_value("Typed before the tab closed")
    assert Article.objects.get(pk=article.pk).title == "Saved headline"
