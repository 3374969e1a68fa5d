"""How import_wordpress brings posts over: statuses, times, slugs and their meta."""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Status

from .fixtures.wordpress.wxr import attachment, author, export, item
from .wordpress_import import one_post, run_import

pytestmark = pytest.mark.django_db


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
