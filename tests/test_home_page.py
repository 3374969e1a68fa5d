"""What readers see on the home page: the top stories and a section per category."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Status

from .factories import days_ago


def test_home_leads_with_the_latest_featured_story(client, make_article):
    make_article(title="Older feature", is_featured=True, published_at=days_ago(3))
    make_article(title="Newer feature", is_featured=True, published_at=days_ago(2))
    make_article(title="Newest ordinary story", published_at=days_ago(1))

    html = client.get(reverse("home")).text
    lead, rest = html.split('class="card card--lead"')[1].split("top-stories__more")

    assert "Newer feature" in lead
    assert "Older feature" in rest and "Newest ordinary story" in rest


def test_home_has_a_section_per_category_with_its_newest_stories(
    client, make_article, make_category
):
    top = make_category(name="Top", slug="top", position=0)
    for _ in range(5):
        make_article(category=top, is_featured=True)
    later = make_category(name="Security", slug="security", position=2)
    earlier = make_category(name="Science", slug="science", position=1)
    for n in range(5):
        make_article(
            title=f"Security story {n}", category=later, published_at=days_ago(n + 1)
        )
    make_article(title="Science story", category=earlier)

    html = client.get(reverse("home")).text

    assert html.index('id="section-science"') < html.index('id="section-security"')
    assert all(f"Security story {n}" in html for n in range(4))
    assert "Security story 4" not in html
    assert 'href="/category/security/">More Security stories' in html


def test_home_hides_drafts_and_scheduled_stories(client, make_article):
    make_article(title="Live story")
    make_article(title="Draft story", status=Status.DRAFT, is_featured=True)
    make_article(
        title="Scheduled story",
        is_featured=True,
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )

    html = client.get(reverse("home")).text

    assert "Live story" in html
    assert "Draft story" not in html
    assert "Scheduled story" not in html
