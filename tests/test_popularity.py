"""Most viewed in rolling windows and trending now: rankings and their widgets."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from articles.models import Status
from readership import counting, rankings
from readership.models import DailyViews, HourlyViews

NOW = datetime(2026, 5, 14, 12, 30, tzinfo=UTC)
HOUR = NOW.replace(minute=0)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def make_story(make_article):
    """Make a published article, by default a week older than the longest window."""

    def make(title, *, hours_old=24 * 40, **fields):
        return make_article(
            title=title, published_at=NOW - timedelta(hours=hours_old), **fields
        )

    return make


def hourly(article, hours_ago, count):
    HourlyViews.objects.create(
        article=article, hour=HOUR - timedelta(hours=hours_ago), count=count
    )


def daily(article, days_ago, count):
    DailyViews.objects.create(
        article=article, day=TODAY - timedelta(days=days_ago), count=count
    )


def ranking(window, limit=10):
    return [
        (article.title, article.views)
        for article in rankings.most_viewed(window, limit)
    ]


def render(source, **context):
    return Template("{% load readership %}" + source).render(Context(context))


def test_24_hours_sums_the_hourly_buckets_started_within_them(make_story):
    story = make_story("Story")
    hourly(story, 0, 5)
    hourly(story, 23, 7)
    # Started 24 hours before the current hour: 24.5 hours ago.
    hourly(story, 24, 100)
    daily(story, 0, 1000)

    assert ranking("24h") == [("Story", 12)]


@pytest.mark.parametrize(("window", "days"), [("7d", 7), ("30d", 30)])
def test_day_windows_sum_that_many_utc_days_up_to_today(make_story, window, days):
    story = make_story("Story")
    daily(story, 0, 3)
    daily(story, days - 1, 4)
    daily(story, days, 100)
    hourly(story, 0, 1000)

    assert ranking(window) == [("Story", 7)]


def test_all_time_is_the_articles_total(make_story):
    make_story("Total hit", view_count=500)
    make_story("Never read", view_count=0)

    assert ranking("all") == [("Total hit", 500)]


def test_a_counted_view_shows_once_in_every_window(make_story):
    story = make_story("Story")
    counting.write(Counter({(story.pk, HOUR): 1}), Counter())

    assert {window: ranking(window) for window in rankings.WINDOWS} == {
        window: [("Story", 1)] for window in rankings.WINDOWS
    }


def test_windows_rank_by_views_then_the_more_recent_article(make_story):
    quiet = make_story("Quiet story", hours_old=5)
    older = make_story("Older hit", hours_old=48)
    newer = make_story("Newer hit", hours_old=20)
    for story, count in [(quiet, 3), (older, 90), (newer, 90)]:
        hourly(story, 1, count)
        daily(story, 1, count)

    for window in ["24h", "7d", "30d"]:
        assert [title for title, _ in ranking(window)] == [
            "Newer hit",
            "Older hit",
            "Quiet story",
        ]


@pytest.mark.parametrize("window", ["24h", "7d", "30d", "all"])
def test_only_published_articles_rank(make_story, window):
    live = make_story("Live", view_count=1)
    hidden = [
        make_story("Draft", status=Status.DRAFT, view_count=50),
        make_story("In review", status=Status.REVIEW, view_count=50),
        make_story("Scheduled", hours_old=-2, view_count=50),
    ]
    for story, count in [(live, 1)] + [(story, 50) for story in hidden]:
        hourly(story, 0, count)
        daily(story, 0, count)

    assert ranking(window) == [("Live", 1)]


def test_an_unknown_window_is_refused(db):
    with pytest.raises(ValueError, match="Unknown window"):
        rankings.most_viewed("1y")


def test_widget_shows_the_7_day_window_by_default_and_names_it(make_story):
    week_hit = make_story("Week hit")
    daily(week_hit, 3, 50)
    day_hit = make_story("Day hit")
    hourly(day_hit, 2, 10)
    daily(day_hit, 0, 10)
    daily(day_hit, 10, 500)

    week = render("{% most_viewed 5 %}")
    day = render('{% most_viewed 5 window="24h" %}')

    assert "Most viewed in 7 days" in week and "<ol" in week
    assert week.index("Week hit") < week.index("Day hit")
    assert "Most viewed in 24 hours" in day
    assert "Day hit" in day and "Week hit" not in day


def test_widget_leaves_out_the_current_article_and_stays_full(make_story):
    stories = [make_story(f"Story {n}") for n in range(4)]
    for n, story in enumerate(stories):
        daily(story, 0, 10 - n)

    html = render("{% most_viewed 3 exclude=article %}", article=stories[0])

    assert "Story 0" not in html
    assert html.count('class="widget__item"') == 3


def test_widget_renders_nothing_before_any_view(make_story):
    make_story("Unread")

    assert render("{% most_viewed 5 %}").strip() == ""


def test_widget_costs_one_query_then_none_until_it_expires(
    make_story, settings, django_assert_num_queries
):
    settings.POPULARITY_CACHE_SECONDS = 60
    story = make_story("Story")
    daily(story, 0, 5)

    # the window's articles with their views, joined to their category
    with django_assert_num_queries(1):
        render("{% most_viewed 5 %}")
    daily(make_story("Late riser"), 0, 50)
    with django_assert_num_queries(0):
        html = render("{% most_viewed 5 %}")
    assert "Late riser" not in html

    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        html = render("{% most_viewed 5 %}")
    assert html.index("Late riser") < html.index("Story")


def test_widget_drops_an_unpublished_article_at_once(
    make_story, django_capture_on_commit_callbacks
):
    story = make_story("Pulled story")
    daily(story, 0, 5)
    assert "Pulled story" in render("{% most_viewed 5 %}")

    with django_capture_on_commit_callbacks(execute=True):
        story.status = Status.DRAFT
        story.save()

    assert "Pulled story" not in render("{% most_viewed 5 %}")


def test_trending_puts_a_rising_story_before_bigger_steady_ones(make_story):
    steady = make_story("Steady favourite")
    rising = make_story("Rising story", hours_old=30)
    breaking = make_story("Breaking story", hours_old=2)
    fading = make_story("Fading story")
    for hours_ago in range(27):
        hourly(steady, hours_ago, 400)
        hourly(rising, hours_ago, 40 if hours_ago < 3 else 8)
        if hours_ago >= 3:
            hourly(fading, hours_ago, 100)
    hourly(breaking, 0, 10)
    hourly(breaking, 1, 10)
    hourly(fading, 0, 10)

    ranked = rankings.trending(10)

    assert [article.title for article in ranked] == [
        "Rising story",
        "Breaking story",
        "Steady favourite",
        "Fading story",
    ]


def test_trending_needs_recent_views_and_a_published_article(make_story):
    old_news = make_story("Old news")
    hourly(old_news, 5, 300)
    draft = make_story("Draft", status=Status.DRAFT)
    hourly(draft, 0, 300)

    assert rankings.trending(10) == []


def test_trending_ties_go_to_the_more_recent_article(make_story):
    older = make_story("Older", hours_old=50)
    newer = make_story("Newer", hours_old=40)
    for story in [older, newer]:
        hourly(story, 0, 20)

    assert [article.title for article in rankings.trending(10)] == [
        "Newer",
        "Older",
    ]


def test_home_page_shows_trending_now(client, make_story):
    hourly(make_story("Breaking story", hours_old=1), 0, 30)

    html = client.get(reverse("home")).text

    widget = html[html.index('class="widget widget--trending"') :]
    widget = widget[: widget.index("</section>")]
    assert "Trending now" in widget and "Breaking story" in widget
