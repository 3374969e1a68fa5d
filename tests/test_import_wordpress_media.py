"""How import_wordpress stores a post's images and adds them to the media library."""

import pytest
from django.core.files.storage import default_storage
from imagekit.cachefiles import ImageCacheFile

from articles.models import Article
from imagelibrary.models import LibraryImage

from .article_admin import change_url
from .fixtures.wordpress.wxr import SITE, attachment, export, item
from .wordpress_import import one_post, run_import, uploads

pytestmark = pytest.mark.django_db


def test_images_are_stored_through_the_image_checks(tmp_path):
    media = uploads(tmp_path, "2024/03/hero.jpg", "2024/03/inline.jpg")
    xml = export(
        attachment(
            50,
            "2024/03/hero.jpg",
            parent=1,
            alt="Chip on a wafer",
            caption="Photo: Lab",
        ),
        item(
            1,
            slug="story",
            meta={"_thumbnail_id": "50"},
            content=(
                f'<img src="{SITE}/wp-content/uploads/2024/03/inline-300x200.jpg" '
                'alt="Die">'
            ),
        ),
    )
    summary = run_import(tmp_path, xml, "--media-dir", str(media))

    article = Article.objects.get()
    assert article.hero_image.name == "wordpress/oldsite.example/2024/03/hero.jpg"
    assert article.hero_alt == "Chip on a wafer"
    assert article.hero_caption == "Photo: Lab"
    assert default_storage.exists(article.hero_800.name)
    # The resized copy is missing, so the original stands in for it.
    stored = "wordpress/oldsite.example/2024/03/inline.jpg"
    assert f'src="{default_storage.url(stored)}"' in article.body
    assert "Missing media: 0" in summary


def test_imported_images_join_the_media_library_as_the_export_describes_them(
    tmp_path, editor_client
):
    media = uploads(
        tmp_path, "2024/03/hero.jpg", "2024/03/inline.jpg", "2024/03/plain.jpg"
    )
    xml = export(
        attachment(
            50,
            "2024/03/hero.jpg",
            parent=1,
            alt="Chip on a wafer",
            caption="Photo: Lab",
        ),
        attachment(51, "2024/03/inline.jpg", parent=1, alt="A die", caption="The die"),
        item(
            1,
            slug="story",
            meta={"_thumbnail_id": "50"},
            content=(
                f'<img class="wp-image-51" '
                f'src="{SITE}/wp-content/uploads/2024/03/inline-300x200.jpg">'
                f'<img src="{SITE}/wp-content/uploads/2024/03/plain.jpg" alt="A wafer">'
            ),
        ),
    )
    summary = run_import(tmp_path, xml, "--media-dir", str(media))

    pictures = {
        picture.file.name: (picture.alt_text, picture.caption, picture.uploaded_by)
        for picture in LibraryImage.objects.all()
    }
    assert pictures == {
        "wordpress/oldsite.example/2024/03/hero.jpg": (
            "Chip on a wafer",
            "Photo: Lab",
            None,
        ),
        "wordpress/oldsite.example/2024/03/inline.jpg": ("A die", "The die", None),
        "wordpress/oldsite.example/2024/03/plain.jpg": ("A wafer", "", None),
    }
    # The pictures show the stored files: no copy under the library's folder.
    assert not default_storage.exists("library")
    article = Article.objects.get()
    hero = LibraryImage.objects.get(file=article.hero_image.name)
    page = editor_client.get(change_url(article))
    assert page.context["adminform"].form["hero_library"].value() == hero.pk
    assert default_storage.exists(hero.thumb.name)
    assert "Library images: 3 created" in summary


