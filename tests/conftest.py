import os
import uuid
from dataclasses import dataclass

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

from articles.models import Article
from common.cache import local_counters

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    SubscriberFactory,
    UserFactory,
)
from .fixed_site import NOW, SITE_URL
from .processes import free_loopback_port
from .reader_pages import publish_story

# Database 15, not the 0 a development server's REDIS_URL usually names; each test's
# keys also carry a prefix of their own, as other test runs may share the server.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Hash passwords with MD5: PBKDF2 is slow on purpose and was half the run."""
    # Session-wide rather than through the `settings` fixture, so that users built
    # by module-scoped fixtures, and factory-boy's Password, hash with it too.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def fixed_site(settings):
    """Freeze the clock at NOW and serve the site at SITE_URL, so that dates and links
    in feeds, sitemaps and structured data come out exactly."""
    settings.SITE_URL = SITE_URL
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    """Keep the files of data a module builds once in a folder the module shares."""
    media_root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media_root):
        yield media_root


@pytest.fixture(autouse=True)
def media_in_tmp(request, settings, tmp_path):
    """Keep uploads and renditions out of the project's media folder."""
    if "module_media" in request.fixturenames:
        # Data built once for the module refers to files in the module's folder.
        settings.MEDIA_ROOT = request.getfixturevalue("module_media")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def published_story(module_db, module_media):
    """Publish a story once for the module; modules may build another of their own."""
    with module_db():
        return publish_story()


@pytest.fixture
def story(db, published_story):
    """Return the module's published story, a copy of its own for each test."""
    return Article.objects.get(pk=published_story.pk)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Yield a context in which a module-scoped fixture builds rows for tests to read.

    The rows live in a transaction that is rolled back after the module, so other
    modules never see them; each test's own changes roll back to a savepoint within.
    Tests still need `db` to reach the database.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield django_db_blocker.unblock
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class RedisServer:
    url: str
    client: redis.Redis
    prefix: str


@pytest.fixture
def redis_server():
    """Return the real Redis and a key prefix of this test's own; delete its keys after.

    Skips the test where no Redis runs, except in CI, which must have one.
    """
    client = redis.Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        if os.environ.get("CI"):
            pytest.fail(f"Redis must answer at {TEST_REDIS_URL} in CI")
        pytest.skip(f"Redis is not running at {TEST_REDIS_URL}")
    prefix = f"test:{uuid.uuid4().hex}"
    yield RedisServer(url=TEST_REDIS_URL, client=client, prefix=prefix)
    # Never FLUSHDB or cache.clear(): they would wipe other runs' keys too.
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def dead_redis_url():
    """Return the URL of a local port where no Redis listens."""
    return f"redis://127.0.0.1:{free_loopback_port()}/0"


@pytest.fixture
def redis_cache(settings, redis_server):
    """Point the default cache at the real Redis, under this test's key prefix."""
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": redis_server.prefix,
        }
    }


@pytest.fixture
def cache_down(settings, dead_redis_url):
    """Point the default cache at a local port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": dead_redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # What the process kept while "Redis was down" must not leak into other tests.
    local_counters.clear()
    yield
    local_counters.clear()


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def make_category(db):
    return CategoryFactory


@pytest.fixture
def make_author(db):
    return AuthorFactory


@pytest.fixture
def make_article(db):
    return ArticleFactory


@pytest.fixture
def make_subscriber(db):
    return SubscriberFactory


@pytest.fixture
def make_staff(make_user):
    """Return a maker of staff users in a group from the groups migration."""

    def make(group, **kwargs):
        user = make_user(is_staff=True, **kwargs)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("Editors", username="edith")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer(make_staff):
    return make_staff("Writers", username="wanda")
