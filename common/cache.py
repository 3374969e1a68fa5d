"""A Redis cache that keeps the site up when Redis is down."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)


def answer_when_down(method, fallback):
    """Wrap a cache call to log a Redis failure and return fallback's answer instead."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable for %s: %s", method.__name__, error)
            return fallback(*args, **kwargs)

    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    """Answer as an empty cache that keeps nothing while Redis cannot be reached.

    Pages then render from the database and no cache error reaches a view.
    """

    # As if each key were new: dedup and rate limits let requests through, so views
    # are still counted and signups still answered while Redis is away.
    add = answer_when_down(RedisCacheClient.add, lambda key, value, timeout: True)
    get = answer_when_down(RedisCacheClient.get, lambda key, default: default)
    set = answer_when_down(RedisCacheClient.set, lambda key, value, timeout: None)
    touch = answer_when_down(RedisCacheClient.touch, lambda key, timeout: False)
    delete = answer_when_down(RedisCacheClient.delete, lambda key: False)
    get_many = answer_when_down(RedisCacheClient.get_many, lambda keys: {})
    has_key = answer_when_down(RedisCacheClient.has_key, lambda key: False)
    incr = answer_when_down(RedisCacheClient.incr, lambda key, delta: delta)
    set_many = answer_when_down(RedisCacheClient.set_many, lambda data, timeout: [])
    delete_many = answer_when_down(RedisCacheClient.delete_many, lambda keys: None)
    clear = answer_when_down(RedisCacheClient.clear, lambda: False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
