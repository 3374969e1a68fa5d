"""Run the site as production does and break its services while traffic runs.

    make chaos    # Redis hangs, stops and returns; PostgreSQL is killed and locked
    make soak     # 60 s of pages, beacons and signups at 32 connections

Both run the site with DEBUG off under Granian with deploy/granian.env, on
127.0.0.1 only, against a PostgreSQL database of their own (newsroom_chaos,
created, migrated and seeded on first use) and a throw-away redis-server on a
port of their own. The machine's Redis is never touched. chaos puts a TCP proxy
of its own between the site and that Redis, to make it hang. Every phase is
bounded in time, and the outcome of every request is counted and printed. The
exit status is 1 when a check fails.
"""

import argparse
import contextlib
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
APP_PORT = int(os.environ.get("RESILIENCE_APP_PORT", "8893"))
REDIS_PORT = int(os.environ.get("RESILIENCE_REDIS_PORT", "6393"))
PROXY_PORT = int(os.environ.get("RESILIENCE_PROXY_PORT", "6394"))
SITE = f"http://{HOST}:{APP_PORT}"
DATABASE_SERVER = os.environ.get(
    "RESILIENCE_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"
)
DATABASE = "newsroom_chaos"
DATABASE_URL = f"{DATABASE_SERVER}/{DATABASE}"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
# Every request gives up after this long on the client side; none should need it.
CLIENT_TIMEOUT = 30
# What "answers within ~2 s" allows for: a timeout of 1-2 s plus rendering.
SLOW = 3.0


def log(message):
    print(message, flush=True)


# -- The site and its services --------------------------------------------------


def site_env(redis_url):
    deploy = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy" / "granian.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    return {
        **os.environ,
        **deploy,
        "GRANIAN_HOST": HOST,
        "GRANIAN_PORT": str(APP_PORT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": SITE,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"resilience-{secrets.token_hex(4)}",
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "ERROR",
        "MEDIA_ROOT": str(ROOT / ".resilience" / "media"),
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(env):
    """Create, migrate and seed the database on first use; analyze it."""
    with psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--if-empty", "--articles", "60", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


@contextlib.contextmanager
def process(command, env, log_path, ready):
    """Run command in its own process group until the block ends."""
    with open(log_path, "ab") as output:
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not ready():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start; see {log_path}")
            time.sleep(0.2)
        yield child
    finally:
        stop(child)


def stop(child):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGTERM)
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def answers(port, path=None):
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            if path is None:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {HOST}\r\n\r\n".encode())
            return sock.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


def redis_server(workdir):
    command = [
        "redis-server",
        "--port",
        str(REDIS_PORT),
        "--bind",
        HOST,
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(workdir),
    ]
    return process(
        command, os.environ, workdir / "redis.log", lambda: answers(REDIS_PORT)
    )


def app_server(env, workdir):
    command = [str(BIN / "granian"), "newsroom.wsgi:application"]
    return process(
        command, env, workdir / "app.log", lambda: answers(APP_PORT, "/healthz")
    )


class RedisProxy:
    """Forward TCP to Redis, or accept connections and never answer ("hang")."""

    def __init__(self, port, target):
        self.target = target
        self.mode = "pass"
        self.listener = socket.create_server((HOST, port))
        self.held = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "hang":
                self.held.append(client)
                continue
            try:
                upstream = socket.create_connection((HOST, self.target), timeout=1)
            except OSError:
                client.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self.pipe, args=(source, sink), daemon=True
                ).start()

    def pipe(self, source, sink):
        # While hanging, what arrives is dropped and the line stays open.
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self.mode == "pass":
                    sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def hang(self):
        """Stop forwarding: open connections go silent, new ones get no answer."""
        self.mode = "hang"

    def resume(self):
        self.mode = "pass"
        for client in self.held:
            client.close()
        self.held.clear()

    def close(self):
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.resume()


# -- Traffic ----------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str
    status: str
    seconds: float


@dataclass
class Traffic:
    """Threads sending a mix of requests and recording every outcome by phase."""

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
        connection = http.client.HTTPConnection(HOST, APP_PORT, timeout=CLIENT_TIMEOUT)
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
        headers = {**self.client(rng), "Origin": SITE, "Content-Length": "0"}
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
            "Origin": SITE,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return "POST", "/newsletter/subscribe/", body, headers


def reader_urls():
    with psycopg.connect(DATABASE_URL) as conn:
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


# -- chaos --------------------------------------------------------------------


def terminate_connections():
    """Kill every connection to the chaos database but this one."""
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )


