import re

from django.db import migrations

# As common.text.CONTROL_CHARACTERS, frozen here: a migration keeps its own copy.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PATTERN = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"

FIELDS = {
    ("articles", "Article"): [
        "title",
        "dek",
        "hero_alt",
        "hero_caption",
        "hero_credit",
        "seo_title",
        "seo_description",
    ],
    ("articles", "Category"): ["name", "description"],
    ("taggit", "Tag"): ["name"],
    ("authors", "Author"): ["name", "job_title", "short_bio"],
}


def strip_control_characters(apps, schema_editor):
    for (app_label, model_name), fields in FIELDS.items():
        model = apps.get_model(app_label, model_name)
        for field in fields:
            dirty = model.objects.filter(**{f"{field}__regex": PATTERN})
            for row in dirty.only("pk", field).iterator():
                clean = CONTROL_CHARACTERS.sub("", getattr(row, field))
                model.objects.filter(pk=row.pk).update(**{field: clean})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_index_and_content_modified_at"),
        ("authors", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
