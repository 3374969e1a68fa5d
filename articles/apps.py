from django.apps import AppConfig

from common import roles


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from . import (  # noqa: F401
            content_version,
            history,
            search_index,
            slug_history,
            text_cleaning,
        )

        roles.grant(
            "Writers",
            "articles.add_article",
            "articles.change_article",
            "articles.view_article",
            # Bylines are edited inline on the article form.
            "articles.add_byline",
            "articles.change_byline",
            "articles.delete_byline",
            "articles.view_byline",
            "articles.view_category",
            "taggit.add_tag",
            "taggit.view_tag",
        )
        roles.grant("Editors", "articles.*", "taggit.*")
