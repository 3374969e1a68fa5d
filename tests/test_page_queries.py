"""Reader pages run a fixed number of queries, whatever the size of the archive."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Byline

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, image_upload

SIZES = [
    pytest.param((5, 1, 0), id="5-articles"),
    pytest.param((60, 1, 0), id="60-articles"),
    pytest.param((5, 3, 0), id="3-authors"),
    pytest.param((5, 1, 10), id="10-tags"),
    pytest.param((60, 3, 10), id="60-articles-3-authors-10-tags"),
]


def make_site(articles, authors_per_article, tags_per_article):
    """Publish `articles` stories over three sections, sharing authors and tags."""
    sections = [CategoryFactory(name=f"Section {n}", position=n) for n in range(3)]
    authors = [
        AuthorFactory(photo=image_upload("face.jpg"))
        for _ in range(authors_per_article)
    ]
    tags = [f"topic-{n}" for n in range(tags_per_article)]
    stories = []
    for n in range(articles):
        story = ArticleFactory(
            category=sections[n % len(sections)],
            is_featured=n % 4 == 0,
            is_editors_pick=n % 5 == 0,
            view_count=n,
            authors=[],
        )
        stories.append(story)
        Byline.objects.bulk_create(
            Byline(article=story, author=author, position=position)
            for position, author in enumerate(authors)
        )
        if tags:
            story.tags.add(*tags)
    lead = stories[-1]
    lead.hero_image = image_upload("hero.jpg", size=(1600, 900))
    lead.save()
    return lead


@pytest.fixture(scope="module")
def site(request, module_db, module_media):
    """Build each size of site once; what a test changes rolls back after it."""
    with module_db():
        return make_site(*request.param)


@pytest.fixture(autouse=True)
def content_type_cached(db):
    # Filtering by tags looks the content type up once per process; a running site
    # has it cached, so warm it here rather than count it on every page.
    ContentType.objects.get_for_model(Article)


@pytest.mark.parametrize("site", SIZES, indirect=True)
def test_article_page_queries_stay_flat(client, site, django_assert_num_queries):
    # article joined to category, its bylines with authors, its corrections, nav
    # categories, site settings, its tags, other stories by its authors, related by
    # tags, most viewed, latest, editor's picks
    with django_assert_num_queries(11):
        response = client.get(site.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("site", SIZES, indirect=True)
def test_home_page_queries_stay_flat(client, site, django_assert_num_queries):
    # top stories, the sections, their newest stories, the bylines of both, nav
    # categories, site settings, most viewed, trending, latest, editor's picks
    with django_assert_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200


@pytest.mark.parametrize("site", SIZES, indirect=True)
def test_category_page_queries_stay_flat(client, site, django_assert_num_queries):
    # category, paginator count, page of articles joined to category, their bylines,
    # nav categories, site settings, most viewed, latest, editor's picks
    with django_assert_num_queries(9):
        response = client.get(site.category.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("site", SIZES, indirect=True)
def test_tag_page_queries_stay_flat(client, site, django_assert_num_queries):
    Tag.objects.get_or_create(name="Chips", slug="chips")
    Article.objects.get(pk=site.pk).tags.add("Chips")
    # tag, paginator count, page of articles joined to category, their bylines, nav
    # categories, site settings, most viewed, latest, editor's picks
    with django_assert_num_queries(9):
        response = client.get(reverse("articles:tag", kwargs={"slug": "chips"}))
    assert response.status_code == 200


@pytest.mark.parametrize("site", SIZES, indirect=True)
def test_author_page_queries_stay_flat(client, site, django_assert_num_queries):
    author = site.bylines.first().author
    # author, paginator count, page of articles joined to category, their bylines,
    # nav categories, site settings, most viewed, latest, editor's picks
    with django_assert_num_queries(9):
        response = client.get(author.get_absolute_url())
    assert response.status_code == 200
