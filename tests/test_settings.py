from django.conf import settings

from .processes import json_from_fresh_python

SCRIPT = """
import json
from django.core.exceptions import ImproperlyConfigured
try:
    from newsroom import settings
except ImproperlyConfigured as error:
    print(json.dumps({"error": str(error)}))
else:
    names = [
        "DEBUG", "DATABASES", "CACHES", "MAILERS", "STORAGES", "ALLOWED_HOSTS",
        "VIEW_BUFFER",
    ]
    print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def load_settings(**environ):
    """Import newsroom.settings with only environ set; return the values as a dict."""
    return json_from_fresh_python(SCRIPT, environ)


def test_database_defaults_to_sqlite_in_the_project():
    database = load_settings(DEBUG="1")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(settings.BASE_DIR / "db.sqlite3")


def test_postgres_url_configures_a_persistent_checked_connection():
    database = load_settings(
        DEBUG="1", DATABASE_URL="postgres://news:s3cret@db.internal:6543/newsroom"
    )["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == 6543
    assert database["NAME"] == "newsroom"
    assert database["USER"] == "news"
    assert database["PASSWORD"] == "s3cret"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0


def test_missing_secret_key_in_production_is_a_clear_error():
    for debug in ({}, {"DEBUG": "0"}):
        error = load_settings(**debug)["error"]

        assert "SECRET_KEY is not set" in error
        assert "DEBUG=1" in error


def test_production_settings_load_with_a_secret_key():
    loaded = load_settings(
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example.com"
    )

    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["news.example.com"]


def test_cache_is_local_memory_unless_redis_url_is_set():
    local = load_settings(DEBUG="1")["CACHES"]["default"]
    shared = load_settings(DEBUG="1", REDIS_URL="redis://cache.internal:6379/2")[
        "CACHES"
    ]["default"]

    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shared["BACKEND"] == "common.cache.ResilientRedisCache"
    assert shared["LOCATION"] == "redis://cache.internal:6379/2"


def test_views_are_buffered_by_default_only_with_redis():
    redis_url = "redis://cache.internal:6379/2"

    assert load_settings(DEBUG="1")["VIEW_BUFFER"] == "off"
    assert load_settings(DEBUG="1", REDIS_URL=redis_url)["VIEW_BUFFER"] == "redis"
    assert (
        load_settings(DEBUG="1", REDIS_URL=redis_url, VIEW_BUFFER="off")["VIEW_BUFFER"]
        == "off"
    )
    assert "needs REDIS_URL" in load_settings(DEBUG="1", VIEW_BUFFER="redis")["error"]


def test_production_static_files_have_hashed_names():
    production = load_settings(SECRET_KEY="x" * 50)["STORAGES"]["staticfiles"]

    assert production["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_email_goes_to_the_console_unless_an_smtp_url_is_set():
    console = load_settings(DEBUG="1")["MAILERS"]["default"]
    smtp = load_settings(
        DEBUG="1", EMAIL_URL="smtp+tls://mailer:pw@smtp.example.com:587"
    )["MAILERS"]["default"]

    assert console["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"]["host"] == "smtp.example.com"
    assert smtp["OPTIONS"]["port"] == 587
    assert smtp["OPTIONS"]["username"] == "mailer"
    assert smtp["OPTIONS"]["use_tls"] is True


def test_media_is_on_disk_unless_an_s3_bucket_is_set():
    disk = load_settings(DEBUG="1")["STORAGES"]["default"]
    s3 = load_settings(
        DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.com",
    )["STORAGES"]["default"]

    assert disk["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s3["BACKEND"] == "common.storage.MediaStorage"
    assert s3["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert s3["OPTIONS"]["endpoint_url"] == "https://s3.example.com"
