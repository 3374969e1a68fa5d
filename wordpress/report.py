"""What an import did, counted as it goes and summed up at the end."""

from collections import Counter

# Lines listed in the summary; beyond them only the count grows, so a huge export
# with many problems still fits in memory and on a screen.
LISTED = 50
PLURALS = {
    "post": "Posts",
    "author": "Authors",
    "category": "Categories",
    "tag": "Tags",
    "library image": "Library images",
}


class Report:
    def __init__(self, *, dry_run=False):
        self.dry_run = dry_run
        self.site = ""
        self.outcomes = Counter()
        self.skipped = Counter()
        self.shortcodes = Counter()
        self.missing_media = {}
        self.warnings = []
        self.warning_count = 0
        self.notes = []

    def count(self, kind, outcome):
        self.outcomes[kind, outcome] += 1

    def skip(self, reason, number=1):
        self.skipped[reason] += number

    def missing(self, path, reason):
        self.missing_media.setdefault(path, reason)

    def warn(self, message):
        self.warning_count += 1
        if len(self.warnings) < LISTED:
            self.warnings.append(message)

    def note(self, message):
        self.notes.append(message)

    def summary(self):
        """Return the summary as lines of text."""
        heading = f"WordPress import from {self.site}"
        if self.dry_run:
            heading += " (dry run: nothing was changed)"
        lines = [heading]
        for kind, label in PLURALS.items():
            outcomes = {
                outcome: number
                for (counted, outcome), number in sorted(self.outcomes.items())
                if counted == kind
            }
            if outcomes:
                counts = ", ".join(
                    f"{number} {outcome}" for outcome, number in outcomes.items()
                )
                lines.append(f"{label}: {counts}")
        lines.append("Skipped: " + describe(self.skipped))
        lines.append(f"Missing media: {len(self.missing_media)}")
        for path, reason in list(self.missing_media.items())[:LISTED]:
            lines.append(f"  {path} ({reason})")
        if len(self.missing_media) > LISTED:
            lines.append(f"  and {len(self.missing_media) - LISTED} more")
        lines.append("Shortcodes removed: " + describe(self.shortcodes))
        lines.extend(self.notes)
        lines.append(f"Warnings: {self.warning_count}")
        lines.extend(f"  {warning}" for warning in self.warnings)
        if self.warning_count > len(self.warnings):
            lines.append(f"  and {self.warning_count - len(self.warnings)} more")
        return lines


def describe(counter):
    if not counter:
        return "none"
    return ", ".join(f"{name} {number}" for name, number in counter.most_common())
