import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import split_directive_names

from articles.models import Article, Status

from .html_tags import tags


def search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def result_titles(response):
    return [article.title for article in response.context["articles"]]


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Council passes the budget"},
        {"dek": "The council passed its budget at midnight."},
        {"body": "<p>Late at night the council agreed a budget.</p>"},
        {"tags": ["Budget"]},
    ],
    ids=["title", "dek", "body", "tag"],
)
def test_search_finds_a_word_in_any_field(client, make_article, fields):
    found = make_article(**{"title": "Story", **fields})
    make_article(title="Unrelated", dek="Nothing to see.", body="<p>Weather.</p>")

    response = search(client, "budget")

    assert list(response.context["articles"]) == [found]


def test_search_leaves_out_drafts_review_and_scheduled(client, make_article):
    make_article(title="Budget approved")
    make_article(title="Budget draft", status=Status.DRAFT)
    make_article(title="Budget in review", status=Status.REVIEW)
    make_article(
        title="Budget embargoed", published_at=timezone.now() + timedelta(hours=1)
    )

    response = search(client, "budget")

    assert result_titles(response) == ["Budget approved"]
    assert "Budget draft" not in response.text


def test_search_needs_every_word(client, make_article):
    make_article(title="Council budget approved")
    make_article(title="Council elections called")

    response = search(client, "council budget")

    assert result_titles(response) == ["Council budget approved"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking needs full-text search"
)
def test_headline_matches_rank_above_body_matches(client, make_article):
    make_article(
        title="Markets close higher",
        body="<p>Chip makers led the gains.</p>",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    make_article(
        title="Chip makers race ahead",
        published_at=timezone.now() - timedelta(days=3),
    )

    response = search(client, "chip makers")

    assert result_titles(response) == [
        "Chip makers race ahead",
        "Markets close higher",
    ]


def test_results_heading_counts_matches(client, make_article):
    make_article(title="Budget approved")
    make_article(title="Budget delayed")

    response = search(client, "budget")

    assert "2 results for “budget”" in response.text


def test_no_results_suggests_what_to_try(client, make_article, make_category):
    make_category(name="Science", slug="science")
    make_article(title="Budget approved")

    response = search(client, "xylophone")

    assert response.status_code == 200
    assert "No results for “xylophone”" in response.text
    assert "Check the spelling" in response.text
    assert 'href="/category/science/"' in response.text


def test_empty_query_shows_only_the_form(client, make_article):
    make_article(title="Budget approved")

    response = client.get(reverse("search"), {"q": "   "})

    assert response.status_code == 200
    assert "page_obj" not in response.context
    assert "results for" not in response.text
    assert 'id="search-page-q"' in response.text
    assert "Search our stories" in response.text


def test_query_is_escaped(client, db):
    response = search(client, "<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_nul_character_in_query_is_dropped(client, make_article):
    make_article(title="Budget approved")

    response = search(client, "bud\x00get")

    assert result_titles(response) == ["Budget approved"]


def test_overlong_query_is_cut(client, db):
    response = search(client, "budget " * 50)

    assert len(response.context["query"]) == 100


def test_results_come_twenty_a_page_with_links_keeping_the_query(
    client, make_article, make_author, make_category
):
    author, section = make_author(), make_category()
    for n in range(25):
        make_article(title=f"Budget story {n}", authors=[author], category=section)

    first = search(client, "budget story")
    second = search(client, "budget story", page=2)

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    assert 'href="?q=budget%20story&amp;page=2"' in first.text
    assert 'href="?q=budget%20story"' in second.text


@pytest.mark.parametrize("page", ["abc", "0", "3"])
def test_bad_page_is_not_found(client, make_article, page):
    make_article(title="Budget approved")

    assert search(client, "budget", page=page).status_code == 404


def test_search_page_is_public_noindex_and_sets_no_cookie(client, make_article):
    make_article(title="Budget approved")

    response = search(client, "budget")

    assert set(split_directive_names(response["Cache-Control"])) == {
        "public",
        "max-age",
    }
    assert get_max_age(response) == 60
    assert not response.cookies
    assert any(
        meta.get("name") == "robots" and meta.get("content", "").startswith("noindex")
        for meta in tags(response.text, "meta")
    )


def test_masthead_search_form_submits_to_the_search_page(client, db):
    response = client.get(reverse("home"))

    form = re.search(
        r'<form class="search-form search-form--masthead"[^>]*>', response.text
    )
    assert form
    assert 'action="/search/"' in form.group()
    assert 'method="get"' in form.group()
    assert 'name="q"' in response.text


@pytest.mark.parametrize("matches", [3, 25])
def test_search_queries_stay_flat(
    client, make_article, make_author, django_assert_num_queries, matches
):
    authors = [make_author(), make_author()]
    for n in range(matches):
        make_article(title=f"Budget story {n}", authors=authors, tags=["Money", "Tax"])
    make_article(title="Weather", authors=authors)
    # Tag lookups fetch the content type once per process; a running site has it.
    ContentType.objects.get_for_model(Article)
    # nav categories, result count, page of results joined to category, their
    # bylines with authors, most viewed, latest, editor's picks
    with django_assert_num_queries(7):
        response = search(client, "budget")
    assert len(response.context["articles"]) == min(matches, 20)


def test_empty_search_runs_no_article_search(client, db, django_assert_num_queries):
    # nav categories, most viewed, latest, editor's picks
    with django_assert_num_queries(4):
        client.get(reverse("search"))
