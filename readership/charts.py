"""Server-drawn SVG charts of views, for the editors' readership pages."""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from .counting import day_of
from .models import BeaconOutcome, DailyViews, ViewStat

CHART_HEIGHT = 120
# Room under the bars for the first and last dates.
AXIS_HEIGHT = 18
BAR_WIDTH = 8
BAR_GAP = 2
BAR_COLOUR = "#79aec8"


def daily_totals(days, *, article=None):
    """Return (day, views) for each of the last `days` UTC days, oldest first."""
    today = day_of(timezone.now())
    first = today - timedelta(days=days - 1)
    buckets = DailyViews.objects.filter(day__gte=first)
    if article is not None:
        buckets = buckets.filter(article=article)
    totals = dict(
        buckets.values("day").annotate(total=Sum("count")).values_list("day", "total")
    )
    return [
        (day, totals.get(day, 0)) for day in (first + timedelta(n) for n in range(days))
    ]


def bar_chart(points, *, label):
    """Return an SVG bar chart of (day, views) points, with a tooltip per bar."""
    highest = max((views for _, views in points), default=0)
    # An empty chart still needs a scale.
    peak = highest or 1
    width = len(points) * (BAR_WIDTH + BAR_GAP)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}: {} views</title></rect>",
        (
            (
                n * (BAR_WIDTH + BAR_GAP),
                CHART_HEIGHT - round(views / peak * CHART_HEIGHT),
                BAR_WIDTH,
                round(views / peak * CHART_HEIGHT),
                BAR_COLOUR,
                date_format(day, "j M Y"),
                f"{views:,}",
            )
            for n, (day, views) in enumerate(points)
        ),
    )
    bottom = CHART_HEIGHT + AXIS_HEIGHT - 4
    return format_html(
        '<svg class="views-chart" viewBox="0 0 {width} {height}" width="{width}" '
        'height="{height}" role="img" aria-label="{label}" '
        'font-size="11" fill="currentColor"><title>{label}</title>{bars}'
        '<line x1="0" y1="{axis}" x2="{width}" y2="{axis}" stroke="currentColor" '
        'stroke-opacity="0.4"/>'
        '<text x="0" y="{bottom}">{first}</text>'
        '<text x="{width}" y="{bottom}" text-anchor="end">{last}</text>'
        '<text x="{width}" y="10" text-anchor="end">peak {peak}</text></svg>',
        width=width,
        height=CHART_HEIGHT + AXIS_HEIGHT,
        label=label,
        bars=bars,
        axis=CHART_HEIGHT + 0.5,
        bottom=bottom,
        first=date_format(points[0][0], "j M") if points else "",
        last=date_format(points[-1][0], "j M") if points else "",
        peak=f"{highest:,}",
    )


def article_chart(article):
    """Draw an article's views for the last 30 days, with its totals."""
    if article is None or article.pk is None:
        return "Views are counted once the article is published."
    points = daily_totals(30, article=article)
    month = sum(views for _, views in points)
    return format_html(
        "<p>{} views in the last 30 days, {} in all.</p>{}",
        f"{month:,}",
        f"{article.view_count:,}",
        bar_chart(points, label=f"Views per day of “{article.title}”, last 30 days"),
    )


def beacon_outcomes(days):
    """Return (day, counts in BeaconOutcome order, share dropped), newest first."""
    today = day_of(timezone.now())
    counts = {}
    for day, outcome, count in ViewStat.objects.filter(
        day__gt=today - timedelta(days=days)
    ).values_list("day", "outcome", "count"):
        counts.setdefault(day, {})[outcome] = count
    rows = []
    for day in sorted(counts, reverse=True):
        row = [counts[day].get(outcome, 0) for outcome in BeaconOutcome.values]
        total = sum(row)
        dropped = total - counts[day].get(BeaconOutcome.COUNTED, 0)
        rows.append((day, row, f"{dropped / total:.0%}" if total else "–"))
    return rows
