"""Control characters never reach stored text, feeds or sitemaps."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Category
from authors.models import Author

BEFORE_CLEANING = ("articles", "0006_editor_desk")
# Every C0 control character and DEL; tab, newline and carriage return may stay.
DIRTY = "A" + "".join(chr(code) for code in range(32)) + "\x7fB"
CLEAN = "A\t\n\rB"
# What a database can hold at all: PostgreSQL refuses NUL in any text, and forms
# refuse it before that, so only save() ever sees one.
STORABLE = DIRTY.replace("\x00", "")


def test_article_text_is_cleaned_on_save(make_article):
    article = make_article(
        title=DIRTY,
        dek=DIRTY,
        hero_alt=DIRTY,
        hero_caption=DIRTY,
        hero_credit=DIRTY,
        seo_title=DIRTY,
        seo_description=DIRTY,
    )

    article.refresh_from_db()
    for field in ("title", "dek", "hero_alt", "hero_caption", "hero_credit"):
        assert getattr(article, field) == CLEAN
    assert article.seo_title == article.seo_description == CLEAN


def test_section_tag_and_author_text_is_cleaned_on_save(make_article, make_author):
    author = make_author(name=DIRTY, job_title=DIRTY, short_bio=DIRTY)
    section = Category.objects.create(name=DIRTY, slug="dirty", description=DIRTY)
    make_article(category=section, authors=[author], tags=[STORABLE])

    author.refresh_from_db()
    section.refresh_from_db()
    assert (author.name, author.job_title, author.short_bio) == (CLEAN, CLEAN, CLEAN)
    assert (section.name, section.description) == (CLEAN, CLEAN)
    assert Tag.objects.get().name == CLEAN


@pytest.fixture
def old_apps(transactional_db):
    """Migrate back to before the cleaning and the search index; forward after."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_CLEANING])
    yield executor.loader.project_state([BEFORE_CLEANING]).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_cleans_stored_text_and_indexes_stored_articles(old_apps, client):
    old = old_apps
    section = old.get_model("articles", "Category").objects.create(
        name=f"Sci{STORABLE}", slug="science"
    )
    article = old.get_model("articles", "Article").objects.create(
        title=f"Comet{STORABLE}",
        slug="comet",
        dek="Seen over the Alps.",
        body="<p>A bright tail.</p>",
        category=section,
        status="published",
        published_at="2026-03-01T12:00:00Z",
    )
    old.get_model("authors", "Author").objects.create(name=STORABLE, slug="dirty")
    old.get_model("taggit", "Tag").objects.create(name=STORABLE, slug="dirty")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = Article.objects.get(pk=article.pk)
    assert stored.title == f"Comet{CLEAN}"
    assert Category.objects.get().name == f"Sci{CLEAN}"
    assert Author.objects.get().name == CLEAN
    assert Tag.objects.get().name == CLEAN
    assert stored.content_modified_at == stored.updated_at
    response = client.get(reverse("search"), {"q": "tail"})
    assert [found.pk for found in response.context["articles"]] == [article.pk]
