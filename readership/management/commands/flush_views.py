"""Move buffered view counts into the database and prune old hourly buckets."""

import redis
from django.core.management.base import BaseCommand, CommandError

from readership.tasks import flush_views


class Command(BaseCommand):
    help = (
        "Move view counts buffered in Redis (VIEW_BUFFER=redis) into the database in "
        "a few batched statements, then delete hourly view buckets older than 72 "
        "hours (their daily buckets already hold them). Safe to rerun after a crash "
        "and to run periodically, e.g. every minute from cron; a task worker can run "
        "readership.tasks.flush_views instead."
    )

    def handle(self, *args, **options):
        try:
            result = flush_views.call()
        except redis.RedisError as error:
            raise CommandError(f"The view buffer is unreachable: {error}") from error
        if result["moved"] is not None:
            self.stdout.write(
                f"Moved {result['moved']} buffered views into the database."
            )
        self.stdout.write(
            f"Pruned {result['pruned']} hourly view buckets older than 72 hours."
        )
