from django.db import migrations

MOVED = ["dailyviews", "hourlyviews", "viewstat", "flushbatch"]


def move_content_types(apps, schema_editor):
    """Keep the moved models' content types (and their permissions) under this app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="articles", model__in=MOVED
    ).update(app_label="readership")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="readership", model__in=MOVED
    ).update(app_label="articles")


class Migration(migrations.Migration):

    dependencies = [
        ("readership", "0001_initial"),
        ("articles", "0005_move_view_counting_to_readership"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="dailyviews", table=None),
        migrations.AlterModelTable(name="hourlyviews", table=None),
        migrations.AlterModelTable(name="viewstat", table=None),
        migrations.AlterModelTable(name="flushbatch", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
        migrations.CreateModel(
            name="Readership",
            fields=[],
            options={
                "verbose_name": "readership",
                "verbose_name_plural": "readership",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("readership.dailyviews",),
        ),
    ]
