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
import json
import math
import os
import platform
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPORT = ROOT / "BENCHMARKS.md"
HOST = "127.0.0.1"
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
# No scenario sends more than this many requests, whatever its duration.
MAX_REQUESTS = 2_000_000
SCALE_SIZES = (1_000, 100_000)
MISS_SCENARIOS = (
    "article_miss",
    "home_miss",
    "category_first_miss",
    "category_deep_miss",
)
TARGETS = {
    "article_hit": ("≥ 1.2", 1.2),
    "article_miss": ("≥ 0.4, p99 < 50 ms", 0.4),
    "home_miss": ("≥ 0.3", 0.3),
    "category_first_miss": ("≥ 0.35", 0.35),
    "category_deep_miss": ("≥ 0.35", 0.35),
    "beacon_direct": ("≥ 0.6", 0.6),
    "beacon_buffered": ("≥ 1.0", 1.0),
}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


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
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "DATABASE_URL", "REDIS_URL", "VIEW_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS=f"{HOST},localhost",
        SITE_URL=SITE,
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
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
    )
    env.update(extra)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def database(size, refill):
    """Return the URL of a migrated, seeded and analysed database of size articles."""
    name = f"newsroom_bench_{size}"
    url = f"{DATABASE_SERVER}/{name}"
    with psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True) as server:
        if not server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            server.execute(f'CREATE DATABASE "{name}"')
    env = site_env(url, "bench-setup")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
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
            manage(env, "seed_demo", "--reset", "--articles", str(size))
            log(f"seeded in {time.monotonic() - started:.0f} s")
        (unindexed,) = connection.execute(
            "SELECT count(*) FROM articles_article WHERE search_vector IS NULL"
        ).fetchone()
        if unindexed:
            # A database seeded before articles had a stored search vector.
            log(f"indexing {unindexed:,} articles for search")
            manage(env, "rebuild_search_index")
        # Planner statistics and the visibility map, which autovacuum may never make.
        connection.execute("VACUUM ANALYZE")
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


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped while starting; see {process.args}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout} s")


@contextmanager
def running(command, env, ready_url, log_path):
    """Run command in its own process group until the block ends."""
    with open(log_path, "ab") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(ready_url, process)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def app_server(kind, env, workdir):
    """Run the app as deploy/ does (Granian), or under gunicorn to compare."""
    if kind == "gunicorn":
        command = [
            str(BIN / "gunicorn"),
            "--workers=2",
            f"--bind={HOST}:{PORT}",
            "--preload",
            "newsroom.wsgi",
        ]
    else:
        command = [str(BIN / "granian"), "newsroom.wsgi:application"]
        env = {
            **env,
            **deploy_settings("granian.env"),
            "GRANIAN_HOST": HOST,
            "GRANIAN_PORT": str(PORT),
        }
    return running(command, env, f"{SITE}/bench/floor/", workdir / "server.log")


def deploy_settings(name):
    """Return the variables set in deploy/<name>."""
    lines = (ROOT / "deploy" / name).read_text().splitlines()
    return dict(
        line.split("=", 1) for line in lines if line and not line.startswith("#")
    )


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
    return running(
        command,
        os.environ.copy(),
        f"http://{HOST}:{NGINX_PORT}/bench/floor/",
        workdir / "nginx.log",
    )


def lua(workdir, name, body):
    """Write a wrk script that stops its thread after MAX_REQUESTS answers."""
    path = workdir / f"{name}.lua"
    path.write_text(
        body
        + f"""
local answered = 0
response = function(status, headers, body)
  answered = answered + 1
  if answered >= {MAX_REQUESTS} then wrk.thread:stop() end
end
"""
    )
    return path


def gzip_get(workdir, name):
    return lua(workdir, name, 'wrk.headers["Accept-Encoding"] = "gzip"\n')


