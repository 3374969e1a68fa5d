import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from taggit.models import Tag

from articles.models import Article, Category
from authors.models import Author
from wordpress.middleware import LegacyRedirectMiddleware

from .fixtures.wordpress.wxr import SITE, author, category, export, item, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    """Import a small site whose posts used date-and-name permalinks."""
    xml = export(
        author("jdoe", "Jane Doe"),
        category(2, "hardware", "Hardware"),
        category(3, "laptops", "Laptops", parent="hardware"),
        category(4, "ünicode", "Ünicode"),
        tag(7, "chips", "Chips"),
        item(
            101,
            slug="new-chip",
            date="2024-03-05 23:30:00",
            creator="jdoe",
            categories=[("laptops", "Laptops")],
            tags=[("chips", "Chips")],
        ),
        item(102, slug="caf%c3%a9-review", date="2024-04-01 10:00:00", creator="jdoe"),
        item(103, slug="custom", link=f"{SITE}/news/custom.html", creator="jdoe"),
        item(104, slug="secret", status="private", creator="jdoe"),
    )
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    call_command("import_wordpress", str(path), stdout=io.StringIO())


def redirect_of(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 301, (path, response.status_code)
    return response["Location"]


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize(
    "path",
    [
        "/new-chip/",
        "/2024/03/05/new-chip/",
        "/2024/03/new-chip/",
        "/2024/03/05/new-chip",
    ],
)
def test_old_post_addresses_answer_301_to_the_article(client, path):
    assert redirect_of(client, path) == "/articles/new-chip/"


@pytest.mark.usefixtures("imported")
def test_percent_encoded_unicode_addresses_redirect(client):
    assert (
        redirect_of(client, "/2024/04/01/caf%C3%A9-review/") == "/articles/cafe-review/"
    )
    assert redirect_of(client, "/caf%c3%a9-review/") == "/articles/cafe-review/"


@pytest.mark.usefixtures("imported")
def test_the_exported_link_redirects_whatever_its_structure(client):
    assert redirect_of(client, "/news/custom.html") == "/articles/custom/"


@pytest.mark.usefixtures("imported")
def test_post_id_on_the_home_page_redirects_even_when_the_home_page_is_cached(client):
    assert client.get("/").status_code == 200  # Now in the page cache.

    assert redirect_of(client, "/", p="101") == "/articles/new-chip/"
    assert client.get("/", {"p": "abc"}).status_code == 200


@pytest.mark.usefixtures("imported")
def test_redirects_follow_later_slug_changes(client):
    article = Article.objects.get(slug="new-chip")
    article.slug = "renamed-chip"
    article.save()

    assert redirect_of(client, "/2024/03/05/new-chip/") == "/articles/renamed-chip/"


@pytest.mark.usefixtures("imported")
def test_unpublished_posts_do_not_redirect_or_reveal_their_slug(client):
    assert client.get("/secret/").status_code == 404
    assert client.get("/", {"p": "104"}).status_code == 200


@pytest.mark.usefixtures("imported")
def test_category_tag_and_author_archives_map_to_ours(client):
    laptops = Category.objects.get(slug="laptops")
    unicode_section = Category.objects.get(name="Ünicode")
    jane = Author.objects.get(name="Jane Doe")
    assert (
        redirect_of(client, "/category/hardware/laptops/") == laptops.get_absolute_url()
    )
    assert (
        redirect_of(client, "/category/%C3%BCnicode/")
        == unicode_section.get_absolute_url()
    )
    assert client.get("/category/hardware/").status_code == 200  # Same address here.
    assert client.get(f"/tag/{Tag.objects.get().slug}/").status_code == 200
    assert client.get(jane.get_absolute_url()).status_code == 200


def test_a_mapped_author_archive_redirects_to_the_existing_author(
    tmp_path, client, make_author
):
    make_author(name="Jane Doe", slug="jane-doe")
    xml = export(author("jdoe", "Jane D."), item(1, slug="story", creator="jdoe"))
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    call_command(
        "import_wordpress",
        str(path),
        "--author-map",
        "jdoe=jane-doe",
        stdout=io.StringIO(),
    )

    assert redirect_of(client, "/author/jdoe/") == "/author/jane-doe/"


@pytest.mark.usefixtures("imported")
def test_ordinary_pages_cost_no_query_and_a_404_one(django_assert_num_queries):
    middleware_ok = LegacyRedirectMiddleware(lambda request: HttpResponse("page"))
    middleware_404 = LegacyRedirectMiddleware(lambda request: HttpResponseNotFound())
    factory = RequestFactory()

    with django_assert_num_queries(0):
        middleware_ok(factory.get("/category/laptops/", {"page": "2"}))
    # One lookup of the path (with and without its slash) joined to its target.
    with django_assert_num_queries(1):
        response = middleware_404(factory.get("/2024/03/new-chip"))
    assert response.status_code == 301
    with django_assert_num_queries(1):
        middleware_ok(factory.get("/", {"p": "999"}))
