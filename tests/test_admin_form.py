"""The editors' article form: layout, tags and uploads."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains
from taggit.models import Tag

from articles.models import Article, Status

from .article_admin import ADD, FORM, add_form, change_url
from .factories import image_upload
from .html_forms import form_data


def test_article_form_layout_preview_and_view_on_site(editor_client, make_article):
    article = make_article(hero_image=image_upload(), hero_alt="Clean room")

    response = editor_client.get(change_url(article))

    admin_form = response.context["adminform"]
    assert [fieldset.name for fieldset in admin_form] == [
        "Story",
        "Image",
        "Filing",
        "Promotion",
        "SEO",
    ]
    # Readership has its own section, drawn by the readership app.
    assertContains(
        response,
        '<h2 id="readership-heading" class="fieldset-heading">Readership</h2>',
        html=True,
    )
    assert admin_form.prepopulated_fields[0]["field"].name == "slug"
    assert "data-django-prose-editor-configurable" in response.text
    assert f'src="{article.hero_400.url}"' in response.text
    assert reverse("articles:preview", args=[article.pk]) in response.text
    assert response.context["has_absolute_url"]


def test_draft_form_offers_preview_but_no_view_on_site(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.get(change_url(draft))

    assert reverse("articles:preview", args=[draft.pk]) in response.text
    assert not response.context["has_absolute_url"]


def test_new_article_records_who_created_it(
    editor_client, editor, make_category, make_author
):
    response = editor_client.post(
        ADD, add_form(editor_client, make_category, make_author)
    )

    assert response.status_code == 302
    assert Article.objects.get().created_by == editor


def test_saving_sets_existing_and_new_tags(editor_client, make_category, make_author):
    chips = Tag.objects.create(name="chips", slug="chips")

    editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            tags=[chips.name, "Quantum computing", "AI"],
        ),
    )

    article = Article.objects.get()
    assert set(article.tags.names()) == {"chips", "Quantum computing", "AI"}


def test_new_tag_too_long_to_store_is_refused_with_a_message(
    editor_client, make_category, make_author
):
    response = editor_client.post(
        ADD,
        add_form(editor_client, make_category, make_author, tags=["chips", "x" * 101]),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert "at most 100 characters" in errors[0]
    assert not Article.objects.exists()
    assert not Tag.objects.exists()


def test_saving_an_article_keeps_its_tags(editor_client, make_article):
    article = make_article(tags=["chips", "fabs"])
    data = form_data(editor_client.get(change_url(article)), FORM)

    editor_client.post(change_url(article), {**data, "title": "Retitled"})

    article.refresh_from_db()
    assert article.title == "Retitled"
    assert set(article.tags.names()) == {"chips", "fabs"}


def test_tag_autocomplete_finds_existing_tags_for_writers(client, make_staff):
    Tag.objects.create(name="chips", slug="chips")
    Tag.objects.create(name="phones", slug="phones")
    client.force_login(make_staff("Writers"))

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "tags",
            "term": "chi",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["chips"]


def noisy_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"plain text, not a photo"),
            "This file is not an image we can read.",
        ),
        (
            SimpleUploadedFile(
                "logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'
            ),
            "SVG files are not accepted.",
        ),
        (
            SimpleUploadedFile("cut-short.jpg", noisy_jpeg()[:3000]),
            "This image is damaged or incomplete.",
        ),
    ],
    ids=["not-an-image", "svg", "truncated"],
)
def test_refused_upload_shows_the_reason(
    editor_client, make_category, make_author, upload, message, settings
):
    response = editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            hero_upload=upload,
            hero_alt="Something",
        ),
    )

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["hero_upload"][0]
    assert message in response.text
    assert not Article.objects.exists()
    # Every check runs before anything is stored: a refusal leaves no file behind.
    media = Path(settings.MEDIA_ROOT)
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_oversized_upload_shows_the_limit(
    editor_client, make_category, make_author, monkeypatch
):
    monkeypatch.setattr("common.images.MAX_BYTES", 1024)

    response = editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            hero_upload=image_upload(size=(400, 400), quality=100),
            hero_alt="Something",
        ),
    )

    assert response.status_code == 200
    assert "images may be at most 1.0\xa0KB" in response.text
    assert not Article.objects.exists()


def test_hero_image_needs_alt_text(editor_client, make_category, make_author):
    response = editor_client.post(
        ADD,
        add_form(editor_client, make_category, make_author, hero_upload=image_upload()),
    )

    assert response.status_code == 200
    assert (
        "Alt text is required"
        in response.context["adminform"].form.errors["hero_alt"][0]
    )
    assert not Article.objects.exists()


def test_upload_with_alt_text_is_saved_and_previewed(
    editor_client, make_category, make_author
):
    editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            hero_upload=image_upload(),
            hero_alt="A wafer",
        ),
    )
    article = Article.objects.get()

    response = editor_client.get(change_url(article))

    assert f'src="{article.hero_400.url}"' in response.text


def test_editing_an_article_keeps_its_image(editor_client, make_article):
    article = make_article(hero_image=image_upload(), hero_alt="Clean room")
    stored = article.hero_image.name
    data = form_data(editor_client.get(change_url(article)), FORM)

    response = editor_client.post(change_url(article), {**data, "title": "Retitled"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.hero_image.name) == ("Retitled", stored)


def test_multi_word_tag_stays_one_tag(editor_client, make_category, make_author):
    editor_client.post(
        ADD,
        add_form(editor_client, make_category, make_author, tags=["Quasar X1", "AI"]),
    )

    assert set(Article.objects.get().tags.names()) == {"Quasar X1", "AI"}


def test_existing_tag_keeps_its_spelling(editor_client, make_category, make_author):
    Tag.objects.create(name="iPhone", slug="iphone")

    editor_client.post(
        ADD, add_form(editor_client, make_category, make_author, tags=["IPHONE"])
    )

    assert list(Article.objects.get().tags.names()) == ["iPhone"]


def test_images_from_other_sites_are_refused_in_the_body(
    editor_client, make_category, make_author
):
    response = editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            body='<p>Look:</p><img src="https://elsewhere.example/a.png" alt="A">',
        ),
    )

    assert response.status_code == 200
    error = response.context["adminform"].form.errors["body"][0]
    assert "https://elsewhere.example/a.png" in error
    assert not Article.objects.exists()


def test_body_images_from_the_media_library_are_kept(
    editor_client, make_category, make_author, settings
):
    body = '<figure><img src="/media/library/a.png" alt="A chip"></figure>'
    editor_client.post(
        ADD, add_form(editor_client, make_category, make_author, body=body)
    )

    assert 'src="/media/library/a.png"' in Article.objects.get().body
