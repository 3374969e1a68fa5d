"""Readership in the admin: the article's 30-day chart and the "Readership" page."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from readership import rankings
from readership.models import BeaconOutcome, DailyViews, HourlyViews, ViewStat

NOW = datetime(2026, 5, 14, 12, 30, tzinfo=UTC)
TODAY = NOW.date()
READERSHIP = reverse("admin:readership_readership_changelist")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def story(make_article):
    return make_article(
        title="Fab opens", published_at=NOW - timedelta(days=60), view_count=700
    )


def bars(html):
    return re.findall(r"<rect [^>]*><title>([^<]*)</title></rect>", html)


def test_article_page_charts_its_last_30_days(editor_client, story):
    DailyViews.objects.create(article=story, day=TODAY, count=40)
    DailyViews.objects.create(article=story, day=TODAY - timedelta(days=29), count=2)
    DailyViews.objects.create(article=story, day=TODAY - timedelta(days=30), count=99)

    response = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    )

    assert "42 views in the last 30 days, 700 in all." in response.text
    titles = bars(response.text)
    assert len(titles) == 30
    assert titles[0] == "15 Apr 2026: 2 views"
    assert titles[-1] == "14 May 2026: 40 views"
    assert 'role="img"' in response.text


def test_new_article_form_has_no_chart_yet(editor_client, make_category):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert "Views are counted once the article is published." in response.text


def test_readership_page_shows_rankings_chart_and_beacon_outcomes(
    editor_client, story, make_article
):
    rising = make_article(title="Rising story", published_at=NOW - timedelta(hours=5))
    HourlyViews.objects.create(article=rising, hour=NOW.replace(minute=0), count=30)
    DailyViews.objects.create(article=rising, day=TODAY, count=30)
    DailyViews.objects.create(article=story, day=TODAY - timedelta(days=10), count=90)
    for outcome, count in [
        (BeaconOutcome.COUNTED, 120),
        (BeaconOutcome.DUPLICATE, 20),
        (BeaconOutcome.BOT, 60),
    ]:
        ViewStat.objects.create(day=TODAY, outcome=outcome, count=count)

    response = editor_client.get(READERSHIP)

    html = response.text
    assert response.status_code == 200
    for title in [
        "Trending now",
        "Most viewed in 24 hours",
        "Most viewed in 7 days",
        "Most viewed in 30 days",
        "Most viewed of all time",
    ]:
        assert f"<caption>{title}</caption>" in html
    seven_days = html[html.index("Most viewed in 7 days") :]
    seven_days = seven_days[: seven_days.index("</table>")]
    assert "Rising story" in seven_days and "Fab opens" not in seven_days
    assert len(bars(html)) == 90
    assert "14 May 2026: 30 views" in bars(html)
    row = html[html.index("Thu 14 May 2026") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="number">([^<]*)</td>', row)
    assert cells == ["120", "20", "60", "0", "0", "0", "0", "0", "40%"]
    assert "<script src=" not in html.split("</head>")[1]


def test_article_list_links_to_readership(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    assert f'href="{READERSHIP}"' in response.text


def test_readership_needs_permission_to_view_articles(client, make_user):
    client.force_login(make_user(is_staff=True))

    assert client.get(READERSHIP).status_code == 403


def test_readership_is_for_logged_in_staff_only(client, db):
    response = client.get(READERSHIP)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_demo_content_has_hourly_detail_and_beacon_outcomes(db):
    call_command(
        "seed_demo", "--articles", "20", stdout=io.StringIO(), stderr=io.StringIO()
    )

    hour = NOW.replace(minute=0)
    hours = HourlyViews.objects.values_list("hour", flat=True)
    assert min(hours) >= hour - timedelta(hours=71) and max(hours) == hour
    # Days wholly inside the hourly detail add up to their daily buckets.
    for day in [TODAY - timedelta(days=2), TODAY - timedelta(days=1), TODAY]:
        by_hour = HourlyViews.objects.filter(hour__date=day).aggregate(n=Sum("count"))
        by_day = DailyViews.objects.filter(day=day).aggregate(n=Sum("count"))
        assert by_hour["n"] == by_day["n"] > 0
    counted = dict(
        ViewStat.objects.filter(outcome=BeaconOutcome.COUNTED).values_list(
            "day", "count"
        )
    )
    daily = dict(
        DailyViews.objects.values("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
    )
    assert counted == daily
    assert ViewStat.objects.filter(outcome=BeaconOutcome.BOT, count__gt=0).exists()
    assert rankings.trending(5) and rankings.most_viewed("24h", 5)
