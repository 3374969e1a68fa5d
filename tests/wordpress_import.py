"""Run import_wordpress on an export written for the test, with its media folder."""

import io

from django.core.management import call_command
from PIL import Image

from .fixtures.wordpress.wxr import author, export, item


def run_import(tmp_path, xml, *options):
    """Import xml as an export file and return the summary the command printed."""
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    out = io.StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out)
    return out.getvalue()


def uploads(tmp_path, *paths, size=(1200, 700)):
    """Return a media folder holding a real image at each uploads path."""
    root = tmp_path / "uploads"
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (30, 90, 160)).save(root / path, "JPEG")
    return root


def one_post(**fields):
    return export(author("alice", "Alice Writer"), item(1, slug="story", **fields))
