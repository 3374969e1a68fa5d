"""Move buffered view counts into the database and prune old hourly buckets."""

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import counting


class Command(BaseCommand):
    help = (
        "Move view counts buffered in Redis (VIEW_BUFFER=redis) into the database in "
        "a few batched statements, then delete hourly view buckets older than 72 "
        "hours (their daily buckets already hold them). Safe to rerun after a crash "
        "and to run periodically, e.g. every minute from cron."
    )

    def handle(self, *args, **options):
        if settings.VIEW_BUFFER:
            try:
                moved = counting.flush_buffer()
            except redis.RedisError as error:
                raise CommandError(
                    f"The view buffer is unreachable: {error}"
                ) from error
            self.stdout.write(f"Moved {moved} buffered views into the database.")
        pruned = counting.prune()
        self.stdout.write(f"Pruned {pruned} hourly view buckets older than 72 hours.")
