"""Rendition URLs worked out once per source image, not on every page render.

imagekit names a rendition by hashing its spec and its source's name in pure
Python (a pickle per call): an article page asked for about 1,300 of them. The
URLs depend on nothing else, so each source image's set is kept in the process.
"""

import functools
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class Srcsets:
    """A picture's WebP and JPEG srcsets and its fallback src."""

    webp: str
    jpeg: str
    src: str


@functools.lru_cache(maxsize=8192)
def rendition_urls(model, source_field, source_name, specs):
    """Return the URLs of specs (ImageSpecField names) for one source image."""
    instance = model(**{source_field: source_name})
    return tuple(getattr(instance, spec).url for spec in specs)


@receiver(setting_changed)
def forget_urls(setting, **kwargs):
    # Where media live never changes in a running site, but tests move it (a
    # bucket, a temporary folder), and a URL kept from before would point there.
    if setting in {"STORAGES", "MEDIA_URL", "MEDIA_ROOT"}:
        rendition_urls.cache_clear()


def srcsets(instance, source_field, prefix, widths, fallback_width):
    """Return instance's <picture> srcsets from renditions named prefix_<width>.

    Each width has a WebP rendition `<prefix>_<width>` and a JPEG one
    `<prefix>_<width>_jpeg`.
    """
    specs = tuple(f"{prefix}_{width}" for width in widths)
    specs += tuple(f"{spec}_jpeg" for spec in specs)
    urls = rendition_urls(
        type(instance), source_field, getattr(instance, source_field).name, specs
    )
    webp, jpeg = urls[: len(widths)], urls[len(widths) :]
    return Srcsets(
        webp=", ".join(
            f"{url} {width}w" for url, width in zip(webp, widths, strict=True)
        ),
        jpeg=", ".join(
            f"{url} {width}w" for url, width in zip(jpeg, widths, strict=True)
        ),
        src=jpeg[widths.index(fallback_width)],
    )
