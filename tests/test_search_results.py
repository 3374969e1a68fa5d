"""Which stories a search finds, and in what order it ranks them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import search as article_search
from articles.models import Article, Status
from articles.search import SEARCH_MAX_MATCHES

from .factories import days_ago
from .searching import result_titles, search


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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"solar panel"', ["Solar panel prices fall"]),
        ("solar -wind", ["Solar panel prices fall"]),
        ("wind or tidal", ["Tidal power plant opens", "Wind farm on panel"]),
        ("panel", ["Solar panel prices fall", "Wind farm on panel"]),
    ],
    ids=["phrase", "exclude", "or", "word"],
)
def test_query_syntax_follows_web_search(client, make_article, query, expected):
    make_article(title="Solar panel prices fall", published_at=days_ago(1))
    make_article(
        title="Wind farm on panel", dek="Solar next.", published_at=days_ago(2)
    )
    make_article(title="Tidal power plant opens", published_at=days_ago(3))

    assert sorted(result_titles(search(client, query))) == sorted(expected)


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


def test_recent_match_ranks_above_an_equally_good_old_one(client, make_article):
    make_article(title="Chip shortage eases", published_at=days_ago(200))
    make_article(title="Chip shortage eases again", published_at=days_ago(1))

    assert result_titles(search(client, "chip shortage")) == [
        "Chip shortage eases again",
        "Chip shortage eases",
    ]


def test_standfirst_and_tag_matches_rank_between_title_and_body(client, make_article):
    make_article(title="Body", body="<p>About rockets.</p>")
    make_article(title="Tag", tags=["Rockets"])
    make_article(title="Standfirst", dek="Rockets everywhere.")
    make_article(title="Rockets")

    assert result_titles(search(client, "rockets")) == [
        "Rockets",
        "Standfirst",
        "Tag",
        "Body",
    ]


def test_matches_older_than_the_recent_window_are_found(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(article_search, "SEARCH_RECENT_WINDOW", 2)
    make_article(title="Comet seen", published_at=days_ago(30))
    for n in range(4):
        make_article(title=f"Weather {n}", published_at=days_ago(n))

    assert result_titles(search(client, "comet")) == ["Comet seen"]


def test_search_ranks_only_the_newest_few_hundred_matches(client, make_article, db):
    Article.objects.bulk_create(
        Article(
            title=f"Budget {n}",
            slug=f"budget-{n}",
            category=make_article().category,
            status=Status.PUBLISHED,
            published_at=days_ago(n + 1),
        )
        for n in range(SEARCH_MAX_MATCHES + 5)
    )
    call_command("rebuild_search_index", verbosity=0)

    response = search(client, "budget")

    assert response.context["page_obj"].paginator.count == SEARCH_MAX_MATCHES
    assert f"The {SEARCH_MAX_MATCHES} best results" in response.text
