from django.core.management.base import BaseCommand, CommandError

from articles.models import Status
from authors.models import Author
from wordpress.importer import DEFAULT_STATUSES, Importer, parse_mapping
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import posts, authors, categories, tags, images and old addresses from a "
        "WordPress export (WXR, from Tools → Export). Running it again updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file WordPress exported")
        parser.add_argument(
            "--media-dir",
            help="a copy of wp-content/uploads; without it images keep their old URLs",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="change nothing, print the summary"
        )
        parser.add_argument(
            "--status-map",
            default="",
            help="WordPress status to ours, e.g. private=review,pending=draft",
        )
        parser.add_argument(
            "--author-map",
            default="",
            help="WordPress login to an existing author's slug, e.g. jdoe=jane-doe",
        )
        parser.add_argument(
            "--fallback-category",
            default="uncategorized",
            help="section for posts without a category (created if missing)",
        )

    def handle(self, *args, export, media_dir, dry_run, **options):
        status_map = self.status_map(options["status_map"])
        author_map = self.author_map(options["author_map"])
        importer = Importer(
            export,
            media_dir=media_dir,
            dry_run=dry_run,
            status_map=status_map,
            author_map=author_map,
            fallback_category=options["fallback_category"],
            progress=True,
        )
        try:
            report = importer.run()
        except OSError as error:
            raise CommandError(f"Cannot read {export}: {error.strerror}.") from None
        except WXRError as error:
            raise CommandError(f"{export}: {error}. Nothing was changed.") from None
        self.stdout.write("\n".join(report.summary()))

    def status_map(self, text):
        try:
            mapping = parse_mapping(text)
        except ValueError as error:
            raise CommandError(f"--status-map: {error}.") from None
        for source, target in mapping.items():
            if source not in DEFAULT_STATUSES:
                raise CommandError(
                    f"--status-map: {source!r} is not a WordPress status "
                    f"({', '.join(DEFAULT_STATUSES)})."
                )
            if target not in Status.values:
                raise CommandError(
                    f"--status-map: {target!r} is not a status here "
                    f"({', '.join(Status.values)})."
                )
        return mapping

    def author_map(self, text):
        try:
            mapping = parse_mapping(text)
        except ValueError as error:
            raise CommandError(f"--author-map: {error}.") from None
        known = set(
            Author.objects.filter(slug__in=mapping.values()).values_list(
                "slug", flat=True
            )
        )
        if missing := sorted(set(mapping.values()) - known):
            raise CommandError(
                f"--author-map: no author with slug {', '.join(missing)}."
            )
        return mapping
