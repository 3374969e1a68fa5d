"""Pictures and tags in the editor: upload into the body, pick a hero, whole tags."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from imagelibrary.models import LibraryImage

from .editor import change_url, image_file

pytestmark = pytest.mark.browser


def save(desk):
    with desk.expect_navigation():
        desk.locator('.submit-row input[name="_continue"]').first.click()
    expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")


def test_body_image_uploaded_in_the_editor_shows_on_the_public_page(
    desk, make_article, tmp_path
):
    article = make_article(body="<p>The fab at night.</p>")
    desk.goto(change_url(article))
    editor = desk.locator(".field-body").get_by_role("textbox")
    expect(editor).to_have_attribute("spellcheck", "true")
    editor.click()
    desk.keyboard.press("End")

    desk.get_by_role("button", name="Insert image…").click()
    dialog = desk.locator("dialog.image-dialog")
    dialog.locator('input[name="file"]').set_input_files(image_file(tmp_path))
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.locator(".image-dialog__error")).to_contain_text(
        "Alt text is required"
    )
    dialog.locator('input[name="alt_text"]').fill("The fab lit up at night")
    dialog.locator('input[name="caption"]').fill("Night shift")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(editor.locator('img[alt="The fab lit up at night"]')).to_be_visible()
    save(desk)

    desk.goto(article.get_absolute_url())
    image = desk.locator('.story__body img[alt="The fab lit up at night"]')
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 640
    stored = LibraryImage.objects.get()
    assert image.get_attribute("src") == stored.file.url


def test_hero_is_chosen_from_the_searchable_library(desk, make_article):
    from tests.factories import image_upload

    LibraryImage.objects.create(file=image_upload(), alt_text="Server racks")
    wanted = LibraryImage.objects.create(
        file=image_upload(size=(320, 180)), alt_text="A wafer under light"
    )
    article = make_article(hero_alt="")
    desk.goto(change_url(article))

    desk.get_by_role("button", name="Choose from library").click()
    desk.get_by_role("searchbox", name="Search").fill("wafer")
    choice = desk.get_by_role("button", name="Choose: A wafer under light")
    expect(desk.locator(".library-dialog__grid li")).to_have_count(1)
    choice.click()
    save(desk)

    article.refresh_from_db()
    assert article.hero_image.name == wanted.file.name
    assert article.hero_alt == "A wafer under light"


def test_multi_word_tag_stays_one_tag(desk, make_article):
    article = make_article()
    desk.goto(change_url(article))

    desk.locator(".field-tags .select2-search__field").click()
    desk.keyboard.type("Quasar X1")
    # The typed tag is offered first, above any existing tags that match.
    expect(desk.locator(".select2-results__option--highlighted")).to_have_text(
        "Quasar X1"
    )
    desk.keyboard.press("Enter")
    expect(desk.locator(".field-tags .select2-selection__choice")).to_contain_text(
        ["Quasar X1"]
    )
    save(desk)

    assert list(Article.objects.get(pk=article.pk).tags.names()) == ["Quasar X1"]
