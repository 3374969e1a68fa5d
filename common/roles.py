"""Staff roles as groups whose permissions each app declares, synced after migrate.

An app grants permissions to a role in its AppConfig.ready(), as
"app_label.codename", or "app_label.*" for all of that app's permissions. After
every migrate each role's group holds exactly what the apps grant it, so a grant
added or withdrawn in code reaches every database without a data migration.
"""

from collections import defaultdict

from django.apps import apps
from django.db.models.signals import post_migrate

GRANTS = defaultdict(set)


def grant(role, *permissions):
    GRANTS[role].update(permissions)
    post_migrate.connect(sync_roles, dispatch_uid="common.roles.sync_roles")


def sync_roles(sender, *, using, verbosity=0, **kwargs):
    """Make each role's group hold exactly what the apps grant it."""
    # Imported here: apps grant roles while the app registry is still loading.
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate comes once per app; permissions of later apps exist only after
    # their own turn, so the roles are synced on the last app's.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    for config in with_models:
        create_permissions(config, verbosity=0, using=using)
    permissions = Permission.objects.using(using).select_related("content_type")
    by_name = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in permissions
    }
    for role, granted in GRANTS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(
            permission
            for name, permission in by_name.items()
            if name in granted or f"{name.partition('.')[0]}.*" in granted
        )
