import io
from datetime import UTC, datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from imagekit.cachefiles import ImageCacheFile
from PIL import Image
from taggit.models import Tag

from articles.models import Article, Category, Status
from authors.models import Author
from imagelibrary.models import LibraryImage
from wordpress.models import ImportedItem, LegacyURL

from .article_admin import change_url
from .fixtures.wordpress.wxr import (
    SITE,
    attachment,
    author,
    category,
    export,
    item,
    tag,
)

pytestmark = pytest.mark.django_db


def run_import(tmp_path, xml, *options):
    """Import xml as an export file and return the summary the command printed."""
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    out = io.StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out)
    return out.getvalue()


def uploads(tmp_path, *paths, size=(1200, 700)):
    """Return a media folder holding a real image at each uploads path."""
    root = tmp_path / "uploads"
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (30, 90, 160)).save(root / path, "JPEG")
    return root


def one_post(**fields):
    return export(author("alice", "Alice Writer"), item(1, slug="story", **fields))


def test_every_status_maps_to_ours_and_scheduled_times_are_kept(tmp_path):
    xml = export(
        author("alice", "Alice Writer"),
        item(1, slug="live", status="publish"),
        item(2, slug="scheduled", status="future", date_gmt="2031-05-01 09:00:00"),
        item(3, slug="draft", status="draft", date_gmt="0000-00-00 00:00:00"),
        item(4, slug="pending", status="pending"),
        item(5, slug="private", status="private"),
        item(6, slug="binned", status="trash"),
    )

    summary = run_import(tmp_path, xml)

    statuses = dict(Article.objects.values_list("slug", "status"))
    assert statuses == {
        "live": Status.PUBLISHED,
        "scheduled": Status.PUBLISHED,
        "draft": Status.DRAFT,
        "pending": Status.REVIEW,
        "private": Status.DRAFT,
    }
    scheduled = Article.objects.get(slug="scheduled")
    assert scheduled.published_at == datetime(2031, 5, 1, 9, tzinfo=UTC)
    assert list(Article.objects.published().values_list("slug", flat=True)) == ["live"]
    assert Article.objects.get(slug="draft").published_at is None
    assert "post (trash) 1" in summary


def test_status_map_overrides_a_status(tmp_path):
    run_import(tmp_path, one_post(status="private"), "--status-map", "private=review")

    assert Article.objects.get().status == Status.REVIEW


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


def test_times_come_from_the_gmt_fields(tmp_path):
    run_import(
        tmp_path,
        one_post(
            date="2024-03-05 23:30:00",
            date_gmt="2024-03-05 21:30:00",
            modified_gmt="2024-04-01 06:15:00",
        ),
    )

    article = Article.objects.get()
    assert article.published_at == datetime(2024, 3, 5, 21, 30, tzinfo=UTC)
    assert article.created_at == datetime(2024, 3, 5, 21, 30, tzinfo=UTC)
    assert article.updated_at == datetime(2024, 4, 1, 6, 15, tzinfo=UTC)
    assert article.content_modified_at == datetime(2024, 4, 1, 6, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("slug", "title", "expected"),
    [
        ("caf%c3%a9-cr%c3%a8me", "Café", "cafe-creme"),
        ("%e4%b8%ad%e6%96%87", "Chips and phones", "chips-and-phones"),
        ("%e4%b8%ad%e6%96%87", "中文", "post-1"),
        ("", "Draft without a slug", "draft-without-a-slug"),
    ],
)
def test_slugs_are_decoded_and_kept_valid(tmp_path, slug, title, expected):
    run_import(tmp_path, export(item(1, slug=slug, title=title)))

    assert Article.objects.get().slug == expected


def test_a_taken_slug_gets_a_suffix(tmp_path, make_article):
    make_article(slug="story")

    run_import(tmp_path, one_post())

    assert Article.objects.filter(slug="story-2").exists()


def test_excerpt_sticky_seo_and_views_come_over(tmp_path):
    run_import(
        tmp_path,
        one_post(
            title="Chips &amp; dips",
            excerpt="<p>The <em>short</em> version.</p>",
            sticky=True,
            meta={
                "_yoast_wpseo_title": "%%title%% %%sep%% %%sitename%%",
                "_yoast_wpseo_metadesc": "All about chips.",
                "post_views_count": "4321",
            },
        ),
    )

    article = Article.objects.get()
    assert article.title == "Chips & dips"
    assert article.dek == "The short version."
    assert article.is_featured
    assert article.seo_title == "Chips & dips – Old Tech News"
    assert article.seo_description == "All about chips."
    assert article.view_count == 4321


