from django.db import models


class ViewBucket(models.Model):
    """Views one article got in one period (UTC), added to by upserts."""

    article = models.ForeignKey(
        "articles.Article", models.CASCADE, related_name="%(class)s"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


def bucket_meta(period, name, verbose_name_plural):
    """Return the Meta of a bucket model whose period field is named period."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", period], name=f"{name}_unique")
        ]
        # Covering: a window's totals are read from the index alone.
        indexes = [
            models.Index(
                fields=[period, "article", "count"], name=f"{name}_{period}_idx"
            )
        ]

    Meta.verbose_name_plural = verbose_name_plural
    return Meta


class DailyViews(ViewBucket):
    """Views an article got on one day: the source of the 7 and 30 day windows."""

    day = models.DateField()

    Meta = bucket_meta("day", "daily_views", "daily views")

    def __str__(self):
        return f"{self.article} on {self.day}: {self.count}"


class HourlyViews(ViewBucket):
    """Views an article got in one hour, kept for the last few days.

    Every view also goes into its day's DailyViews, so pruning an old hour loses
    nothing.
    """

    hour = models.DateTimeField()

    Meta = bucket_meta("hour", "hourly_views", "hourly views")

    def __str__(self):
        return f"{self.article} at {self.hour:%Y-%m-%d %H:00}: {self.count}"


class Readership(DailyViews):
    """The editors' readership page in the admin, which reads the daily buckets."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "readership"


class BeaconOutcome(models.TextChoices):
    COUNTED = "counted", "Counted"
    DUPLICATE = "duplicate", "Duplicate"
    BOT = "bot", "Bot"
    PREFETCH = "prefetch", "Prefetch"
    CROSS_SITE = "cross_site", "Cross-site"
    RATE_LIMITED = "rate_limited", "Rate limited"
    STAFF = "staff", "Staff"
    CAPPED = "capped", "Over the network's cap"


class ViewStat(models.Model):
    """How many view beacons had one outcome on one day (UTC)."""

    day = models.DateField()
    outcome = models.CharField(max_length=16, choices=BeaconOutcome)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "outcome"], name="view_stat_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.outcome}: {self.count}"


class FlushBatch(models.Model):
    """A batch of buffered views already written, so a rerun never applies it twice."""

    batch_id = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name_plural = "flush batches"

    def __str__(self):
        return self.batch_id
