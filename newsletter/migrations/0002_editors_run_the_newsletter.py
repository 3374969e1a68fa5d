from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors run the newsletter: they manage subscribers (the admin has no way to add
# one, so nobody skips double opt-in), blocked domains and digests, and send them.
EDITOR_PERMISSIONS = [
    "view_subscriber",
    "change_subscriber",
    "add_blockeddomain",
    "change_blockeddomain",
    "delete_blockeddomain",
    "view_blockeddomain",
    "add_digest",
    "view_digest",
    "send_digest",
    "view_delivery",
]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created after migrate finishes; the group needs them now.
    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.using(using).get(name="Editors")
    editors.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="newsletter", codename__in=EDITOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    editors = Group.objects.using(using).filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.using(using).filter(
                content_type__app_label="newsletter", codename__in=EDITOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("articles", "0003_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
