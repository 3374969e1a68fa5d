import pytest

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory


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