def test_rank_math_fields_and_the_views_meta_are_read(tmp_path):
    run_import(
        tmp_path,
        one_post(
            meta={
                "rank_math_title": "Custom %sep% title",
                "rank_math_description": "Rank Math description",
                "rank_math_robots": 'a:1:{i:0;s:7:"noindex";}',
                "views": "17",
            }
        ),
    )

    article = Article.objects.get()
    assert article.seo_title == "Custom – title"
    assert article.seo_description == "Rank Math description"
    assert article.is_noindex
    assert article.view_count == 17


def test_classic_content_gets_paragraphs_and_line_breaks(tmp_path):
    run_import(
        tmp_path,
        one_post(
            content=(
                "First line\nsecond line\n\nNew paragraph<!--more-->\n\n"
                "<pre>a\n\nb</pre>"
            )
        ),
    )

    body = Article.objects.get().body
    assert body.startswith("<p>First line<br>\nsecond line</p>")
    assert "<p>New paragraph</p>" in body
    assert "<pre>a\n\nb</pre>" in body
    assert "more" not in body


def test_block_comments_go_and_their_html_stays_as_it_is(tmp_path):
    content = (
        "<!-- wp:paragraph -->\n<p>One block</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image"><img src="x.jpg" '
        'alt="Chip"/><figcaption>A chip</figcaption></figure>\n<!-- /wp:image -->\n\n'
        "<!-- wp:latest-posts /-->"
    )
    run_import(tmp_path, one_post(content=content))

    body = Article.objects.get().body
    assert "wp:" not in body
    assert "<br>" not in body
    assert "<p>One block</p>" in body
    assert (
        '<figure><img src="x.jpg" alt="Chip"><figcaption>A chip</figcaption></figure>'
        in body
    )


def test_captions_become_figures(tmp_path):
    content = (
        '[caption id="attachment_9" align="alignright" width="300"]<a href="/big.jpg">'
        '<img class="wp-image-9" src="https://cdn.example/pic.jpg" width="300" '
        'height="200" /></a> The new chip[/caption]\n\nAfter.'
    )
    xml = export(
        attachment(9, "2024/03/pic.jpg", alt="A chip on a finger"),
        item(1, slug="story", content=content),
    )
    run_import(tmp_path, xml)

    body = Article.objects.get().body
    assert (
        '<figure><a href="/big.jpg" rel="noopener">'
        '<img src="https://cdn.example/pic.jpg" '
        'alt="A chip on a finger" width="300" height="200"></a>'
        "<figcaption>The new chip</figcaption></figure>"
    ) in body
    assert "<p>After.</p>" in body


def test_galleries_become_figures_when_their_images_are_known(tmp_path):
    xml = export(
        attachment(21, "2024/03/one.jpg", parent=1, alt="One", caption="First"),
        attachment(22, "2024/03/two.jpg", parent=1, alt="Two"),
        item(1, slug="by-ids", content='[gallery ids="22,21,99"]'),
        item(2, slug="attached", content='[gallery id="1"]'),
        item(3, slug="unknown", content='[gallery ids="98"]'),
    )
    summary = run_import(tmp_path, xml)

    by_ids = Article.objects.get(slug="by-ids").body
    assert by_ids.index('alt="Two"') < by_ids.index('alt="One"')
    assert "<figcaption>First</figcaption>" in by_ids
    assert by_ids.count("<figure>") == 2
    assert Article.objects.get(slug="attached").body.count("<figure>") == 2
    assert Article.objects.get(slug="unknown").body == ""
    assert "Shortcodes removed: gallery 1" in summary


def test_other_shortcodes_go_with_a_count_and_their_text_stays(tmp_path):
    content = (
        '[contact-form-7 id="5" title="Contact"] [su_note]Read this[/su_note] '
        "[embed]https://video.example/1[/embed] [sic] [[caption]] "
        '[contact-form-7 id="6"]'
    )
    summary = run_import(tmp_path, one_post(content=content))

    body = Article.objects.get().body
    assert "Read this" in body
    assert "https://video.example/1" in body
    assert "[sic]" in body
    assert "[caption]" in body
    assert "contact-form" not in body
    assert "Shortcodes removed: contact-form-7 2, su_note 1, embed 1" in summary


