import html

import django.contrib.postgres.search
from django.db import migrations, models
from django.utils.html import strip_tags

FTS_TABLE = "articles_search"


def create_search_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX article_search_idx ON articles_article "
            "USING GIN (search_vector)"
        )
        schema_editor.execute(
            """
            UPDATE articles_article AS article SET search_vector =
                setweight(to_tsvector('english', article.title), 'A')
                || setweight(to_tsvector('english', article.dek), 'B')
                || setweight(to_tsvector('english', coalesce((
                    SELECT string_agg(tag.name, ' ')
                    FROM taggit_taggeditem AS item
                    JOIN taggit_tag AS tag ON tag.id = item.tag_id
                    JOIN django_content_type AS type ON type.id = item.content_type_id
                    WHERE item.object_id = article.id
                    AND type.app_label = 'articles' AND type.model = 'article'
                ), '')), 'C')
                || setweight(to_tsvector('english', article.body), 'D')
            """
        )
        return
    if connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, dek, tags, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    Article = apps.get_model("articles", "Article")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type = ContentType.objects.filter(app_label="articles", model="article")
    tags = {}
    for object_id, name in TaggedItem.objects.filter(
        content_type__in=article_type
    ).values_list("object_id", "tag__name"):
        tags.setdefault(object_id, []).append(name)
    rows = [
        (pk, title, dek, " ".join(tags.get(pk, ())), html.unescape(strip_tags(body)))
        for pk, title, dek, body in Article.objects.values_list(
            "pk", "title", "dek", "body"
        ).iterator()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, dek, tags, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def start_content_dates(apps, schema_editor):
    # The best record of the last content edit so far is the last save of any kind.
    Article = apps.get_model("articles", "Article")
    Article.objects.update(content_modified_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editor_desk"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="content_modified_at",
            field=models.DateTimeField(
                editable=False,
                help_text="The last edit of the headline, standfirst, body or hero image.",
                null=True,
                verbose_name="content modified",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(start_content_dates, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
