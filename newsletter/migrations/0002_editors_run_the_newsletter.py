from django.db import migrations

# This migration used to grant the Editors group the newsletter's permissions.
# Roles are now declared by each app and synced after every migrate (common.roles);
# the migration stays, empty, because databases have applied it.


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("articles", "0003_editor_groups"),
    ]

    operations = []
