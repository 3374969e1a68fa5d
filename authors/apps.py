from django.apps import AppConfig

from common import roles


class AuthorsConfig(AppConfig):
    name = "authors"

    def ready(self):
        roles.grant("Writers", "authors.view_author")
        roles.grant("Editors", "authors.*")
