"""Settings for Newsroom, read from the environment with safe embedded defaults.

With nothing set the site runs on SQLite, a local-memory cache, media on disk and
e-mail printed to the console. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS, EMAIL_URL and (optionally) S3 media storage; see README.md.
"""

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
            "random string in production, or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Newsroom")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The search vector field and its checks (articles.search_index).
    "django.contrib.postgres",
    "taggit",
    "imagekit",
    "django_prose_editor",
    "simple_history",
    "anymail",
    "django_tasks_db",
    "axes",
    "common",
    "imagelibrary",
    "authors",
    "articles",
    "readership",
    "newsletter",
    "demo",
    "wordpress",
]

MIDDLEWARE = [
    # First: load balancers ask by address over HTTP, which later checks refuse.
    "newsroom.security.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so every answer, cached or not, gets its own headers.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.security.HardeningMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the session and CSRF middleware, so it sees their Vary and cookies.
    "newsroom.middleware.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wordpress.middleware.LegacyRedirectMiddleware",  # above the page cache: ?p=<id>
    # After authentication, so logged-in users bypass the page cache.
    "newsroom.middleware.FetchPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or client is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that is down, slow or locked must not hold a web worker past the
    # proxy's patience: a statement gives up after DATABASE_STATEMENT_TIMEOUT
    # seconds, and a wait for a lock (a migration, a long transaction) sooner.
    # Management commands and the task worker (manage.py db_worker) run long
    # migrations, imports and sends, so they get longer.
    RUNNING_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != [
        "runserver"
    ]
    if RUNNING_COMMAND:
        statement_timeout = env.int("DATABASE_COMMAND_STATEMENT_TIMEOUT", default=600)
        lock_timeout = 60
    else:
        statement_timeout = env.int("DATABASE_STATEMENT_TIMEOUT", default=3)
        lock_timeout = 1
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2)
    )
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        f"-c statement_timeout={statement_timeout * 1000} "
        f"-c lock_timeout={min(lock_timeout, statement_timeout) * 1000}",
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache with short socket timeouts, except that a Redis
            # that fails or hangs reads as an empty cache (counters kept in the
            # process) and is left alone a few seconds instead of failing pages.
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="newsroom"),
        }
    }
else:
    # Django's default of 300 entries is too few once pages, view dedup keys and rate
    # limits share the cache: evicted dedup keys would count a reader twice.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous reader pages are public for this long, in the site's cache and in any CDN
# or browser; edits retire the site's cached copies at once (articles.content_version).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# How long past that a stale copy is still served: while one request renders the
# new copy (stale-while-revalidate), or when rendering fails (stale-if-error).
PAGE_STALE_SECONDS = env.int("PAGE_STALE_SECONDS", default=300)
# `make bench` only: serve /bench/floor/, the bare view every figure is compared to.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

# View counting (readership.counting): one view per reader per article in this many
# seconds; at most VIEW_RATE_LIMIT beacons a minute from one client (an IPv4 address
# or IPv6 /64) and VIEW_RATE_LIMIT_PER_NETWORK from its network (IPv4 /24); at most
# VIEW_CAP_PER_ARTICLE_NETWORK views of one article an hour counted from a network.
VIEW_DEDUP_SECONDS = env.int("VIEW_DEDUP_SECONDS", default=1800)
VIEW_RATE_LIMIT = env.int("VIEW_RATE_LIMIT", default=120)
VIEW_RATE_LIMIT_PER_NETWORK = env.int("VIEW_RATE_LIMIT_PER_NETWORK", default=600)
VIEW_CAP_PER_ARTICLE_NETWORK = env.int("VIEW_CAP_PER_ARTICLE_NETWORK", default=30)
# VIEW_BUFFER=redis, the default with REDIS_URL, adds views up in Redis for the
# worker's `manage.py flush_views --every N` to write in batches; VIEW_BUFFER=off,
# the default without Redis, writes each view to the database at once.
VIEW_BUFFER = env.str("VIEW_BUFFER", default="redis" if REDIS_URL else "off")
if VIEW_BUFFER not in ("off", "redis"):
    raise ImproperlyConfigured('VIEW_BUFFER must be "redis" or "off".')
if VIEW_BUFFER == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("VIEW_BUFFER=redis needs REDIS_URL.")
VIEW_BUFFER_KEY = env.str("VIEW_BUFFER_KEY", default="newsroom:views")
# Feeds carry each article's full text (content:encoded, Atom content); 0 sends only
# the standfirst, for sites that want readers on the page.
FEED_FULL_CONTENT = env.bool("FEED_FULL_CONTENT", default=True)

