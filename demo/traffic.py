"""Make up believable view histories and beacon outcomes for demo articles."""

import math
from datetime import UTC, datetime, timedelta


def daily_views(rng, published_at, now, boost=1.0, days=None):
    """Return (day, count) pairs from publication to now: a noisy decaying curve.

    With days, the history stops that many days after publication.
    """
    peak = rng.lognormvariate(6.8, 0.8) * boost
    half_life = rng.uniform(0.8, 4.0)
    floor = peak * rng.uniform(0.004, 0.03)
    published_at = published_at.astimezone(UTC)
    now = now.astimezone(UTC)
    history = []
    day = published_at.date()
    last_day = now.date()
    if days is not None:
        last_day = min(last_day, day + timedelta(days=days - 1))
    while day <= last_day:
        start = max(datetime.combine(day, datetime.min.time(), UTC), published_at)
        end = min(
            datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC), now
        )
        share_of_day = max(0.0, (end - start) / timedelta(days=1))
        age = (day - published_at.date()).days
        weekday = 0.75 if day.weekday() >= 5 else 1.0
        expected = (peak * 0.5 ** (age / half_life) + floor) * weekday * share_of_day
        history.append((day, max(0, round(expected * (1 + rng.gauss(0, 0.18))))))
        day += timedelta(days=1)
    return history


# Share of a day's readers in each UTC hour: quiet at night, busy by day.
HOURLY_PATTERN = [
    0.30, 0.22, 0.18, 0.17, 0.20, 0.32, 0.55, 0.85, 1.10, 1.20, 1.20, 1.15,
    1.20, 1.25, 1.20, 1.15, 1.10, 1.15, 1.20, 1.25, 1.15, 0.95, 0.70, 0.45,
]  # fmt: skip


def hourly_views(history, published_at, now, hours):
    """Split the last `hours` hours of a daily history into (hour, count) pairs.

    Each day's count is shared among its hours (from publication up to now) by
    HOURLY_PATTERN, with whole numbers that add up to the day's count.
    """
    now = now.astimezone(UTC)
    first_hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=hours - 1
    )
    published_hour = published_at.astimezone(UTC).replace(
        minute=0, second=0, microsecond=0
    )
    pairs = []
    for day, count in history:
        midnight = datetime.combine(day, datetime.min.time(), UTC)
        if midnight + timedelta(days=1) <= first_hour:
            continue
        day_hours = [
            midnight + timedelta(hours=n)
            for n in range(24)
            if published_hour <= midnight + timedelta(hours=n) <= now
        ]
        weights = [HOURLY_PATTERN[hour.hour] for hour in day_hours]
        shares = [count * weight / sum(weights) for weight in weights]
        counts = [math.floor(share) for share in shares]
        # Largest remainders get the views that rounding down left over.
        by_remainder = sorted(range(len(shares)), key=lambda n: counts[n] - shares[n])
        for n in by_remainder[: count - sum(counts)]:
            counts[n] += 1
        pairs.extend(
            (hour, hour_count)
            for hour, hour_count in zip(day_hours, counts, strict=True)
            if hour >= first_hour and hour_count
        )
    return pairs


def beacon_outcomes(rng, counted):
    """Return a day's made-up dropped beacons by outcome, for `counted` views."""
    return {
        "duplicate": round(counted * rng.uniform(0.12, 0.22)),
        "bot": round(counted * rng.uniform(0.04, 0.12)),
        "prefetch": round(counted * rng.uniform(0.005, 0.02)),
        "cross_site": round(counted * rng.uniform(0, 0.004)),
        "rate_limited": rng.randint(0, 4),
        "staff": rng.randint(3, 30),
    }
