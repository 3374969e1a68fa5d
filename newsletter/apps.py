from django.apps import AppConfig

from common import roles


class NewsletterConfig(AppConfig):
    name = "newsletter"

    def ready(self):
        from . import checks, signals  # noqa: F401

        # Editors run the newsletter: they manage subscribers (the admin has no way
        # to add one, so nobody skips double opt-in), blocked domains and digests.
        roles.grant(
            "Editors",
            "newsletter.view_subscriber",
            "newsletter.change_subscriber",
            "newsletter.add_blockeddomain",
            "newsletter.change_blockeddomain",
            "newsletter.delete_blockeddomain",
            "newsletter.view_blockeddomain",
            "newsletter.add_digest",
            "newsletter.view_digest",
            "newsletter.send_digest",
            "newsletter.view_delivery",
        )
