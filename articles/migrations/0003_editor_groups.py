from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_APPS = ["articles", "authors", "taggit"]

WRITER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    # Bylines are edited inline on the article form.
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("articles", "view_byline"),
    ("articles", "view_category"),
    ("authors", "view_author"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created after migrate finishes; the groups need them now.
    for label in GROUP_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using)

    writers, _ = Group.objects.using(using).get_or_create(name="Writers")
    writers.permissions.set(
        permissions.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in WRITER_PERMISSIONS
    )
    editors, _ = Group.objects.using(using).get_or_create(name="Editors")
    editors.permissions.set(permissions.filter(content_type__app_label__in=GROUP_APPS))


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["Writers", "Editors"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_daily_views"),
        ("authors", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
