"""Sidebar widgets are rendered once and shared by every page until content changes."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

WIDGETS = ["latest_articles", "editors_picks"]


def render(source, **context):
    return Template("{% load news %}" + source).render(Context(context))


def titles(html):
    return re.findall(r'<a class="widget__link" href="[^"]*">([^<]*)</a>', html)


@pytest.fixture
def stories(make_article):
    return [make_article(title=f"Story {n}", is_editors_pick=True) for n in range(6)]


@pytest.mark.parametrize("widget", WIDGETS)
def test_every_page_reuses_the_widget_without_a_query(
    widget, stories, django_assert_num_queries
):
    first = render(f"{{% {widget} 4 %}}")

    with django_assert_num_queries(0):
        again = render(f"{{% {widget} 4 %}}")
        on_a_story_page = render(f"{{% {widget} 4 exclude=story %}}", story=stories[0])

    assert again == first
    assert len(titles(on_a_story_page)) == 4
    assert stories[0].title not in titles(on_a_story_page)


@pytest.mark.parametrize("widget", WIDGETS)
def test_the_page_of_a_listed_story_still_gets_a_full_widget(widget, stories):
    listed = titles(render(f"{{% {widget} 4 %}}"))
    own = next(story for story in stories if story.title == listed[0])

    shown = titles(render(f"{{% {widget} 4 exclude=story %}}", story=own))

    assert shown == [*listed[1:], shown[-1]]
    assert own.title not in shown


def test_an_edit_renders_the_widget_again(stories, django_capture_on_commit_callbacks):
    render("{% latest_articles 4 %}")

    with django_capture_on_commit_callbacks(execute=True):
        stories[-1].title = "Story renamed"
        stories[-1].save()

    assert "Story renamed" in titles(render("{% latest_articles 4 %}"))


def test_list_pages_count_the_section_once(client, make_article, make_category):
    section = make_category(name="Hardware", slug="hardware")
    for n in range(25):
        make_article(title=f"Chip {n}", category=section)
    first = client.get(section.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        second = client.get(section.get_absolute_url() + "?page=2")

    assert "Chip 24" in first.text and "Chip 0" in second.text
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
