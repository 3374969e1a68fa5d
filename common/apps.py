from django.apps import AppConfig

from . import roles


class CommonConfig(AppConfig):
    name = "common"

    def ready(self):
        # The site's name, pictures and pages are the editors' to keep.
        roles.grant("Editors", "common.view_sitesettings", "common.change_sitesettings")
