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
import functools
import os
import secrets
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness  # noqa: E402
from benchmarks.harness import HOST, ROOT  # noqa: E402
from benchmarks.traffic import SLOW, Traffic, reader_urls, summary  # noqa: E402

APP_PORT = int(os.environ.get("RESILIENCE_APP_PORT", "8893"))
REDIS_PORT = int(os.environ.get("RESILIENCE_REDIS_PORT", "6393"))
PROXY_PORT = int(os.environ.get("RESILIENCE_PROXY_PORT", "6394"))
SITE = f"http://{HOST}:{APP_PORT}"
DATABASE_SERVER = os.environ.get(
    "RESILIENCE_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"
)
DATABASE = "newsroom_chaos"
DATABASE_URL = f"{DATABASE_SERVER}/{DATABASE}"


def log(message):
    print(message, flush=True)


# -- The site and its services --------------------------------------------------


def site_env(redis_url):
    return harness.production_env(
        site=SITE,
        database_url=DATABASE_URL,
        redis_url=redis_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        CACHE_KEY_PREFIX=f"resilience-{secrets.token_hex(4)}",
        CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        TASKS_BACKEND="database",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(ROOT / ".resilience" / "media"),
    )


def prepare_database(env):
    """Create, migrate and seed the database on first use; analyze it."""
    harness.create_database(DATABASE_SERVER, DATABASE)
    harness.manage(env, "migrate", "--noinput", "--verbosity", "0")
    harness.manage(
        env, "seed_demo", "--if-empty", "--articles", "60", "--verbosity", "0"
    )
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    harness.analyze(DATABASE_URL)


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
    return harness.running(
        command,
        os.environ,
        workdir / "redis.log",
        functools.partial(harness.answers, REDIS_PORT),
    )


def app_server(env, workdir):
    return harness.granian(
        env,
        APP_PORT,
        workdir / "app.log",
        functools.partial(harness.answers, APP_PORT, "/healthz"),
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
        pages, slugs = reader_urls(DATABASE_URL)
        services.enter_context(app_server(env, workdir))
        traffic = Traffic(
            APP_PORT,
            pages,
            slugs,
            args.connections,
            {"page": 8, "beacon": 3, "signup": 1, "health": 1},
        )
        threads = traffic.run()
        lock = []

        def redis_stop():
            harness.stop(redis.pop())

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
        pages, slugs = reader_urls(DATABASE_URL)
        with app_server(env, workdir):
            before = totals()
            traffic = Traffic(
                APP_PORT,
                pages,
                slugs,
                args.connections,
                {"page": 6, "beacon": 3, "signup": 1},
            )
            traffic.phase = "soak"
            threads = traffic.run()
            time.sleep(args.seconds)
            traffic.stop(threads)
            # Views wait in Redis for the worker's flush, as in production.
            harness.manage(env, "flush_views", "--verbosity", "0")
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
