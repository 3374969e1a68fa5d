"""Copy media files from disk into the bucket that now holds the site's media."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage
from tqdm import tqdm


class Command(BaseCommand):
    help = (
        "Copy media files from MEDIA_ROOT (or --source) into the media bucket "
        "(AWS_STORAGE_BUCKET_NAME) under the same names, originals and renditions "
        "alike. Files already in the bucket with the same size are skipped, so an "
        "interrupted copy resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="The folder to copy from (default: MEDIA_ROOT).",
        )

    def handle(self, *args, source=None, **options):
        if not isinstance(storages["default"], S3Storage):
            raise CommandError(
                "Media are stored on disk. Set AWS_STORAGE_BUCKET_NAME and the other "
                "bucket variables (README.md) before copying media into a bucket."
            )
        default = settings.STORAGES["default"]
        # Same bucket, ACL and cache headers as the site's storage, but keeping each
        # file's name: the database refers to files by these names.
        storage = storages.create_storage(
            {**default, "OPTIONS": {**default["OPTIONS"], "file_overwrite": True}}
        )
        source = source or Path(settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder.")

        # One listing of the bucket instead of a request per file to find what an
        # earlier run copied already.
        in_bucket = {entry.key: entry.size for entry in storage.bucket.objects.all()}
        files = {
            path: path.relative_to(source).as_posix()
            for path in sorted(source.rglob("*"))
            if path.is_file()
        }
        to_copy = [
            path
            for path, name in files.items()
            if in_bucket.get(name) != path.stat().st_size
        ]

        with tqdm(
            total=sum(path.stat().st_size for path in to_copy),
            unit="B",
            unit_scale=True,
            desc="Media",
            file=options.get("stderr") or sys.stderr,
        ) as progress:
            for path in to_copy:
                with path.open("rb") as file:
                    storage.save(files[path], File(file, name=files[path]))
                progress.update(path.stat().st_size)
        self.stdout.write(
            f"Copied {len(to_copy)} files into the bucket; "
            f"skipped {len(files) - len(to_copy)} already there."
        )
