"""Benchmark the site as production runs it, against a floor measured in the same run.

    make bench                          # 100,000 articles, every scenario
    make bench BENCH_ARTICLES=1000      # another archive size
    make bench-scale                    # the miss scenarios at 1,000 and 100,000

For each archive size it keeps a PostgreSQL database of its own (newsroom_bench_<N>
on BENCH_DATABASE_SERVER), migrated and seeded once by `seed_demo --articles N`,
then VACUUM ANALYZE (autovacuum may be off). It runs the site as in production:
DEBUG off, Redis, Granian with deploy/granian.env's 2 workers, on 127.0.0.1 only
(--server gunicorn runs 2 gunicorn sync workers instead, to compare). wrk drives it
from a second process; every scenario is bounded in time and in requests. The
floor is a bare view rendering a 40 KB template on the same server
(BENCH_FLOOR=1); each figure is also given as a ratio to it, so that runs on
different machines compare. Results go into BENCHMARKS.md.
"""

import argparse
import functools
import json
import math
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness, load, report  # noqa: E402
from benchmarks.harness import BIN, HOST, ROOT  # noqa: E402

PORT = 8891
NGINX_PORT = 8892
SITE = f"http://{HOST}:{PORT}"
# Database 12, apart from development (0) and the tests (15); keys are prefixed
# per run and deleted afterwards.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
DATABASE_SERVER = os.environ.get(
    "BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"
)
# Media of every archive size; the seeded images have the same names in each.
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT", str(ROOT / ".bench" / "media"))
SCALE_SIZES = (1_000, 100_000)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--scale", action="store_true", help="misses at two sizes")
    parser.add_argument("--duration", type=int, default=10, help="seconds a scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument("--refill", action="store_true", help="seed the database again")
    parser.add_argument(
        "--only", help="comma-separated scenarios to run (the floor always runs)"
    )
    parser.add_argument(
        "--no-report", action="store_true", help="print results, leave BENCHMARKS.md"
    )
    return parser.parse_args()


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def site_env(database_url, prefix, **extra):
    """Return the environment of a production-like site on loopback."""
    return harness.production_env(
        site=SITE,
        database_url=database_url,
        redis_url=REDIS_URL,
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS=f"{HOST},localhost",
        CACHE_KEY_PREFIX=prefix,
        EMAIL_URL="dummymail://",
        MEDIA_ROOT=MEDIA_ROOT,
        BENCH_FLOOR="1",
        LOG_LEVEL="WARNING",
        # Every request comes from one address; the limits would refuse them.
        VIEW_RATE_LIMIT="1000000000",
        VIEW_RATE_LIMIT_PER_NETWORK="1000000000",
        VIEW_CAP_PER_ARTICLE_NETWORK="1000000000",
        NEWSLETTER_SIGNUPS_PER_CLIENT="1000000000",
        SEARCH_RATE_LIMIT="1000000000",
        PYTHONUNBUFFERED="1",
        **extra,
    )


def database(size, refill):
    """Return the URL of a migrated, seeded and analysed database of size articles."""
    name = f"newsroom_bench_{size}"
    url = f"{DATABASE_SERVER}/{name}"
    harness.create_database(DATABASE_SERVER, name)
    env = site_env(url, "bench-setup")
    harness.manage(env, "migrate", "--noinput", "--verbosity", "0")
    with psycopg.connect(url, autocommit=True) as connection:
        count = connection.execute("SELECT count(*) FROM articles_article").fetchone()
        (hero,) = connection.execute(
            "SELECT hero_image FROM articles_article WHERE hero_image <> '' LIMIT 1"
        ).fetchone() or ("",)
        # The database names its images; seeded with another BENCH_MEDIA_ROOT, the
        # files are elsewhere and saving an article (the edit storm) would fail.
        media_missing = bool(hero) and not (Path(MEDIA_ROOT) / hero).exists()
        if media_missing and not refill:
            log(f"images of {name} are not under {MEDIA_ROOT}; seeding again")
        if refill or media_missing or count[0] != size:
            log(f"seeding {size:,} articles into {name}")
            started = time.monotonic()
            harness.manage(env, "seed_demo", "--reset", "--articles", str(size))
            log(f"seeded in {time.monotonic() - started:.0f} s")
        (unindexed,) = connection.execute(
            "SELECT count(*) FROM articles_article WHERE search_vector IS NULL"
        ).fetchone()
        if unindexed:
            # A database seeded before articles had a stored search vector.
            log(f"indexing {unindexed:,} articles for search")
            harness.manage(env, "rebuild_search_index")
    harness.analyze(url)
    return url


def pick_pages(url):
    """Return the newest article's slug, the biggest section's slug and its pages."""
    with psycopg.connect(url) as connection:
        (article,) = connection.execute(
            "SELECT slug FROM articles_article WHERE status = 'published' "
            "AND published_at <= now() ORDER BY published_at DESC, id DESC LIMIT 1"
        ).fetchone()
        category, count = connection.execute(
            "SELECT c.slug, count(*) FROM articles_article a "
            "JOIN articles_category c ON c.id = a.category_id "
            "WHERE a.status = 'published' AND a.published_at <= now() "
            "GROUP BY c.slug ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return article, category, math.ceil(count / 20)


def app_server(kind, env, workdir):
    """Run the app as deploy/ does (Granian), or under gunicorn to compare."""
    log_path = workdir / "server.log"
    ready = functools.partial(harness.http_ok, f"{SITE}/bench/floor/")
    if kind == "granian":
        return harness.granian(env, PORT, log_path, ready)
    command = [
        str(BIN / "gunicorn"),
        "--workers=2",
        f"--bind={HOST}:{PORT}",
        "--preload",
        "newsroom.wsgi",
    ]
    return harness.running(command, env, log_path, ready)


def nginx(workdir):
    """Run nginx from deploy/nginx.conf.template in front of the app."""
    folder = workdir / "nginx"
    for name in ("cache", "temp"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    # nginx's workers run as an unprivileged user when started as root.
    for path in (workdir, folder, folder / "cache", folder / "temp"):
        path.chmod(0o777)
    server = string.Template((ROOT / "deploy" / "nginx.conf.template").read_text())
    (folder / "newsroom.conf").write_text(
        server.safe_substitute(
            NEWSROOM_LISTEN=f"{HOST}:{NGINX_PORT}",
            NEWSROOM_UPSTREAM=f"{HOST}:{PORT}",
            NEWSROOM_STATIC_ROOT=str(ROOT / "staticfiles"),
            NEWSROOM_MEDIA_ROOT=MEDIA_ROOT,
            NEWSROOM_CACHE_DIR=str(folder / "cache"),
            NEWSROOM_MICROCACHE="5s",
        )
    )
    temp = folder / "temp"
    (folder / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_timeout 30;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/newsroom.conf;
}}
"""
    )
    command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")]
    return harness.running(
        command,
        os.environ.copy(),
        workdir / "nginx.log",
        functools.partial(harness.http_ok, f"http://{HOST}:{NGINX_PORT}/bench/floor/"),
    )


def search_words(url, count=40):
    """Return the count words most used in the newest headlines, for search queries."""
    with psycopg.connect(url) as connection:
        titles = connection.execute(
            "SELECT title FROM articles_article WHERE status = 'published' "
            "ORDER BY published_at DESC LIMIT 2000"
        ).fetchall()
    words = Counter(
        word for (title,) in titles for word in re.findall(r"[a-z]{5,}", title.lower())
    )
    return [word for word, _ in words.most_common(count)]


def measure(name, url, script, args, results):
    # A short warm-up first: imports, connections and the page cache settle.
    load.wrk(url, script, 2, args.connections)
    result = load.wrk(url, script, args.duration, args.connections)
    results[name] = result
    log(
        f"{name:22} {result['rps']:8.0f} req/s  p50 {result['p50']:6.1f} ms  "
        f"p99 {result['p99']:6.1f} ms  errors {result['non_2xx_3xx']}"
        f"+{result['socket_errors']}"
    )


EDITOR = """
import sys, time
import django
django.setup()
from articles.models import Article
ids = list(
    Article.objects.published().order_by("-published_at", "-id")
    .values_list("pk", flat=True)[1:61]
)
deadline = time.monotonic() + float(sys.argv[1])
saves = 0
while time.monotonic() < deadline:
    started = time.monotonic()
    article = Article.objects.get(pk=ids[saves % len(ids)])
    article.save()
    saves += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(saves)
"""


def run_site(args, size, scenarios, workdir):
    """Measure scenarios on an archive of size articles; return their results."""
    url = database(size, args.refill)
    article, category, pages = pick_pages(url)
    deep = min(50, pages)
    prefix = f"bench-{os.getpid()}-{size}"
    env = site_env(url, prefix, VIEW_BUFFER="off")
    results = {"_deep_page": deep}
    article_path = f"/articles/{article}/"
    with app_server(args.server, env, workdir):
        floor = load.gzip_get(workdir, "floor")
        measure("floor", f"{SITE}/bench/floor/", floor, args, results)
        if "article_hit" in scenarios:
            measure("article_hit", SITE + article_path, floor, args, results)
        pages_to_miss = {
            "article_miss": article_path,
            "home_miss": "/",
            "category_first_miss": f"/category/{category}/",
            "category_deep_miss": f"/category/{category}/?page={deep}",
        }
        for name, path in pages_to_miss.items():
            if name in scenarios:
                script = load.unique_get(workdir, name, path)
                measure(name, SITE + path, script, args, results)
        if "search_miss" in scenarios:
            script = load.searches(workdir, "search_miss", search_words(url))
            measure("search_miss", f"{SITE}/search/", script, args, results)
        if "beacon_direct" in scenarios:
            script = load.beacon(workdir, "beacon_direct", article, SITE)
            before = beacon_outcomes(url)
            measure("beacon_direct", SITE + article_path, script, args, results)
            results["_beacon_direct_outcomes"] = beacon_outcomes(url) - before
        if "signup" in scenarios:
            script = load.signup(workdir, "signup", SITE)
            measure("signup", f"{SITE}/newsletter/subscribe/", script, args, results)
        if "edit_storm" in scenarios:
            editor = subprocess.Popen(
                [sys.executable, "-c", EDITOR, str(args.duration + 3)],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            measure("edit_storm", SITE + article_path, floor, args, results)
            out, err = editor.communicate(timeout=60)
            if editor.returncode:
                sys.exit(f"The editor saving articles stopped:\n{err[-2000:]}")
            results["_edit_storm_saves"] = int(out)
        if "nginx_article" in scenarios:
            with nginx(workdir):
                nginx_site = f"http://{HOST}:{NGINX_PORT}"
                measure(
                    "nginx_article", nginx_site + article_path, floor, args, results
                )
                measure("nginx_static", nginx_site + static_css(), floor, args, results)
    if "beacon_buffered" in scenarios:
        env = site_env(url, prefix, VIEW_BUFFER="redis")
        with app_server(args.server, env, workdir):
            script = load.beacon(workdir, "beacon_buffered", article, SITE)
            before = beacon_outcomes(url)
            measure("beacon_buffered", SITE + article_path, script, args, results)
            harness.manage(env, "flush_views", stdout=subprocess.DEVNULL)
            results["_beacon_buffered_outcomes"] = beacon_outcomes(url) - before
    clear_cache(prefix)
    return results


def beacon_outcomes(url):
    """Return today's beacons by outcome, as readership's daily tally has them."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT outcome, count FROM readership_viewstat "
            "WHERE day = (now() AT TIME ZONE 'UTC')::date"
        ).fetchall()
    return Counter(dict(rows))


def static_css():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def clear_cache(prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])
    client.close()


def main():
    args = parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        sys.exit("make bench needs wrk and nginx: apt-get install wrk nginx")
    env = site_env(f"{DATABASE_SERVER}/postgres", "bench-setup")
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    info = report.machine(DATABASE_SERVER)
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        workdir = Path(folder)
        if args.scale:
            by_size = {}
            for size in SCALE_SIZES:
                log(f"misses at {size:,} articles")
                by_size[size] = run_site(args, size, report.MISS_SCENARIOS, workdir)
            info["load"] = report.load_average()
            text = report.scale_report(by_size, info, args)
            marker = "bench:scale"
        else:
            scenarios = set(args.only.split(",")) if args.only else set(report.LABELS)
            # Those two are reported as ratios to these.
            if "nginx_article" in scenarios:
                scenarios.add("nginx_static")
            if "edit_storm" in scenarios:
                scenarios.add("article_hit")
            results = run_site(args, args.articles, scenarios, workdir)
            info["load"] = report.load_average()
            text = report.site_report(results, args.articles, info, args)
            marker = "bench:site"
    print(text)
    if not args.no_report:
        report.write_section(marker, text)
        log(f"wrote {report.REPORT.name}")


if __name__ == "__main__":
    main()
