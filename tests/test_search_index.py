"""The search index keeps step with edits, tags, deletes and bulk saves."""

from io import StringIO

from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Status

from .factories import days_ago
from .searching import fresh_titles


def test_search_index_follows_edits_tags_and_deletes(client, make_article):
    article = make_article(title="Budget approved", tags=["Tax"])
    assert fresh_titles(client, "tax") == ["Budget approved"]

    article.tags.set(["Levy"])
    assert fresh_titles(client, "tax") == []
    assert fresh_titles(client, "levy") == ["Budget approved"]

    Tag.objects.filter(name="Levy").update(name="Duty")
    Tag.objects.get(name="Duty").save()
    assert fresh_titles(client, "duty") == ["Budget approved"]

    article.title = "Spending approved"
    article.save()
    assert fresh_titles(client, "budget") == []
    assert fresh_titles(client, "spending") == ["Spending approved"]

    Tag.objects.get(name="Duty").delete()
    assert fresh_titles(client, "duty") == []

    article.delete()
    assert fresh_titles(client, "spending") == []


def test_rebuild_search_index_indexes_articles_saved_in_bulk(client, make_article):
    category = make_article(title="Other").category
    Article.objects.bulk_create(
        [
            Article(
                title="Bulk budget",
                slug="bulk-budget",
                category=category,
                status=Status.PUBLISHED,
                published_at=days_ago(1),
            )
        ]
    )
    assert fresh_titles(client, "bulk") == []
    out = StringIO()

    call_command("rebuild_search_index", verbosity=0, stdout=out)

    assert out.getvalue() == "Indexed 2 articles for search.\n"
    assert fresh_titles(client, "bulk") == ["Bulk budget"]
