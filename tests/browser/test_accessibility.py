"""axe-core's WCAG 2.1 A/AA and best-practice rules on every reader page."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from readership.models import DailyViews, HourlyViews
from tests.factories import image_upload

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
VIEWPORTS = {390: 844, 1280: 800}
TARGETS_SHOWN = 3

PAGES = {
    "home": "/",
    "article": "/articles/chip-makers-race-to-2nm/",
    "category": "/category/hardware/",
    "tag": "/tag/semiconductors/",
    "author": "/author/ada-marsh/",
    "search with results": "/search/?q=chip",
    "search without results": "/search/?q=zeppelin",
    "newsletter": "/newsletter/",
    "not found": "/articles/no-such-story/",
}


@pytest.fixture
def newsroom(make_article, make_author, make_category):
    """Publish a realistic front page: photos, bios, tags, picks and readership."""
    hardware = make_category(
        name="Hardware",
        slug="hardware",
        position=1,
        description="Chips, devices and the factories that make them.",
    )
    science = make_category(name="Science", slug="science", position=2)
    ada = make_author(
        name="Ada Marsh",
        slug="ada-marsh",
        job_title="Chips correspondent",
        short_bio="Ada has covered the semiconductor industry for a decade.",
        bio="Ada reports on chip design and manufacturing.\n\nShe lives in Taipei.",
        photo=image_upload("ada.jpg", size=(400, 400)),
        website="https://ada.example.org/",
        mastodon_url="https://mastodon.example/@ada",
    )
    ben = make_author(name="Ben Ortiz", photo=image_upload("ben.jpg", size=(400, 400)))
    now = timezone.now()
    stories = [
        make_article(
            title=f"Foundry report {n}: yields improve",
            category=hardware if n % 2 else science,
            authors=[ada],
            tags=["semiconductors"],
            hero_image=image_upload(f"story{n}.jpg", size=(800, 450)),
            hero_alt=f"A wafer under inspection, picture {n}",
            published_at=now - timezone.timedelta(hours=2 + n),
        )
        for n in range(5)
    ]
    stories.append(
        make_article(
            title="Telescope spots a faint galaxy", category=science, authors=[ben]
        )
    )
    pick = make_article(
        title="A pick worth your time",
        category=science,
        authors=[ben],
        is_editors_pick=True,
        hero_image=image_upload("pick.jpg", size=(800, 450)),
        hero_alt="A lab bench",
    )
    lead = make_article(
        title="Chip makers race to 2nm",
        slug="chip-makers-race-to-2nm",
        category=hardware,
        authors=[ada, ben],
        tags=["semiconductors", "manufacturing"],
        is_featured=True,
        hero_image=image_upload("lead.jpg", size=(800, 450)),
        hero_alt="Engineers in a clean room",
        hero_caption="A clean room in Hsinchu.",
        hero_credit="Newsroom staff",
        body=(
            "<p>The race is on. <a href='https://example.org/report'>Read the"
            " industry report</a>.</p><h2>Why it matters</h2><p>Smaller is faster."
            "</p><blockquote><p>We are on schedule.</p></blockquote>"
        ),
        published_at=now - timezone.timedelta(minutes=30),
    )
    make_article(title="A second featured story", is_featured=True, category=science)
    today = now.date()
    DailyViews.objects.bulk_create(
        DailyViews(article=article, day=today, count=50 - n)
        for n, article in enumerate([pick, *stories])
    )
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    HourlyViews.objects.bulk_create(
        HourlyViews(article=article, hour=this_hour, count=40 - n)
        for n, article in enumerate([pick, stories[0], stories[1]])
    )
    return lead


def serve_media(route):
    # The site serves media only under DEBUG, and from the MEDIA_ROOT of whichever
    # test loaded the URLconf first, so answer from this test's folder.
    name = route.request.url.split(settings.MEDIA_URL, 1)[1]
    route.fulfill(path=Path(settings.MEDIA_ROOT) / name)


def describe(violations):
    """Return a line per violated rule: id, impact, help and where it failed."""
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        shown = ", ".join(targets[:TARGETS_SHOWN])
        if len(targets) > TARGETS_SHOWN:
            shown += f" (+{len(targets) - TARGETS_SHOWN} more)"
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}: {shown}"
        )
    return lines


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_pass_axe(new_page, newsroom, scheme, console_errors):
    page = new_page(color_scheme=scheme)
    page.route(f"**{settings.MEDIA_URL}**", serve_media)
    axe = Axe()
    problems = []
    for name, path in PAGES.items():
        for width, height in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(path)
            results = axe.run(page, options=AXE_OPTIONS)
            problems += [
                f"{name} at {width}px: {line}"
                for line in describe(results.response["violations"])
            ]

    # Chromium logs the 404 page's own status; that one is the point of the page.
    console_errors[:] = [
        error
        for error in console_errors
        if not ("status of 404" in error and PAGES["not found"] in error)
    ]
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    assert not problems, f"axe, {scheme} scheme:\n" + "\n".join(problems)