def unique_get(workdir, name, path):
    """Ask for path with a new value of a parameter pages don't read: a miss each time.

    The page cache keys on ?q= on every page, so each request renders the page.
    """
    separator = "&" if "?" in path else "?"
    return lua(
        workdir,
        name,
        f"""
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  return wrk.format("GET", "{path}{separator}q=miss-" .. run .. "-" .. n,
    {{["Accept-Encoding"] = "gzip"}})
end
""",
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


def searches(workdir, name, words):
    """Search for a new pair of common headline words each time: a miss each time."""
    listed = ", ".join(f'"{word}"' for word in words)
    return lua(
        workdir,
        name,
        f"""
local words = {{{listed}}}
local n = 0
request = function()
  n = n + 1
  local first = words[(n % #words) + 1]
  local second = words[(math.floor(n / #words) % #words) + 1]
  return wrk.format("GET", "/search/?q=" .. first .. "+" .. second,
    {{["Accept-Encoding"] = "gzip"}})
end
""",
    )


def beacon(workdir, name, slug):
    """Send view beacons from a new reader (User-Agent) each time."""
    return lua(
        workdir,
        name,
        f"""
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  return wrk.format("POST", "/articles/{slug}/view/", {{
    ["Origin"] = "{SITE}",
    ["Sec-Fetch-Site"] = "same-origin",
    ["User-Agent"] = "{BROWSER} r" .. run .. "." .. n,
  }}, "")
end
""",
    )


def signup(workdir, name):
    return lua(
        workdir,
        name,
        f"""
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  return wrk.format("POST", "/newsletter/subscribe/", {{
    ["Origin"] = "{SITE}",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }}, "consent=on&email=reader-" .. run .. "-" .. n .. "%40example.com")
end
""",
    )


def wrk(url, script, duration, connections):
    """Drive url with wrk; return req/s, p50 and p99 in ms, requests and errors."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\b", output, re.M)
        value, unit = float(match[1]), match[2]
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "non_2xx_3xx": int(bad_status[1]) if bad_status else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def measure(name, url, script, args, results):
    # A short warm-up first: imports, connections and the page cache settle.
    wrk(url, script, 2, args.connections)
    result = wrk(url, script, args.duration, args.connections)
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
        floor = gzip_get(workdir, "floor")
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
                script = unique_get(workdir, name, path)
                measure(name, SITE + path, script, args, results)
        if "search_miss" in scenarios:
            script = searches(workdir, "search_miss", search_words(url))
            measure("search_miss", f"{SITE}/search/", script, args, results)
        if "beacon_direct" in scenarios:
            script = beacon(workdir, "beacon_direct", article)
            before = beacon_outcomes(url)
            measure("beacon_direct", SITE + article_path, script, args, results)
            results["_beacon_direct_outcomes"] = beacon_outcomes(url) - before
        if "signup" in scenarios:
            script = signup(workdir, "signup")
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
            script = beacon(workdir, "beacon_buffered", article)
            before = beacon_outcomes(url)
            measure("beacon_buffered", SITE + article_path, script, args, results)
            manage(env, "flush_views", stdout=subprocess.DEVNULL)
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


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with psycopg.connect(f"{DATABASE_SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpu": f"{os.cpu_count()} × {cpu}",
        "postgres": postgres,
        "load": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }


def row(name, result, floor, target=None):
    ratio = result["rps"] / floor
    errors = result["non_2xx_3xx"] + result["socket_errors"]
    cells = [
        name,
        f"{result['rps']:,.0f}",
        f"{result['p50']:.1f}",
        f"{result['p99']:.1f}",
        str(errors),
        f"{ratio:.2f}",
    ]
    if target is not None:
        cells.append(target)
    return "| " + " | ".join(cells) + " |"


LABELS = {
    "floor": "floor (bare view, 40 KB template)",
    "article_hit": "article, page-cache hit",
    "article_miss": "article, miss",
    "home_miss": "home, miss",
    "category_first_miss": "category page 1, miss",
    "category_deep_miss": "category page {deep}, miss",
    "search_miss": "search for two common headline words, miss",
    "beacon_direct": "beacon, counted, direct to the database",
    "beacon_buffered": "beacon, counted, buffered in Redis",
    "signup": "newsletter signup",
    "edit_storm": "article while an editor saves every second",
    "nginx_article": "article through nginx's micro-cache",
    "nginx_static": "static file from nginx",
}


def site_report(results, size, info, args):
    floor = results["floor"]["rps"]
    lines = [
        f"Run {info['date']} at commit `{info['commit']}`: {size:,} articles, "
        f"{args.server} with 2 workers, PostgreSQL {info['postgres']}, Redis, "
        f"wrk with {args.connections} connections for {args.duration} s a scenario, "
        f"on {info['cpu']} (load average {info['load']} at the end; other work "
        "shared the machine).",
        "",
        "| scenario | req/s | p50 ms | p99 ms | errors | × floor | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, label in LABELS.items():
        if name not in results:
            continue
        target = TARGETS.get(name, ("", None))[0]
        if name == "edit_storm":
            hit = results["article_hit"]["rps"]
            target = (
                f"≥ 0.8 × article hit: {results[name]['rps'] / hit:.2f} "
                f"({results['_edit_storm_saves']} saves)"
            )
        if name.startswith("beacon_"):
            outcomes = results[f"_{name}_outcomes"]
            counted = outcomes["counted"] / max(1, outcomes.total())
            target = f"{target} ({counted:.0%} of beacons counted)"
        if name == "search_miss" and "article_miss" in results:
            miss = results["article_miss"]["rps"]
            target = f"≥ 0.5 × article miss: {results[name]['rps'] / miss:.2f}"
        if name == "nginx_article":
            static = results["nginx_static"]["rps"]
            target = f"≥ 0.3 × nginx static: {results[name]['rps'] / static:.2f}"
        label = label.format(deep=results["_deep_page"])
        lines.append(row(label, results[name], floor, target))
    return "\n".join(lines)


def scale_report(by_size, info, args):
    small, large = SCALE_SIZES
    lines = [
        f"Run {info['date']} at commit `{info['commit']}`, {args.server} with 2 "
        f"workers, wrk {args.duration} s a scenario, on {info['cpu']}. Ratios are to "
        "the floor measured with each size.",
        "",
        f"| scenario | × floor at {small:,} | × floor at {large:,} | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in MISS_SCENARIOS:
        ratios = [
            by_size[size][name]["rps"] / by_size[size]["floor"]["rps"]
            for size in SCALE_SIZES
        ]
        label = LABELS[name].format(deep="50 (or last)")
        change = (ratios[1] - ratios[0]) / ratios[0] * 100
        lines.append(
            f"| {label} | {ratios[0]:.2f} | {ratios[1]:.2f} | {change:+.0f}% |"
        )
    return "\n".join(lines)


def write_section(marker, text):
    """Replace the text between marker's comment lines in BENCHMARKS.md."""
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    report = REPORT.read_text()
    before, _, rest = report.partition(start)
    _, _, after = rest.partition(end)
    REPORT.write_text(f"{before}{start}\n{text}\n{end}{after}")


def main():
    args = parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        sys.exit("make bench needs wrk and nginx: apt-get install wrk nginx")
    env = site_env(f"{DATABASE_SERVER}/postgres", "bench-setup")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    info = machine()
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        workdir = Path(folder)
        if args.scale:
            by_size = {}
            for size in SCALE_SIZES:
                log(f"misses at {size:,} articles")
                by_size[size] = run_site(args, size, MISS_SCENARIOS, workdir)
            info["load"] = " ".join(f"{n:.2f}" for n in os.getloadavg())
            text = scale_report(by_size, info, args)
            marker = "bench:scale"
        else:
            scenarios = set(args.only.split(",")) if args.only else set(LABELS)
            # Those two are reported as ratios to these.
            if "nginx_article" in scenarios:
                scenarios.add("nginx_static")
            if "edit_storm" in scenarios:
                scenarios.add("article_hit")
            results = run_site(args, args.articles, scenarios, workdir)
            info["load"] = " ".join(f"{n:.2f}" for n in os.getloadavg())
            text = site_report(results, args.articles, info, args)
            marker = "bench:site"
    print(text)
    if not args.no_report:
        write_section(marker, text)
        log(f"wrote {REPORT.name}")


if __name__ == "__main__":
    main()
