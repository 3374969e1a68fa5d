from django.db import migrations

# This migration used to create the Writers and Editors groups from a frozen list of
# permissions. Roles are now declared by each app and synced after every migrate
# (common.roles); the migration stays, empty, because databases have applied it.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_daily_views"),
        ("authors", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
