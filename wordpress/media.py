"""Store images from a copy of wp-content/uploads through the site's image checks."""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from common.images import normalised_image, validate_image_file

from .models import ImportedFile

UPLOADS = "/wp-content/uploads/"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# WordPress's resized copies ("photo-300x200.jpg") sit beside the original.
RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")


def uploads_path(url):
    """Return the path of url below wp-content/uploads, or None if it is elsewhere."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    start = path.find(UPLOADS)
    if start == -1:
        return None
    return path[start + len(UPLOADS) :] or None


class MediaStore:
    """Images found under media_dir, stored once under wordpress/<site>/ in storage.

    Each stored image, hero or in a body, is handed to library for its picture.
    """

    def __init__(self, *, site, media_dir, dry_run, report, library):
        self.site = site
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.report = report
        self.library = library
        self.prefix = "wordpress/" + re.sub(r"[^\w.-]+", "-", site).strip("-")

    def url(self, address, alt=""):
        """Return the stored copy's URL for an uploads image address, or None."""
        path = uploads_path(address)
        if path is None or PurePosixPath(path).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        name = self.store(path, alt=alt)
        return default_storage.url(name) if name else None

    def store(self, path, *, alt=""):
        """Return the storage name of uploads file path, storing it if needed.

        alt describes the image where the export's attachment for it does not.
        """
        source = self.find(path)
        if source is None:
            return None
        stat = source.stat()
        known = ImportedFile.objects.filter(site=self.site, source_path=path).first()
        if known and (known.size, known.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            name = known.stored_name
        else:
            name = self.save(path, source)
            if name is None:
                return None
            if not self.dry_run:
                known, _ = ImportedFile.objects.update_or_create(
                    site=self.site,
                    source_path=path,
                    defaults={
                        "size": stat.st_size,
                        "mtime_ns": stat.st_mtime_ns,
                        "stored_name": name,
                    },
                )
        self.library.add(known, name, path, alt)
        return name

    def save(self, path, source):
        """Return the storage name for source, saved unless this is a dry run."""
        with source.open("rb") as handle:
            image = File(handle, name=source.name)
            try:
                validate_image_file(image)
            except ValidationError as error:
                self.report.warn(f"Image {path} refused: {error.messages[0]}")
                return None
            normalised = normalised_image(image)
        name = str(PurePosixPath(self.prefix, path).with_name(normalised.name))
        if self.dry_run:
            return name
        # Same name every run, so bodies that point at it stay unchanged.
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, normalised)

    def find(self, path):
        if self.media_dir is None:
            self.report.missing(path, "no --media-dir given")
            return None
        for candidate in (path, RESIZED.sub("", path)):
            source = (self.media_dir / candidate).resolve()
            if not source.is_relative_to(self.media_dir):
                self.report.warn(f"Image {path} points outside the media folder")
                return None
            if source.is_file():
                return source
        self.report.missing(path, "not in the media folder")
        return None
