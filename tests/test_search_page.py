"""What the search page shows and sends: results, pages, snippets, limits, headers."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils.cache import get_max_age
from django.utils.http import split_directive_names

from articles.models import Article

from .html_tags import tags
from .searching import result_titles, search


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


def test_no_results_suggests_topics_spelled_alike(client, make_article):
    make_article(title="Budget approved", tags=["Semiconductors"])

    response = search(client, "semiconductr")

    assert response.context["suggestions"] == [("Semiconductors", "semiconductors")]
    assert '<a href="?q=Semiconductors">Semiconductors</a>' in response.text


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


@pytest.mark.parametrize(
    "query",
    [
        "budget " * 1500,
        "bud\x00get",
        '"budget',
        'budget" "',
        "!@#$%^&*()_+-=[]{};':,./<>?",
        "-",
        "or",
        "NEAR(budget tax)",
        "budget AND OR NOT",
        "'; DROP TABLE articles_article; --",
        "\\",
    ],
    ids=[
        "10000-chars",
        "nul",
        "open-quote",
        "stray-quotes",
        "punctuation",
        "dash",
        "or",
        "fts-operator",
        "boolean-words",
        "sql",
        "backslash",
    ],
)
def test_hostile_queries_get_a_normal_page(client, make_article, query):
    make_article(title="Budget approved", tags=["Tax"])

    response = search(client, query)

    assert response.status_code == 200
    assert "Search" in response.text


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


def test_results_show_highlighted_snippets_of_the_body(client, make_article):
    make_article(
        title="Council news",
        dek="",
        body="<p>After a long night the council agreed a <em>budget</em> for 2027.</p>",
    )

    response = search(client, "budget")

    snippet = response.context["articles"][0].search_snippet
    assert "<mark>budget</mark>" in snippet
    assert "<em>" not in snippet
    assert "<mark>budget</mark>" in response.text


def test_snippets_escape_article_text(client, make_article):
    make_article(title="Tags", body="<p>The budget &lt;script&gt; was cut.</p>")

    response = search(client, "budget")

    assert "&lt;script" in response.context["articles"][0].search_snippet
    assert "<script>" not in response.text.split("<body>", 1)[-1].split("</main>")[0]


def test_search_page_is_public_noindex_and_sets_no_cookie(client, make_article):
    make_article(title="Budget approved")

    response = search(client, "budget")

    assert set(split_directive_names(response["Cache-Control"])) == {
        "public",
        "max-age",
        "stale-while-revalidate",
        "stale-if-error",
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


def test_a_burst_of_searches_from_one_client_is_told_to_wait(
    client, make_article, settings
):
    settings.SEARCH_RATE_LIMIT = 3
    make_article(title="Budget approved")

    statuses = [search(client, f"budget {n}").status_code for n in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = search(client, "budget again")
    assert limited["Retry-After"] == "60"
    assert "Too many searches" in limited.text
    assert search(client, "").status_code == 200


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
    # nav categories, site settings, result count, page of results joined to
    # category, their bylines with authors, the page's highlighted snippets, most
    # viewed, latest, editor's picks; PostgreSQL first picks the newest matches
    # among recent articles and checks whether older ones exist
    expected = 9 + (2 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        response = search(client, "budget")
    assert len(response.context["articles"]) == min(matches, 20)


def test_empty_search_runs_no_article_search(client, db, django_assert_num_queries):
    # nav categories, site settings, most viewed, latest, editor's picks
    with django_assert_num_queries(5):
        client.get(reverse("search"))
