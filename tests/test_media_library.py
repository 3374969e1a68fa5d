"""The media library: reusable pictures, uploads from the editor, focal crops."""

from django.urls import reverse
from PIL import Image

from articles.models import Article
from common.images import FocalCrop
from imagelibrary.models import LibraryImage

from .article_admin import ADD, add_form, change_url
from .factories import image_upload

UPLOAD = reverse("admin:imagelibrary_libraryimage_upload")
SEARCH = reverse("admin:imagelibrary_libraryimage_search")


def test_editor_upload_needs_alt_text(editor_client):
    response = editor_client.post(UPLOAD, {"file": image_upload()})

    assert response.status_code == 400
    [error] = response.json()["errors"]["alt_text"]
    assert "Describe the image" in error["message"]
    assert not LibraryImage.objects.exists()


def test_editor_upload_returns_what_the_body_needs(editor_client, editor):
    response = editor_client.post(
        UPLOAD,
        {
            "file": image_upload(size=(640, 480)),
            "alt_text": "A wafer",
            "caption": "Fab",
        },
    )

    assert response.status_code == 201
    answer = response.json()
    image = LibraryImage.objects.get()
    assert answer["url"] == image.file.url
    assert (answer["alt"], answer["width"], answer["height"]) == ("A wafer", 640, 480)
    assert image.uploaded_by == editor


def test_refused_file_says_why(editor_client):
    response = editor_client.post(
        UPLOAD,
        {"file": image_upload(name="x.gif", image_format="BMP"), "alt_text": "x"},
    )

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_picker_searches_alt_caption_and_credit(editor_client):
    LibraryImage.objects.create(file=image_upload(), alt_text="Server racks")
    LibraryImage.objects.create(
        file=image_upload(), alt_text="A phone", credit="Reuters"
    )

    found = editor_client.get(SEARCH, {"q": "reuters"}).json()["results"]

    assert [image["alt"] for image in found] == ["A phone"]


def test_hero_chosen_from_the_library_reuses_the_file(
    editor_client, make_category, make_author
):
    picture = LibraryImage.objects.create(
        file=image_upload(), alt_text="Clean room", credit="Fab Inc."
    )

    editor_client.post(
        ADD,
        add_form(editor_client, make_category, make_author, hero_library=picture.pk),
    )

    article = Article.objects.get()
    assert article.hero_image.name == picture.file.name
    assert (article.hero_alt, article.hero_credit) == ("Clean room", "Fab Inc.")
    assert LibraryImage.objects.count() == 1


def test_upload_survives_a_validation_error(editor_client, make_category, make_author):
    response = editor_client.post(
        ADD,
        add_form(
            editor_client,
            make_category,
            make_author,
            hero_upload=image_upload(),
            title="",
        ),
    )

    assert response.status_code == 200
    kept = LibraryImage.objects.get()
    form = response.context["adminform"].form
    assert form["hero_library"].value() == str(kept.pk)
    assert "Your upload is kept" in response.text
    assert kept.thumb.url in response.text or kept.wide_800.url in response.text

    data = add_form(
        editor_client, make_category, make_author, hero_library=kept.pk, hero_alt="Chip"
    )
    editor_client.post(ADD, data)

    article = Article.objects.get()
    assert article.hero_image.name == kept.file.name
    assert editor_client.get(change_url(article)).status_code == 200


def test_focal_crop_keeps_the_subject_in_frame():
    # A white dot near the right edge of a wide black picture.
    picture = Image.new("RGB", (1600, 900), "black")
    picture.paste("white", (1450, 400, 1500, 450))

    square = FocalCrop(400, 400, focal_x=1475 / 1600, focal_y=425 / 900).process(
        picture
    )
    centred = FocalCrop(400, 400).process(picture)

    assert square.size == (400, 400)
    assert square.convert("L").getextrema()[1] == 255
    assert centred.convert("L").getextrema()[1] == 0


def test_renditions_follow_the_focal_point(db):
    picture = LibraryImage.objects.create(
        file=image_upload(size=(800, 450)), alt_text="x"
    )
    before = picture.square_400.url

    picture.focal_x = 0.9
    picture.save()

    assert LibraryImage.objects.get().square_400.url != before
