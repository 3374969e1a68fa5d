from django.apps import AppConfig

from common import roles


class ReadershipConfig(AppConfig):
    name = "readership"

    def ready(self):
        roles.grant("Writers", "readership.view_readership")
        roles.grant("Editors", "readership.view_readership")
