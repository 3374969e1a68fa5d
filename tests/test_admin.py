import datetime as dt
import io

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains
from taggit.models import Tag

from articles.models import Article, Status

from .factories import image_upload
from .html_forms import form_data

FORM = "article_form"
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_action(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "index": 0, "_selected_action": [a.pk for a in articles]},
    )


def add_form(client, make_category, make_author, **fields):
    """Return the add form's data filled in for a minimal valid article."""
    data = form_data(client.get(ADD), FORM)
    return {
        **data,
        "title": "Chip shortage eases",
        "slug": "chip-shortage-eases",
        "body": "<p>Supply is back.</p>",
        "category": make_category().pk,
        "bylines-0-author": make_author().pk,
        **fields,
    }


@pytest.mark.parametrize("count", [3, 12])
def test_article_list_queries_stay_flat(
    editor_client, make_article, make_author, django_assert_num_queries, count
):
    for n in range(count):
        make_article(
            title=f"Story {n}",
            authors=[make_author(), make_author()],
            tags=["chips"],
            hero_image=image_upload() if n % 3 == 0 else "",
            hero_alt="A wafer",
        )
    # session, user, user permissions, group permissions, category filter choices,
    # author filter choices, paginator COUNT, unfiltered COUNT, the page joined to
    # its category, bylines with their authors, date hierarchy bounds and days
    with django_assert_num_queries(12):
        response = editor_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count


def test_article_list_shows_authors_thumbnail_and_views(
    editor_client, make_article, make_author
):
    article = make_article(
        title="Inside the fab",
        authors=[make_author(name="Ada Byte"), make_author(name="Alan Gate")],
        hero_image=image_upload(),
        hero_alt="Clean room",
    )
    Article.objects.filter(pk=article.pk).update(view_count=4321)

    response = editor_client.get(CHANGELIST)

    assert "Ada Byte, Alan Gate" in response.text
    assert f'src="{article.hero_400.url}"' in response.text
    assert "4321" in response.text


def test_article_list_searches_author_names(editor_client, make_article, make_author):
    wanted = make_article(title="Found", authors=[make_author(name="Grace Hopper")])
    make_article(title="Not found")

    response = editor_client.get(CHANGELIST, {"q": "hopper"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_article_list_puts_drafts_then_newest_first(editor_client, make_article):
    now = timezone.now()
    older = make_article(published_at=now - dt.timedelta(days=2))
    newer = make_article(published_at=now - dt.timedelta(days=1))
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.get(CHANGELIST)

    assert list(response.context["cl"].result_list) == [draft, newer, older]


def test_publish_now(editor_client, editor, make_article, frozen_now):
    past = frozen_now - dt.timedelta(days=3)
    draft = make_article(status=Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=frozen_now + dt.timedelta(days=1))
    unpublished = make_article(status=Status.DRAFT, published_at=past)
    live = make_article(published_at=past)

    response = run_action(
        editor_client, "publish_now", [draft, scheduled, unpublished, live]
    )

    assert messages_of(response) == ["Published 3 articles."]
    for article in (draft, scheduled, unpublished, live):
        article.refresh_from_db()
        assert article.is_live
    assert draft.published_at == frozen_now
    assert scheduled.published_at == frozen_now
    assert unpublished.published_at == past
    version = draft.history.first()
    assert (version.history_user, version.history_change_reason) == (
        editor,
        "Published now",
    )


def test_unpublish_returns_articles_to_draft(editor_client, make_article):
    live = make_article()
    scheduled = make_article(published_at=timezone.now() + dt.timedelta(hours=2))
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = run_action(editor_client, "unpublish", [live, scheduled, draft])

    assert messages_of(response) == ["Moved 2 articles back to draft."]
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_mark_editors_pick_revives_an_expired_pick(
    editor_client, make_article, frozen_now
):
    plain = make_article()
    expired = make_article(
        is_editors_pick=True, pick_until=frozen_now - dt.timedelta(hours=1)
    )
    current = make_article(is_editors_pick=True)

    response = run_action(editor_client, "mark_editors_pick", [plain, expired, current])

    assert messages_of(response) == ["Marked 2 articles as editor's picks."]
    assert set(Article.objects.editors_picks()) == {plain, expired, current}


def test_unmark_editors_pick(editor_client, make_article):
    pick = make_article(is_editors_pick=True)
    other = make_article()

    response = run_action(editor_client, "unmark_editors_pick", [pick, other])

    assert messages_of(response) == ["Removed 1 article from editor's picks."]
    assert not Article.objects.filter(is_editors_pick=True).exists()


def test_publish_now_from_the_article_form(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.post(
        change_url(draft),
        {"CHANGE_FORM-action": "publish_now", "_selected_action": draft.pk},
    )

    assert messages_of(response) == ["Published 1 article."]
    draft.refresh_from_db()
    assert draft.is_live


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
            tags=[chips.pk],
            new_tags="Quantum computing, AI",
        ),
    )

    article = Article.objects.get()
    assert set(article.tags.names()) == {"chips", "Quantum computing", "AI"}


def test_new_tag_too_long_to_store_is_refused_with_a_message(
    editor_client, make_category, make_author
):
    response = editor_client.post(
        ADD,
        add_form(
            editor_client, make_category, make_author, new_tags="chips, " + "x" * 101
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["new_tags"]
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
    editor_client, make_category, make_author, upload, message
):
    response = editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            hero_image=upload,
            hero_alt="Something",
        ),
    )

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["hero_image"][0]
    assert message in response.text
    assert not Article.objects.exists()


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
            hero_image=image_upload(size=(400, 400), quality=100),
            hero_alt="Something",
        ),
    )

    assert response.status_code == 200
    assert "images may be at most 1.0\xa0KB" in response.text
    assert not Article.objects.exists()


def test_hero_image_needs_alt_text(editor_client, make_category, make_author):
    response = editor_client.post(
        ADD,
        add_form(editor_client, make_category, make_author, hero_image=image_upload()),
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
            hero_image=image_upload(),
            hero_alt="A wafer",
        ),
    )
    article = Article.objects.get()

    response = editor_client.get(change_url(article))

    assert f'src="{article.hero_400.url}"' in response.text


def test_category_list_counts_articles_without_extra_queries(
    editor_client, make_category, make_article, django_assert_num_queries
):
    for n in range(4):
        category = make_category(name=f"Desk {n}")
        make_article(category=category)
        make_article(category=category, status=Status.DRAFT, published_at=None)
    # session, user, user permissions, group permissions, paginator COUNT,
    # unfiltered COUNT, categories annotated with both counts
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("admin:articles_category_changelist"))

    counts = {
        (c.article_count, c.live_count) for c in response.context["cl"].result_list
    }
    assert counts == {(2, 1)}


def test_author_list_shows_photo_and_login(
    editor_client, make_author, make_user, django_assert_num_queries
):
    for n in range(3):
        make_author(
            name=f"Writer {n}", photo=image_upload(), user=make_user(username=f"w{n}")
        )
    # session, user, user permissions, group permissions, paginator COUNT,
    # unfiltered COUNT, authors joined to their logins
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("admin:authors_author_changelist"))

    author = response.context["cl"].result_list[0]
    assert f'src="{author.photo_96.url}"' in response.text
    assert "w0" in response.text


def test_editing_an_article_keeps_its_image(editor_client, make_article):
    article = make_article(hero_image=image_upload(), hero_alt="Clean room")
    stored = article.hero_image.name
    data = form_data(editor_client.get(change_url(article)), FORM)

    response = editor_client.post(change_url(article), {**data, "title": "Retitled"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.hero_image.name) == ("Retitled", stored)
