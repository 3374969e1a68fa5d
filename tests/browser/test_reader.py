import pytest
from django.utils import timezone
from playwright.sync_api import expect

from readership.models import DailyViews

pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(make_article, make_author, make_category):
    """Publish a featured lead story with a profiled author, and a few more stories."""
    hardware = make_category(name="Hardware", slug="hardware", position=1)
    make_category(name="Science", slug="science", position=2)
    author = make_author(
        name="Ada Marsh",
        job_title="Chips correspondent",
        short_bio="Ada has covered the semiconductor industry for a decade.",
    )
    hour_ago = timezone.now() - timezone.timedelta(hours=1)
    for n in range(3):
        make_article(
            title=f"Earlier story {n}",
            category=hardware,
            authors=[author],
            published_at=hour_ago - timezone.timedelta(hours=n),
        )
    pick = make_article(title="A pick worth your time", is_editors_pick=True)
    DailyViews.objects.create(article=pick, day=timezone.now().date(), count=12)
    return make_article(
        title="Chip makers race to 2nm",
        category=hardware,
        authors=[author],
        is_featured=True,
        published_at=hour_ago + timezone.timedelta(minutes=30),
    )


def test_reader_follows_the_lead_story_to_the_article(page, live_server, newsroom):
    page.goto("/")
    top_stories = page.get_by_role("region", name="Top stories")
    top_stories.get_by_role("link", name=newsroom.title).click()

    expect(page).to_have_url(live_server.url + newsroom.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(newsroom.title)
    author_box = page.get_by_role("region", name="Ada Marsh")
    expect(author_box).to_contain_text("Chips correspondent")
    expect(author_box).to_contain_text(
        "Ada has covered the semiconductor industry for a decade."
    )
    for widget in ("Most viewed in 7 days", "Latest", "Don't miss"):
        expect(page.get_by_role("heading", name=widget, exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="E-mail address")).to_be_visible()
    expect(page.get_by_role("button", name="Subscribe")).to_be_visible()


def test_navigation_collapses_to_a_menu_on_a_phone(page, newsroom):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    sections = page.get_by_role("navigation", name="Sections")
    science = sections.get_by_role("link", name="Science", exact=True)
    expect(science).to_be_hidden()

    sections.get_by_text("Menu", exact=True).click()

    expect(science).to_be_visible()
    expect(sections.get_by_role("link", name="Hardware", exact=True)).to_be_visible()
    science.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Science")
