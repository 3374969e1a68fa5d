from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles import search_index
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Index every article for search again: after bulk imports or updates that "
        "skip save(), or to repair the index."
    )

    def handle(self, *args, **options):
        with tqdm(
            total=Article.objects.count(),
            unit="article",
            disable=options["verbosity"] < 1,
            file=self.stderr,
        ) as bar:
            indexed = search_index.rebuild(progress=bar.update)
        self.stdout.write(f"Indexed {indexed} articles for search.")
