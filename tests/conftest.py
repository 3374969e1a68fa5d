import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    SubscriberFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Hash passwords with MD5: PBKDF2 is slow on purpose and was half the run."""
    # Session-wide rather than through the `settings` fixture, so that users built
    # by module-scoped fixtures, and factory-boy's Password, hash with it too.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Keep uploads and renditions out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
