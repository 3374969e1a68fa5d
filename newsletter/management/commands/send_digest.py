from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsletter import digests, tasks
from newsletter.models import Period


class Command(BaseCommand):
    help = (
        "Build the digest of the period's most read, latest and editor's-pick "
        "articles and send it to confirmed subscribers. A send that stopped "
        "midway is resumed instead, without sending to anyone twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", choices=Period.values, default=Period.DAY, help="Default: day."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the plain-text digest and the recipient count; store and "
            "send nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send a new digest even if one went out less than a period ago.",
        )

    def handle(self, *, period, dry_run, force, verbosity, **options):
        digest = digests.unfinished_digest(period=period)
        if digest is not None:
            self.stdout.write(f"Resuming “{digest}” (digest {digest.pk}).")
        elif (sent := digests.recent_digest(period=period)) and not force:
            raise CommandError(
                f"“{sent}” (digest {sent.pk}) went out at "
                f"{sent.queued_at:%Y-%m-%d %H:%M %Z}, less than a {period} ago. "
                "Run with --force to send another."
            )
        else:
            digest = digests.compose_digest(period=period)
            if digest is None:
                self.stdout.write("Nothing was published in the period; no digest.")
                return
        if dry_run:
            self.stdout.write(digest.text)
            count = digests.recipients(digest).count()
            self.stdout.write(f"Would send to {count} confirmed subscriber(s).")
            return
        digest.save()
        total = digests.recipients(digest).count()
        try:
            with tqdm(total=total, unit="recipient", disable=verbosity == 0) as bar:
                count, outcome = tasks.queue_digest(digest=digest, on_batch=bar.update)
        except tasks.DeliveryFailed as error:
            raise CommandError(
                f"Sending stopped: {error}. Run the command again to send to the "
                "rest; nobody gets it twice."
            ) from error
        digest.refresh_from_db()
        if outcome:
            summary = (
                f"sent to {outcome['sent']}, bounced {outcome['bounced']}, "
                f"deferred {outcome['deferred']} of {count}."
            )
            if outcome["deferred"]:
                summary += " Run the command again later to retry the deferred."
        else:
            summary = f"queued for {count}; the task worker sends it."
        self.stdout.write(
            self.style.SUCCESS(f"“{digest}” (digest {digest.pk}): {summary}")
        )
