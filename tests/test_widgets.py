"""Sidebar widgets: only published articles, never the page's own, one query each."""

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.models import Status

from .html_tags import tags

# "Most viewed" and "Trending now" rank by view buckets: tests/test_popularity.py.
WIDGETS = ["latest_articles", "editors_picks"]


def render(source, **context):
    return Template("{% load news %}" + source).render(Context(context))


def make_hidden_articles(make_article):
    """Make a draft, an article in review and a scheduled one, all tempting picks."""
    options = {"is_editors_pick": True, "view_count": 10_000}
    make_article(title="Draft story", status=Status.DRAFT, **options)
    make_article(title="Story in review", status=Status.REVIEW, **options)
    make_article(
        title="Scheduled story",
        published_at=timezone.now() + timezone.timedelta(hours=1),
        **options,
    )


@pytest.mark.parametrize("widget", WIDGETS)
def test_widget_shows_only_published_articles_other_than_the_current_one(
    widget, make_article
):
    make_hidden_articles(make_article)
    current = make_article(title="Current story", is_editors_pick=True, view_count=50)
    make_article(title="Other live story", is_editors_pick=True, view_count=5)

    html = render(f"{{% {widget} 5 exclude=article %}}", article=current)

    assert "Other live story" in html
    for hidden in [
        "Draft story",
        "Story in review",
        "Scheduled story",
        "Current story",
    ]:
        assert hidden not in html


@pytest.mark.parametrize("widget", WIDGETS)
def test_widget_shows_at_most_count_articles(widget, make_article):
    for n in range(6):
        make_article(title=f"Pick {n}", is_editors_pick=True)

    html = render(f"{{% {widget} 3 %}}")

    assert html.count('class="widget__item"') == 3


@pytest.mark.parametrize("widget", WIDGETS)
def test_widget_costs_one_query(widget, make_article, django_assert_num_queries):
    for n in range(8):
        make_article(title=f"Pick {n}", is_editors_pick=True)
    current = make_article()

    # the widget's articles joined to their category
    with django_assert_num_queries(1):
        render(f"{{% {widget} 5 exclude=article %}}", article=current)


@pytest.mark.parametrize("widget", WIDGETS)
def test_widget_renders_nothing_without_articles(widget, db):
    assert render(f"{{% {widget} 5 %}}").strip() == ""


def test_latest_lists_newest_first_with_times(make_article):
    now = timezone.now()
    make_article(title="Morning story", published_at=now - timezone.timedelta(hours=5))
    make_article(title="Evening story", published_at=now - timezone.timedelta(hours=1))

    html = render("{% latest_articles 5 %}")

    assert html.index("Evening story") < html.index("Morning story")
    assert any(
        time.get("class") == "widget__time" and "datetime" in time
        for time in tags(html, "time")
    )


def test_dont_miss_follows_pick_order_and_drops_expired_picks(make_article):
    now = timezone.now()
    make_article(title="Second pick", is_editors_pick=True, pick_order=2)
    make_article(title="First pick", is_editors_pick=True, pick_order=1)
    make_article(
        title="Expired pick",
        is_editors_pick=True,
        pick_until=now - timezone.timedelta(minutes=1),
    )
    make_article(title="Not a pick")

    html = render("{% editors_picks 5 %}")

    assert "Don&#x27;t miss" in html
    assert html.index("First pick") < html.index("Second pick")
    assert "Expired pick" not in html
    assert "Not a pick" not in html


def test_author_boxes_list_each_authors_other_published_work(
    make_article, make_author, django_assert_num_queries
):
    ana, ben = make_author(name="Ana Ruiz"), make_author(name="Ben Ode")
    current = make_article(title="Joint story", authors=[ana, ben])
    now = timezone.now()
    for n in range(5):
        make_article(
            title=f"Ana story {n}",
            authors=[ana],
            published_at=now - timezone.timedelta(days=n + 1),
        )
    make_article(title="Ben story", authors=[ben])
    make_article(title="Ana draft", authors=[ana], status=Status.DRAFT)
    make_article(
        title="Ana scheduled",
        authors=[ana],
        published_at=now + timezone.timedelta(days=1),
    )
    article = type(current).objects.for_display().get(pk=current.pk)

    # every author's other published articles, ranked per author, in one query
    with django_assert_num_queries(1):
        html = render("{% author_boxes article 4 %}", article=article)

    assert "More from Ana Ruiz" in html and "More from Ben Ode" in html
    assert all(f"Ana story {n}" in html for n in range(4))
    assert "Ana story 4" not in html
    assert "Ben story" in html
    for hidden in ["Joint story", "Ana draft", "Ana scheduled"]:
        assert hidden not in html


def test_related_articles_rank_by_shared_tags(make_article):
    current = make_article(title="Current", tags=["chips", "ai", "fabs"])
    make_article(title="Shares one", tags=["chips"])
    make_article(title="Shares three", tags=["chips", "ai", "fabs"])
    make_article(title="Shares none", tags=["gardening"])
    make_article(title="Draft sharing all", tags=["chips", "ai"], status=Status.DRAFT)

    html = render("{% related_articles article 4 %}", article=current)

    assert html.index("Shares three") < html.index("Shares one")
    assert "Shares none" not in html
    assert "Draft sharing all" not in html
    assert current.get_absolute_url() not in html