def test_links_to_other_imported_posts_point_at_their_new_pages(tmp_path):
    xml = export(
        item(
            1,
            slug="first",
            content=(
                f'<a href="{SITE}/2024/03/05/second/">date link</a> '
                f'<a href="{SITE}/?p=2">id link</a> <a href="/second/">relative</a> '
                '<a href="https://elsewhere.example/second/">elsewhere</a> '
                f'<a href="{SITE}/?p=3">draft</a> <a href="http://[broken">bad</a> '
                '<img src="http://[broken.jpg">'
            ),
        ),
        item(2, slug="second"),
        item(3, slug="unfinished", status="draft"),
    )
    run_import(tmp_path, xml)

    body = Article.objects.get(slug="first").body
    assert body.count('href="/articles/second/"') == 3
    assert 'href="https://elsewhere.example/second/"' in body
    assert f'href="{SITE}/?p=3"' in body
    assert "bad</a>" in body


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


def test_authors_come_over_without_logins_or_addresses_on_their_pages(tmp_path, client):
    xml = export(
        author("jdoe", "Jane Doe", email="jane@private.example", bio="Covers chips."),
        author("x9@mail.example", "x9@mail.example", first="Sam", last="Lee"),
        item(1, slug="one", creator="jdoe"),
        item(2, slug="two", creator="x9@mail.example"),
    )
    run_import(tmp_path, xml)

    jane = Author.objects.get(name="Jane Doe")
    assert (jane.slug, jane.bio) == ("jdoe", "Covers chips.")
    sam = Author.objects.get(name="Sam Lee")
    assert sam.slug == "sam-lee"
    page = client.get(sam.get_absolute_url()).text
    assert "mail.example" not in page
    assert "jane@private.example" not in client.get(jane.get_absolute_url()).text


def test_author_map_and_co_authors_make_ordered_bylines(tmp_path, make_author):
    staff = make_author(name="Jane Doe", slug="jane-doe")
    xml = export(
        author("jdoe", "Jane D."),
        author("bob", "Bob Stone"),
        item(
            1,
            slug="story",
            creator="jdoe",
            coauthors=[
                ("cap-bob", "Bob Stone"),
                ("cap-jdoe", "Jane D."),
                ("cap-guest-writer", "Guest Writer"),
            ],
        ),
    )
    summary = run_import(tmp_path, xml, "--author-map", "jdoe=jane-doe")

    article = Article.objects.get()
    assert [author.name for author in article.byline_authors] == [
        "Bob Stone",
        "Jane Doe",
        "Guest Writer",
    ]
    assert article.byline_authors[1] == staff
    assert "Authors: 2 created, 1 mapped" in summary


def test_categories_are_flattened_with_a_report_line_and_tags_kept(tmp_path):
    xml = export(
        category(2, "hardware", "Hardware"),
        category(3, "laptops", "Laptops", parent="hardware"),
        tag(7, "%c3%bcber-chips", "Über chips"),
        item(
            1,
            slug="one",
            categories=[("laptops", "Laptops")],
            tags=[("%c3%bcber-chips", "Über chips")],
        ),
        item(2, slug="two"),
        item(
            3,
            slug="three",
            categories=[("hardware", "Hardware"), ("laptops", "Laptops")],
            meta={"_yoast_wpseo_primary_category": "3"},
        ),
    )
    summary = run_import(tmp_path, xml)

    assert Article.objects.get(slug="one").category.slug == "laptops"
    assert list(
        Article.objects.get(slug="one").tags.values_list("slug", flat=True)
    ) == ["über-chips"]
    assert Article.objects.get(slug="two").category.slug == "uncategorized"
    assert Article.objects.get(slug="three").category.slug == "laptops"
    assert "Category “Laptops” was under “Hardware”" in summary
    assert "Posts without a category: 1, filed under “Uncategorized”" in summary


def test_other_content_is_skipped_and_counted_by_type(tmp_path):
    xml = export(
        attachment(40, "2024/03/orphan.jpg"),
        item(1, slug="story", comments=3),
        item(2, slug="about", post_type="page"),
        item(3, slug="home", post_type="nav_menu_item"),
        item(4, slug="product", post_type="product"),
    )
    summary = run_import(tmp_path, xml)

    assert Article.objects.count() == 1
    assert "comment 3" in summary
    for reason in (
        "page 1",
        "nav_menu_item 1",
        "product 1",
        "attachment without a post 1",
    ):
        assert reason in summary


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
