from django.apps import AppConfig

from common import roles


class ImageLibraryConfig(AppConfig):
    name = "imagelibrary"
    verbose_name = "media library"

    def ready(self):
        # Writers upload and reuse pictures; only editors delete them.
        roles.grant(
            "Writers",
            "imagelibrary.add_libraryimage",
            "imagelibrary.change_libraryimage",
            "imagelibrary.view_libraryimage",
        )
        roles.grant("Editors", "imagelibrary.*")
