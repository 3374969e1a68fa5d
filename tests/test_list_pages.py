"""What readers see on the section, tag and author pages, and how they page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertInHTML

from articles.models import Status

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    days_ago,
    image_upload,
)
from .html_tags import has_tag, tags
from .reader_pages import main_column


@pytest.fixture(scope="module")
def crowded_site(module_db):
    """Make 21 stories in one section, with one tag and one author: two pages each."""
    with module_db():
        author = AuthorFactory(slug="prolific")
        category = CategoryFactory(name="Busy", slug="busy")
        for n in range(21):
            ArticleFactory(
                title=f"Crowded story {n:02}",
                category=category,
                authors=[author],
                tags=["busy-tag"],
                published_at=days_ago(n + 1),
            )
    return ["/category/busy/", "/tag/busy-tag/", "/author/prolific/"]


@pytest.fixture
def crowded_pages(db, crowded_site):
    """Return the URLs of the crowded section, tag and author pages."""
    return crowded_site


def test_category_page_lists_its_published_stories(client, make_article, make_category):
    hardware = make_category(name="Hardware", slug="hardware", description="Chips.")
    make_article(title="Hardware story", category=hardware)
    make_article(title="Hardware draft", category=hardware, status=Status.DRAFT)
    make_article(title="Software story")

    html = main_column(client.get(hardware.get_absolute_url()))

    assertInHTML('<h1 class="page-header__title">Hardware</h1>', html)
    assert "Hardware story" in html
    assert "Hardware draft" not in html
    assert "Software story" not in html
    assert has_tag(html, "a", {"href": "/category/hardware/", "aria-current": "page"})


def test_tag_page_lists_published_stories_with_the_tag(client, make_article):
    make_article(title="Tagged story", tags=["Robots"])
    make_article(
        title="Tagged but scheduled",
        tags=["Robots"],
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )
    make_article(title="Untagged story")

    html = main_column(client.get(reverse("articles:tag", args=["robots"])))

    assertInHTML('<h1 class="page-header__title">Robots</h1>', html)
    assert "Tagged story" in html
    assert "Tagged but scheduled" not in html
    assert "Untagged story" not in html


def test_tags_with_accented_names_link_to_their_pages_and_feeds(client, make_article):
    article = make_article(title="Tram line opens", tags=["Zürich"])

    html = client.get(article.get_absolute_url()).text
    tag_page = client.get("/tag/zürich/")

    assert 'href="/tag/z%C3%BCrich/"' in html
    assert "Tram line opens" in main_column(tag_page)
    assert client.get("/tag/zürich/feed/").status_code == 200


def test_author_page_shows_the_profile_and_only_published_work(
    client, make_article, make_author
):
    ana = make_author(
        name="Ana Ruiz",
        bio="Ana covers chips.\n\nShe lives in Lisbon.",
        website="https://ana.example.org/",
        photo=image_upload("ana.jpg", size=(200, 200)),
    )
    make_article(title="Ana's story", authors=[ana])
    make_article(title="Ana's draft", authors=[ana], status=Status.DRAFT)
    make_article(
        title="Ana's scheduled story",
        authors=[ana],
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )
    make_article(title="Someone else's story")

    html = main_column(client.get(ana.get_absolute_url()))

    assertInHTML('<h1 class="page-header__title">Ana Ruiz</h1>', html)
    assert "<p>Ana covers chips.</p>" in html and "<p>She lives in Lisbon.</p>" in html
    assert 'href="https://ana.example.org/"' in html
    assert 'alt="Ana Ruiz"' in html
    assert "Ana&#x27;s story" in html
    assert "Ana&#x27;s draft" not in html
    assert "Ana&#x27;s scheduled story" not in html
    assert "Someone else&#x27;s story" not in html


def test_empty_section_still_has_a_first_page(client, make_category):
    category = make_category(name="Quiet", slug="quiet")

    response = client.get(category.get_absolute_url())

    assert response.status_code == 200
    assert "There are no stories in this section yet." in response.text


def test_list_pages_show_twenty_stories_then_link_to_the_next_page(
    client, crowded_pages
):
    for url in crowded_pages:
        first_response = client.get(url)
        second_response = client.get(url + "?page=2")
        first, second = first_response.text, second_response.text

        assert first.count('class="card card--row-large"') == 20
        next_link = {"class": "pagination__link", "rel": "next", "href": "?page=2"}
        assert next_link in tags(first, "a")
        next_page = f'<link rel="next" href="http://127.0.0.1:8000{url}?page=2">'
        assertContains(first_response, next_page, html=True)
        assert 'rel="prev"' not in first
        assert second.count('class="card card--row-large"') == 1
        assert "Crowded story 20" in second
        prev_link = {"class": "pagination__link", "rel": "prev", "href": "?page=1"}
        assert prev_link in tags(second, "a")
        prev_page = f'<link rel="prev" href="http://127.0.0.1:8000{url}">'
        assertContains(second_response, prev_page, html=True)
        canonical = f'<link rel="canonical" href="http://127.0.0.1:8000{url}?page=2">'
        assertContains(second_response, canonical, html=True)


@pytest.mark.parametrize("page", ["0", "3", "999", "abc", "-1", "2.5"])
def test_list_page_number_out_of_range_or_not_a_number_is_a_404(
    client, crowded_pages, page
):
    for url in crowded_pages:
        response = client.get(url, {"page": page})

        assert response.status_code == 404
        assert "We couldn't find that page" in response.text
