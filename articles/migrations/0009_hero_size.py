from django.db import migrations, models


def measure_heroes(apps, schema_editor):
    # Read once here, so that pages never open an image to size its renditions.
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(hero_image="").only("pk", "hero_image"):
        try:
            size = article.hero_image.width, article.hero_image.height
        except (OSError, ValueError):
            continue
        Article.objects.filter(pk=article.pk).update(
            hero_width=size[0], hero_height=size[1]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_strip_control_characters"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="hero_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="hero_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(measure_heroes, migrations.RunPython.noop),
    ]
