"""Send readers' requests from threads and count the outcome of every one."""

import http.client
import random
import statistics
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import psycopg

from benchmarks.harness import BROWSER, HOST

# Every request gives up after this long on the client side; none should need it.
CLIENT_TIMEOUT = 30
# What "answers within ~2 s" allows for: a timeout of 1-2 s plus rendering.
SLOW = 3.0


@dataclass
class Outcome:
    kind: str
    status: str
    seconds: float


@dataclass
class Traffic:
    """Threads sending a mix of requests and recording every outcome by phase."""

    port: int
    pages: list
    slugs: list
    connections: int
    mix: dict
    phase: str = "start"
    outcomes: dict = field(default_factory=lambda: defaultdict(list))
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self):
        threads = [
            threading.Thread(target=self.worker, args=(n,), daemon=True)
            for n in range(self.connections)
        ]
        for thread in threads:
            thread.start()
        return threads

    def stop(self, threads):
        self.stopping.set()
        for thread in threads:
            thread.join(CLIENT_TIMEOUT + 5)

    def worker(self, number):
        rng = random.Random(number)
        connection = http.client.HTTPConnection(HOST, self.port, timeout=CLIENT_TIMEOUT)
        kinds, weights = zip(*self.mix.items(), strict=True)
        while not self.stopping.is_set():
            kind = rng.choices(kinds, weights)[0]
            method, path, body, headers = getattr(self, kind)(rng)
            started = time.monotonic()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                status = f"error: {type(error).__name__}"
                connection.close()
            # Counted in the phase it ended in: a fault hits requests in flight.
            self.outcomes[self.phase].append(
                Outcome(kind, status, time.monotonic() - started)
            )

    @property
    def origin(self):
        return f"http://{HOST}:{self.port}"

    def client(self, rng):
        # A reader anywhere in 10.0.0.0/8, one address per request: what rate
        # limits and dedup key on is the proxy's X-Forwarded-For.
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
        return {"X-Forwarded-For": address, "User-Agent": f"{BROWSER} r{address}"}

    def page(self, rng):
        return "GET", rng.choice(self.pages), None, self.client(rng)

    def health(self, rng):
        return "GET", "/healthz", None, {}

    def beacon(self, rng):
        headers = {**self.client(rng), "Origin": self.origin, "Content-Length": "0"}
        return "POST", f"/articles/{rng.choice(self.slugs)}/view/", b"", headers

    def signup(self, rng):
        # Many spellings of a few mailboxes, racing one another.
        name = f"soak{rng.randrange(40)}"
        email = rng.choice(
            [
                f"{name}@example.org",
                f"{name.upper()}@EXAMPLE.ORG",
                f'"{name}"@example.org',
                f"{name}@bücher.example",
                f"{name}@xn--bcher-kva.example",
            ]
        )
        body = urllib.parse.urlencode(
            {"email": email, "consent": "on", "website": ""}
        ).encode()
        headers = {
            **self.client(rng),
            "Origin": self.origin,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return "POST", "/newsletter/subscribe/", body, headers


def reader_urls(database_url):
    """Return the pages readers ask for and the slugs of the newest articles."""
    with psycopg.connect(database_url) as conn:
        slugs = [
            slug
            for (slug,) in conn.execute(
                "SELECT slug FROM articles_article WHERE status = 'published' "
                "AND published_at <= now() ORDER BY published_at DESC LIMIT 40"
            )
        ]
        categories = [s for (s,) in conn.execute("SELECT slug FROM articles_category")]
    pages = ["/", "/search/?q=chip", "/feed/", "/newsletter/"]
    pages += [f"/articles/{slug}/" for slug in slugs]
    pages += [f"/category/{slug}/" for slug in categories]
    return pages, slugs


def summary(outcomes):
    """Return a line of counts and latencies for a phase's outcomes."""
    statuses = Counter(
        "2xx/3xx"
        if outcome.status[0] in "23"
        else "4xx"
        if outcome.status[0] == "4"
        else "5xx"
        if outcome.status[0] == "5"
        else "errors"
        for outcome in outcomes
    )
    seconds = sorted(outcome.seconds for outcome in outcomes) or [0]
    p99 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))]
    return (
        f"{len(outcomes):6} requests  {statuses['2xx/3xx']:6} ok  "
        f"{statuses['4xx']:5} 4xx  {statuses['5xx']:5} 5xx  "
        f"{statuses['errors']:4} errors  "
        f"median {statistics.median(seconds) * 1000:6.0f} ms  "
        f"p99 {p99 * 1000:6.0f} ms  max {seconds[-1] * 1000:6.0f} ms  "
        f"over {SLOW:.0f} s: {sum(s > SLOW for s in seconds)}"
    )
