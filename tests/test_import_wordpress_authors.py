"""How import_wordpress brings authors, categories and tags over."""

import pytest

from articles.models import Article
from authors.models import Author

from .fixtures.wordpress.wxr import author, category, export, item, tag
from .wordpress_import import run_import

pytestmark = pytest.mark.django_db


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
