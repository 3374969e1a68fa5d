"""Feeds run a fixed number of queries, whatever the stories carry."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, CategoryFactory
from .feed_reading import fetch_items, hours_ago
from .fixed_site import NOW

pytestmark = pytest.mark.usefixtures("fixed_site")


@pytest.fixture(scope="module")
def busy_section(module_db):
    """Publish twelve stories with two authors and three tags each, in one section."""
    # The tests' own clock is not running yet: module fixtures come first.
    with module_db(), time_machine.travel(NOW, tick=False):
        section = CategoryFactory(name="Science", slug="science")
        authors = [AuthorFactory(), AuthorFactory()]
        for n in range(12):
            ArticleFactory(
                category=section,
                authors=authors,
                tags=["Chips", "Space", "Energy"],
                published_at=hours_ago(n + 1),
            )
        return authors[0]


@pytest.fixture
def busy_site(db, busy_section):
    """Return the first author of the busy section's stories."""
    # Filtering and prefetching tags looks the content type up once per process; a
    # running site has it cached, so warm it here rather than count it.
    ContentType.objects.get_for_model(Article)
    return busy_section


@pytest.mark.parametrize(
    ("name", "kwargs", "queries"),
    [
        # site settings, articles joined to category, their bylines with authors,
        # their tags
        ("articles:feed", {}, 4),
        # the category, then the same four
        ("articles:category-feed", {"slug": "science"}, 5),
        # the tag, then the same four
        ("articles:tag-feed", {"slug": "chips"}, 5),
    ],
)
def test_feed_queries_stay_flat(
    client, busy_site, django_assert_num_queries, name, kwargs, queries
):
    with django_assert_num_queries(queries):
        items = fetch_items(client, reverse(name, kwargs=kwargs))
    assert len(items) == 12


def test_author_feed_queries_stay_flat(client, busy_site, django_assert_num_queries):
    # the author, site settings, articles joined to category, their bylines with
    # authors, their tags
    with django_assert_num_queries(5):
        items = fetch_items(
            client, reverse("articles:author-feed", kwargs={"slug": busy_site.slug})
        )
    assert len(items) == 12
