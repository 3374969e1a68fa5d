"""What every reader page shares: navigation, heading order, error pages, the icon."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from .html_tags import tags
from .reader_pages import outline


def test_navigation_lists_sections_in_order_and_collapses_without_javascript(
    client, make_category
):
    make_category(name="Zeta", slug="zeta", position=1)
    make_category(name="Alpha", slug="alpha", position=2)

    html = client.get(reverse("home")).text

    assert html.index(">Zeta</a>") < html.index(">Alpha</a>")
    assert {"class": "sections__menu"} in tags(html, "details")
    assert "<summary>Menu</summary>" in html
    assert {"class": "skip-link", "href": "#content"} in tags(html, "a")
    for landmark in ["<header", "<nav", '<main id="content"', "<aside", "<footer"]:
        assert landmark in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/fab-opens/",
        "/category/hardware/",
        "/tag/chips/",
        "/author/ana-ruiz/",
        "/articles/missing/",
    ],
)
def test_pages_have_one_h1_ordered_headings_and_alt_text(
    client, story, make_article, url
):
    make_article(title="Neighbour", tags=["Chips"], is_editors_pick=True)
    page = outline(client.get(url))

    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    assert all(
        later <= earlier + 1
        for earlier, later in zip(page.headings, page.headings[1:], strict=False)
    )
    assert page.images_without_alt == []


@pytest.mark.parametrize(
    "url",
    ["/articles/missing/", "/category/missing/", "/tag/missing/", "/author/missing/"],
)
def test_unknown_pages_get_the_designed_404(client, url, make_category):
    make_category(name="Hardware")

    response = client.get(url)

    assert response.status_code == 404
    assert "We couldn't find that page" in response.text
    assert 'href="/category/hardware/"' in response.text


def test_server_error_page_needs_no_request_context_or_database():
    # No db fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
