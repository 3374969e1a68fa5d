"""Time import_wordpress on a generated export, and its peak memory, run twice.

Writes an export of --posts posts to --workdir, each with a featured image and an
in-body image in a media folder that adds up to --media-mb megabytes, then runs the
command twice against a throwaway database (SQLite in the work folder, or
--database-url naming a PostgreSQL database with "bench" in its name) and prints
the wall time and the command's peak RSS for each run.

    .venv/bin/python benchmarks/wordpress_import.py
    .venv/bin/python benchmarks/wordpress_import.py --posts 500 --media-mb 75
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.wordpress.wxr import (  # noqa: E402
    FOOTER,
    SITE,
    attachment,
    author,
    category,
    header,
    item,
    tag,
)

PARAGRAPH = (
    "Chip makers shipped more wafers this quarter than in any before it, and the "
    "people who build the machines that make them say demand will hold.\n"
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--media-mb", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wordpress-bench"))
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def noise_jpeg(target_bytes):
    """Return JPEG bytes of a noisy picture close to target_bytes long."""
    width = 320
    while True:
        image = Image.effect_noise((width, width * 9 // 16), 40).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=60)
        if buffer.tell() >= target_bytes or width > 4000:
            return buffer.getvalue()
        width = int(width * (target_bytes / buffer.tell()) ** 0.5) + 8


def write_media(media, posts, media_mb):
    per_post = media_mb * 1024 * 1024 // posts
    hero, inline = noise_jpeg(per_post * 2 // 3), noise_jpeg(per_post // 3)
    total = 0
    for number in range(posts):
        folder = media / f"20{10 + number % 15}" / f"{number % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        # A different trailing comment per file: different files, same picture.
        (folder / f"hero-{number}.jpg").write_bytes(hero + b"%d" % number)
        (folder / f"inline-{number}.jpg").write_bytes(inline + b"%d" % number)
        total += len(hero) + len(inline)
    return total


def write_export(path, posts):
    with open(path, "w", encoding="utf-8") as out:
        out.write(header())
        for number in range(20):
            out.write(
                author(f"writer{number}", f"Writer {number}", bio="Covers chips.")
            )
        for number in range(12):
            out.write(category(number + 2, f"section-{number}", f"Section {number}"))
        for number in range(200):
            out.write(tag(number + 100, f"topic-{number}", f"Topic {number}"))
        for number in range(posts):
            post_id = 10_000 + number
            date = f"20{10 + number % 15}-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
            folder = f"20{10 + number % 15}/{number % 12 + 1:02d}"
            out.write(
                attachment(
                    post_id + 500_000,
                    f"{folder}/hero-{number}.jpg",
                    parent=post_id,
                    alt=f"Hero {number}",
                )
            )
            inline = f"{SITE}/wp-content/uploads/{folder}/inline-{number}.jpg"
            following = f"{SITE}/?p={10_000 + (number + 1) % posts}"
            body = PARAGRAPH * 12 + (
                f'\n<img src="{inline}">\n\n'
                f'See <a href="{following}">the next one</a>. '
                '[caption id="x"]<img src="missing.jpg"> A caption[/caption] '
                '[ad slot="1"]\n'
            )
            out.write(
                item(
                    post_id,
                    title=f"Story {number}",
                    slug=f"story-{number}",
                    date=f"{date} 10:00:00",
                    date_gmt=f"{date} 09:00:00",
                    creator=f"writer{number % 20}",
                    content=body,
                    excerpt="The short of it.",
                    categories=[(f"section-{number % 12}", f"Section {number % 12}")],
                    tags=[(f"topic-{number % 200}", f"Topic {number % 200}")],
                    meta={
                        "_thumbnail_id": str(post_id + 500_000),
                        "post_views_count": str(number),
                    },
                    comments=number % 3,
                )
            )
        out.write(FOOTER)


def run(command, env):
    """Run command; return its seconds, peak RSS in MiB and standard output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output = process.stdout.read()
    # wait4 gives this child's own resource use, not all children's together.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def main():
    args = parse_args()
    if args.database_url and "bench" not in args.database_url.rsplit("/", 1)[-1]:
        sys.exit("Refusing: the benchmark database's name must contain 'bench'.")
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    media, export = args.workdir / "uploads", args.workdir / "export.xml"
    media_bytes = write_media(media, args.posts, args.media_mb)
    write_export(export, args.posts)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url
        or f"sqlite:///{args.workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(args.workdir / "media"),
        "SECRET_KEY": "benchmark-only",
        "DEBUG": "0",
    }
    python = [sys.executable, "manage.py"]
    run([*python, "migrate", "-v0"], env)
    if args.database_url:
        run([*python, "flush", "--no-input"], env)
    print(
        f"{args.posts} posts, export {export.stat().st_size / 2**20:.1f} MiB, "
        f"media {media_bytes / 2**20:.0f} MiB in {2 * args.posts} files"
    )
    command = [*python, "import_wordpress", str(export), "--media-dir", str(media)]
    for label in ("first run", "second run"):
        seconds, peak, output = run(command, env)
        print(f"{label}: {seconds:.1f} s, peak RSS {peak:.0f} MiB")
        print("  " + "\n  ".join(output.splitlines()[1:6]))


if __name__ == "__main__":
    main()
