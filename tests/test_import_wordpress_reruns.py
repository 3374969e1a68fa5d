"""How import_wordpress reruns, dry-runs, and refuses bad options and files."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, Category
from authors.models import Author
from imagelibrary.models import LibraryImage
from wordpress.models import ImportedItem, LegacyURL

from .fixtures.wordpress.wxr import SITE, attachment, author, category, export, item
from .wordpress_import import one_post, run_import, uploads

pytestmark = pytest.mark.django_db


def test_a_second_run_changes_nothing_and_a_third_updates(tmp_path):
    media = uploads(tmp_path, "2024/03/hero.jpg")
    posts = [
        attachment(50, "2024/03/hero.jpg", parent=1),
        item(
            1,
            slug="one",
            meta={"_thumbnail_id": "50", "views": "10"},
            tags=[("ai", "AI")],
        ),
        item(2, slug="two", content="[gallery]"),
    ]
    run_import(
        tmp_path, export(author("alice", "Alice"), *posts), "--media-dir", str(media)
    )

    again = run_import(
        tmp_path, export(author("alice", "Alice"), *posts), "--media-dir", str(media)
    )

    assert "Posts: 2 unchanged" in again
    assert "Authors: 1 unchanged" in again
    assert Article.objects.count() == 2
    assert Author.objects.count() == 1
    assert Tag.objects.count() == 1
    one = Article.objects.get(slug="one")
    one.view_count += 5  # Counted here since the import.
    one.save()

    posts[1] = item(
        1, slug="one", title="Retitled", meta={"_thumbnail_id": "50", "views": "12"}
    )
    third = run_import(
        tmp_path, export(author("alice", "Alice"), *posts), "--media-dir", str(media)
    )

    assert "Posts: 1 unchanged, 1 updated" in third
    one.refresh_from_db()
    assert (one.title, one.view_count) == ("Retitled", 17)
    assert ImportedItem.objects.filter(kind="post").count() == 2


def test_dry_run_changes_nothing_and_prints_the_same_summary(tmp_path):
    media = uploads(tmp_path, "2024/03/hero.jpg")
    xml = export(
        author("alice", "Alice"),
        category(2, "news", "News"),
        attachment(50, "2024/03/hero.jpg", parent=1),
        item(
            1, slug="one", meta={"_thumbnail_id": "50"}, categories=[("news", "News")]
        ),
        item(
            2,
            slug="two",
            content=(
                "[foo_bar x=1]"
                f'<img src="{SITE}/wp-content/uploads/2024/03/hero-300x200.jpg">'
            ),
        ),
    )

    dry = run_import(tmp_path, xml, "--dry-run", "--media-dir", str(media))

    assert not Article.objects.exists()
    assert not LibraryImage.objects.exists()
    assert not Category.objects.exists()
    assert not Author.objects.exists()
    assert not LegacyURL.objects.exists()
    assert not default_storage.exists("wordpress")
    real = run_import(tmp_path, xml, "--media-dir", str(media))
    assert dry.splitlines()[0].endswith("(dry run: nothing was changed)")
    assert dry.splitlines()[1:] == real.splitlines()[1:]
    assert "Library images: 1 created" in real


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--status-map=hidden=draft", "not a WordPress status"),
        ("--status-map=private=public", "not a status here"),
        ("--status-map=private", "not name=value"),
        ("--author-map=alice=nobody", "no author with slug nobody"),
    ],
)
def test_bad_maps_stop_before_any_change(tmp_path, option, message):
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, one_post(), option)

    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (export(item(1, slug="story"))[:-20], "not well-formed XML"),
        ("", "not well-formed XML"),
        ("<?xml version='1.0'?><note>Hello</note>", "root element is <note>"),
        (
            "<rss version='2.0'><channel><title>A feed</title><link>https://x.example</link>"
            "<item><title>Post</title></item></channel></rss>",
            "no WordPress export",
        ),
    ],
)
def test_malformed_or_foreign_files_stop_with_a_message_and_change_nothing(
    tmp_path, xml, message
):
    with pytest.raises(CommandError, match=message) as raised:
        run_import(tmp_path, xml)

    assert "Nothing was changed" in str(raised.value)
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_wordpress", str(tmp_path / "nope.xml"))
