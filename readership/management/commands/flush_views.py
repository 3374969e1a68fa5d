"""Move buffered view counts into the database and prune old hourly buckets."""

import logging
import signal
import threading

import redis
from django.core.management.base import BaseCommand, CommandError

from readership.tasks import flush_views

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Move view counts buffered in Redis (VIEW_BUFFER=redis) into the database in "
        "a few batched statements, then delete hourly view buckets older than 72 "
        "hours (their daily buckets already hold them). Safe to rerun after a crash. "
        "With --every N it keeps flushing every N seconds until stopped: the worker "
        "that deploy/ runs under systemd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Flush again every SECONDS until stopped (SIGTERM or Ctrl-C).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            metavar="N",
            help="With --every, stop after N flushes.",
        )

    def handle(self, *args, every=None, rounds=None, **options):
        if every is None:
            try:
                self.report(flush_views.call())
            except redis.RedisError as error:
                raise CommandError(
                    f"The view buffer is unreachable: {error}"
                ) from error
            return
        stopping = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stopping.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self.flush_every(every, rounds, stopping)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def flush_every(self, seconds, rounds, stopping):
        done = 0
        while not stopping.is_set() and (rounds is None or done < rounds):
            try:
                self.report(flush_views.call())
            except redis.RedisError as error:
                # The buffer keeps its counts; the next round moves them.
                logger.warning("The view buffer is unreachable: %s", error)
            done += 1
            if rounds is None or done < rounds:
                stopping.wait(seconds)

    def report(self, result):
        if result["moved"] is not None:
            self.stdout.write(
                f"Moved {result['moved']} buffered views into the database."
            )
        self.stdout.write(
            f"Pruned {result['pruned']} hourly view buckets older than 72 hours."
        )