# Searches a minute from one client (an IPv6 /64) that the page cache could not
# answer; more get 429 Too Many Requests.
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=30)

# How long a "most viewed" or "trending" list is reused before it is ranked again.
POPULARITY_CACHE_SECONDS = env.int("POPULARITY_CACHE_SECONDS", default=60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible media storage through django-storages; credentials come from the
    # standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables. Media are news
    # pictures, public anyway, so they are linked without signatures: a signed URL
    # changes with every render, which defeats browser and CDN caching. Objects are
    # written public-read; AWS_DEFAULT_ACL="" writes none, for buckets that refuse
    # ACLs and grant reads by bucket policy instead (README.md).
    default_storage = {
        "BACKEND": "common.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": env.str("AWS_DEFAULT_ACL", default="public-read") or None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Hashed names that browsers and nginx keep for good, gzipped once at
        # collectstatic rather than per request.
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# EMAIL_URL such as smtp+tls://user:password@smtp.example.com:587 picks the SMTP
# server; unset, e-mail is printed to the console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {key: value for key, value in _smtp_options.items() if value}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
# An e-mail service with bounce and complaint webhooks goes through django-anymail:
# EMAIL_SERVICE_BACKEND names its backend (anymail.backends.postmark.EmailBackend,
# ...), and each ANYMAIL_* variable (ANYMAIL_POSTMARK_SERVER_TOKEN,
# ANYMAIL_WEBHOOK_SECRET) becomes an ANYMAIL setting. Webhooks are served under
# /newsletter/esp/ only when ANYMAIL_WEBHOOK_SECRET is set.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
if EMAIL_SERVICE_BACKEND := env.str("EMAIL_SERVICE_BACKEND", default=""):
    MAILERS["default"] = {"BACKEND": EMAIL_SERVICE_BACKEND}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Newsroom <news@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (newsletter e-mail) runs in-process by default; TASKS_BACKEND=database
# queues it in the database for `manage.py db_worker` (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env.str("TASKS_BACKEND", default="immediate") == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# The header holding the client's address when a proxy sits in front (for example
# HTTP_X_REAL_IP); empty means REMOTE_ADDR.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")

# Newsletter signups allowed per fixed window, from one client and for one address.
NEWSLETTER_SIGNUPS_PER_CLIENT = env.int("NEWSLETTER_SIGNUPS_PER_CLIENT", default=10)
NEWSLETTER_SIGNUPS_PER_ADDRESS = env.int("NEWSLETTER_SIGNUPS_PER_ADDRESS", default=3)
NEWSLETTER_RATE_WINDOW = env.int("NEWSLETTER_RATE_WINDOW", default=3600)
# Digest e-mails sent over one mail connection, and per task.
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
# A recipient's server that answers "try later" (4xx) is tried again after
# NEWSLETTER_RETRY_SECONDS, then four times longer each time, up to
# NEWSLETTER_SEND_ATTEMPTS tries in all, by a task worker that can run work later.
NEWSLETTER_SEND_ATTEMPTS = env.int("NEWSLETTER_SEND_ATTEMPTS", default=4)
NEWSLETTER_RETRY_SECONDS = env.int("NEWSLETTER_RETRY_SECONDS", default=300)

# Security: strict by default whenever DEBUG is off; each can be relaxed from the
# environment (for example behind a TLS-terminating proxy that already redirects).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("SECURE_PROXY_SSL", default=False)
    else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Uploaded files stream to disk past this size; DATA_UPLOAD_MAX_MEMORY_SIZE keeps
# Django's 2.5 MB default, as files do not count towards it and no form needs more.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content-Security-Policy (Django's own middleware): scripts only from the site and
# with the request's nonce, nothing embedded, no page framed. Styles may be inline
# (the admin's and the e-mail previews' style attributes); images may come from
# the media bucket or CDN, whose host is configurable.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:", *(["http:"] if DEBUG else [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for
# one account, or from one client address, further attempts are refused for
# AXES_COOLOFF_HOURS. Failures are kept in the database, shared by every server.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
AXES_VERBOSE = False
# The admin's address; a less obvious one keeps most password guessing away.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

TAGGIT_CASE_INSENSITIVE = True

# Renditions are generated when the source image is saved, and their URLs are
# computed without touching storage, so pages never generate or stat images.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# The editor's desk: how often the article form saves unsaved work for its editor,
# and whether article bodies may show images from other sites (off: only images
# uploaded to this site's media, which cannot vanish or track readers).
ARTICLE_AUTOSAVE_SECONDS = env.int("ARTICLE_AUTOSAVE_SECONDS", default=30)
BODY_EXTERNAL_IMAGES = env.bool("BODY_EXTERNAL_IMAGES", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
