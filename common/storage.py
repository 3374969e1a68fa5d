"""Media in an S3-compatible bucket, with cache headers that suit each kind of file."""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# A rendition's name hashes its source's name and spec, and sources are never
# overwritten, so a rendition's bytes never change under its URL.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
# An original keeps its URL for life too, but an editor may delete it (or legal may
# ask for it to go), so caches should drop it within a day.
ORIGINAL_CACHE_CONTROL = "public, max-age=86400"


class MediaStorage(S3Storage):
    _unsigned_url_prefix = None

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        rendition = name.startswith(f"{settings.IMAGEKIT_CACHEFILE_DIR}/")
        parameters.setdefault(
            "CacheControl",
            RENDITION_CACHE_CONTROL if rendition else ORIGINAL_CACHE_CONTROL,
        )
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.custom_domain or self.querystring_auth or parameters or http_method:
            return super().url(name, parameters, expire, http_method)
        # An unsigned link is the bucket's address and the quoted key, but botocore
        # takes ~150 µs to build one and a page links a couple of hundred, so the
        # address is built once; the key is quoted as botocore quotes it.
        if self._unsigned_url_prefix is None:
            self._unsigned_url_prefix = super().url("_").removesuffix("_")
        key = self._normalize_name(clean_name(name))
        return self._unsigned_url_prefix + quote(key, safe="/~")