def test_a_rerun_adds_no_pictures_and_brings_changed_descriptions_over(tmp_path):
    media = uploads(tmp_path, "2024/03/hero.jpg", "2024/03/plain.jpg")

    def xml(alt):
        return export(
            attachment(50, "2024/03/hero.jpg", parent=1, alt=alt, caption="Lab"),
            item(
                1,
                slug="one",
                meta={"_thumbnail_id": "50"},
                content=(
                    f'<img src="{SITE}/wp-content/uploads/2024/03/plain.jpg" '
                    'alt="A wafer">'
                ),
            ),
            # The hero's file again, through a resized copy the folder lacks.
            item(
                2,
                slug="two",
                content=(
                    f'<img src="{SITE}/wp-content/uploads/2024/03/hero-300x200.jpg">'
                ),
            ),
        )

    run_import(tmp_path, xml("Chip on a wafer"), "--media-dir", str(media))
    plain = LibraryImage.objects.get(alt_text="A wafer")
    plain.alt_text = "A silicon wafer"  # An editor's better words.
    plain.save()

    again = run_import(tmp_path, xml("Chip on a wafer"), "--media-dir", str(media))
    changed = run_import(tmp_path, xml("A chip on a wafer"), "--media-dir", str(media))
    last = run_import(tmp_path, xml("A chip on a wafer"), "--media-dir", str(media))

    assert "Library images" not in again
    assert "Library images: 1 updated" in changed
    assert "Library images" not in last
    assert sorted(LibraryImage.objects.values_list("alt_text", "caption")) == [
        ("A chip on a wafer", "Lab"),
        ("A silicon wafer", ""),
    ]


def test_each_rendition_is_rendered_once_across_runs(tmp_path, monkeypatch):
    rendered = []
    render = ImageCacheFile._generate

    def counting_render(self):
        rendered.append(self.name)
        return render(self)

    monkeypatch.setattr(ImageCacheFile, "_generate", counting_render)
    media = uploads(tmp_path, "2024/03/hero.jpg")
    xml = export(
        attachment(50, "2024/03/hero.jpg", parent=1, alt="Chip"),
        item(1, slug="one", meta={"_thumbnail_id": "50"}),
        item(
            2,
            slug="two",
            content=f'<img src="{SITE}/wp-content/uploads/2024/03/hero.jpg">',
        ),
    )

    run_import(tmp_path, xml, "--media-dir", str(media))
    run_import(tmp_path, xml, "--media-dir", str(media))

    picture = LibraryImage.objects.get()
    article = Article.objects.get(slug="one")
    assert {picture.thumb.name, article.hero_800.name} <= set(rendered)
    assert len(rendered) == len(set(rendered))


def test_a_name_too_long_for_the_library_is_reported_not_fatal(tmp_path):
    path = "2024/03/" + "a" * 80 + ".jpg"
    media = uploads(tmp_path, path)
    src = f"{SITE}/wp-content/uploads/{path}"
    summary = run_import(
        tmp_path,
        one_post(content=f'<img src="{src}" alt="Chip">'),
        "--media-dir",
        str(media),
    )

    stored = f"wordpress/oldsite.example/{path}"
    assert f'src="{default_storage.url(stored)}"' in Article.objects.get().body
    assert not LibraryImage.objects.exists()
    assert "its stored name is longer than 100 characters" in summary


def test_missing_and_broken_media_are_reported_not_fatal(tmp_path):
    media = uploads(tmp_path, "2024/03/present.jpg")
    (media / "2024/03/broken.jpg").write_bytes(b"not an image")
    xml = export(
        attachment(50, "2024/03/gone.jpg", parent=1),
        item(
            1,
            slug="story",
            meta={"_thumbnail_id": "50"},
            content=(
                f'<img src="{SITE}/wp-content/uploads/2024/03/absent.png">'
                f'<img src="{SITE}/wp-content/uploads/2024/03/broken.jpg">'
            ),
        ),
    )
    summary = run_import(tmp_path, xml, "--media-dir", str(media))

    article = Article.objects.get()
    assert not article.hero_image
    assert f'src="{SITE}/wp-content/uploads/2024/03/absent.png"' in article.body
    assert "Missing media: 2" in summary
    assert "2024/03/gone.jpg (not in the media folder)" in summary
    assert "2024/03/absent.png (not in the media folder)" in summary
    assert "Image 2024/03/broken.jpg refused" in summary


def test_without_a_media_folder_images_keep_their_addresses(tmp_path):
    src = f"{SITE}/wp-content/uploads/2024/03/pic.jpg"
    summary = run_import(tmp_path, one_post(content=f'<img src="{src}">'))

    assert f'src="{src}"' in Article.objects.get().body
    assert "2024/03/pic.jpg (no --media-dir given)" in summary