def chaos(args, workdir):
    failures = []
    with contextlib.ExitStack() as services:
        redis = [services.enter_context(redis_server(workdir))]
        proxy = RedisProxy(PROXY_PORT, REDIS_PORT)
        services.callback(proxy.close)
        env = site_env(f"redis://{HOST}:{PROXY_PORT}/0")
        prepare_database(env)
        pages, slugs = reader_urls()
        services.enter_context(app_server(env, workdir))
        traffic = Traffic(
            pages,
            slugs,
            args.connections,
            {"page": 8, "beacon": 3, "signup": 1, "health": 1},
        )
        threads = traffic.run()
        lock = []

        def redis_stop():
            stop(redis.pop())

        def redis_start():
            redis.append(services.enter_context(redis_server(workdir)))

        def lock_table():
            lock.append(psycopg.connect(DATABASE_URL))
            lock[0].execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")

        def unlock_table():
            lock.pop().close()

        phases = [
            ("baseline", None, None),
            ("redis hangs", proxy.hang, proxy.resume),
            ("redis stopped", redis_stop, None),
            ("redis back", redis_start, None),
            ("postgres connections killed", terminate_connections, None),
            ("postgres table locked", lock_table, unlock_table),
            ("recovered", None, None),
        ]
        for name, start, end in phases:
            traffic.phase = name
            if start:
                start()
            time.sleep(args.seconds)
            if end:
                end()
        traffic.stop(threads)
    log(f"\nmake chaos: {args.connections} connections, {args.seconds} s a phase")
    for name, *_ in phases:
        outcomes = traffic.outcomes[name]
        # /healthz answers 503 while a service is down: that is its job.
        served = [outcome for outcome in outcomes if outcome.kind != "health"]
        health = Counter(o.status for o in outcomes if o.kind == "health")
        log(f"  {name:28} {summary(served)}  /healthz {dict(health)}")
        if any(outcome.status.startswith("error") for outcome in outcomes):
            failures.append(f"{name}: requests went unanswered")
        if any(outcome.seconds > 2 * SLOW for outcome in outcomes):
            failures.append(f"{name}: a request took over {2 * SLOW:.0f} s")
        if not name.startswith("postgres") and any(
            outcome.status.startswith("5") for outcome in served
        ):
            failures.append(f"{name}: server errors without a database fault")
    return failures


# -- soak ------------------------------------------------------------------------


def totals():
    with psycopg.connect(DATABASE_URL) as conn:
        views = conn.execute(
            "SELECT coalesce(sum(view_count), 0) FROM articles_article"
        ).fetchone()[0]
        daily = conn.execute(
            "SELECT coalesce(sum(count), 0) FROM readership_dailyviews"
        ).fetchone()[0]
        outcomes = dict(
            conn.execute(
                "SELECT outcome, sum(count)::bigint FROM readership_viewstat "
                "GROUP BY outcome"
            ).fetchall()
        )
        # Every spelling of an address must have become its one stored form.
        emails = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE email ~ '[^\\x01-\\x7f]' "
            "OR email LIKE '\"%%' OR email <> lower(email)) "
            "FROM newsletter_subscriber"
        ).fetchone()
    return views, daily, Counter(outcomes), emails


def soak(args, workdir):
    failures = []
    with redis_server(workdir):
        env = site_env(f"redis://{HOST}:{REDIS_PORT}/0")
        prepare_database(env)
        pages, slugs = reader_urls()
        with app_server(env, workdir):
            before = totals()
            traffic = Traffic(
                pages, slugs, args.connections, {"page": 6, "beacon": 3, "signup": 1}
            )
            traffic.phase = "soak"
            threads = traffic.run()
            time.sleep(args.seconds)
            traffic.stop(threads)
            # Views wait in Redis for the worker's flush, as in production.
            manage(env, "flush_views", "--verbosity", "0")
            after = totals()
    outcomes = traffic.outcomes["soak"]
    views = after[0] - before[0]
    daily = after[1] - before[1]
    recorded = after[2] - before[2]
    beacons = [o for o in outcomes if o.kind == "beacon"]
    answered = sum(o.status in ("204", "429") for o in beacons)
    by_kind = Counter((o.kind, o.status) for o in outcomes)
    rows, unnormalised = after[3]
    log(f"\nmake soak: {args.seconds} s at {args.connections} connections")
    log(f"  all            {summary(outcomes)}")
    for kind in ("page", "beacon", "signup"):
        of_kind = [o for o in outcomes if o.kind == kind]
        log(f"  {kind:14} {summary(of_kind)}")
    log(f"  answers by kind: {dict(sorted(by_kind.items()))}")
    log(
        f"  beacons answered {answered}; recorded outcomes {recorded.total()} "
        f"{dict(recorded)}; views added {views} (daily buckets {daily})"
    )
    log(f"  subscribers: {rows} rows, {unnormalised} not in their stored form")
    if any(o.status.startswith("5") for o in outcomes):
        failures.append("server errors")
    if any(o.status.startswith("error") for o in outcomes):
        failures.append("requests went unanswered")
    if not views == daily == recorded["counted"]:
        failures.append("view totals differ from the beacons counted")
    if recorded.total() != answered:
        failures.append("a beacon answered was not recorded, or one twice")
    if unnormalised:
        failures.append("an address was stored as spelled, so it can repeat")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["chaos", "soak"])
    parser.add_argument("--seconds", type=int, default=None)
    parser.add_argument("--connections", type=int, default=None)
    args = parser.parse_args()
    if args.mode == "chaos":
        args.seconds = args.seconds or 10
        args.connections = args.connections or 16
    else:
        args.seconds = args.seconds or 60
        args.connections = args.connections or 32
    workdir = ROOT / ".resilience"
    workdir.mkdir(exist_ok=True)
    failures = (chaos if args.mode == "chaos" else soak)(args, workdir)
    for failure in failures:
        log(f"FAILED: {failure}")
    if not failures:
        log("All checks passed.")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
