"""Write make bench's results as the tables of BENCHMARKS.md."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from benchmarks.harness import ROOT

REPORT = ROOT / "BENCHMARKS.md"
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


def machine(database_server):
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
    with psycopg.connect(f"{database_server}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpu": f"{os.cpu_count()} × {cpu}",
        "postgres": postgres,
        "load": load_average(),
    }


def load_average():
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


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
    """Compare the misses at two archive sizes, by_size's first and second."""
    small, large = by_size
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
            for size in (small, large)
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
