"""A Redis cache that keeps the site up when Redis is down, slow or hanging."""

import functools
import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)

# After a failure Redis is left alone this long: a Redis that accepts connections
# but never answers would otherwise cost a socket timeout on every cache call.
PAUSE_SECONDS = 5
# Redis answers on a local network within milliseconds; waiting longer only holds
# a worker while every other request piles up behind it.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}

# Counters (dedup and rate-limit keys) kept in this process while Redis is away,
# so limits hold per process instead of letting everything through.
local_counters = LocMemCache(
    "common.cache.local_counters", {"OPTIONS": {"MAX_ENTRIES": 20000}}
)


class CircuitBreaker:
    """Remember, for the whole process, until when a Redis server is left alone."""

    def __init__(self):
        self._lock = threading.Lock()
        self._paused_until = {}

    def is_open(self, server):
        return time.time() < self._paused_until.get(server, 0)

    def trip(self, server):
        with self._lock:
            self._paused_until[server] = time.time() + PAUSE_SECONDS


breaker = CircuitBreaker()


def answer_when_down(method, fallback):
    """Wrap a cache call to answer with fallback while Redis fails or is paused."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if breaker.is_open(self.server):
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "Cache unavailable for %s, pausing Redis for %ss: %s",
                method.__name__,
                PAUSE_SECONDS,
                error,
            )
            breaker.trip(self.server)
            return fallback(*args, **kwargs)

    return wrapper


def local_incr(key, delta):
    local_counters.add(key, 0)
    return local_counters.incr(key, delta)


class ResilientRedisCacheClient(RedisCacheClient):
    """Answer as an empty cache while Redis cannot be reached, except for counters.

    Pages then render from the database and no cache error reaches a view, while
    add(), incr() and get(), which view dedup and rate limits are built on, go on in
    this process's memory: limits degrade to per-process instead of opening up.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **{**DEFAULT_TIMEOUTS, **options})
        self.server = servers[0]

    add = answer_when_down(RedisCacheClient.add, local_counters.add)
    get = answer_when_down(RedisCacheClient.get, local_counters.get)
    set = answer_when_down(RedisCacheClient.set, lambda key, value, timeout: None)
    touch = answer_when_down(RedisCacheClient.touch, lambda key, timeout: False)
    delete = answer_when_down(RedisCacheClient.delete, lambda key: False)
    get_many = answer_when_down(RedisCacheClient.get_many, lambda keys: {})
    has_key = answer_when_down(RedisCacheClient.has_key, lambda key: False)
    incr = answer_when_down(RedisCacheClient.incr, local_incr)
    set_many = answer_when_down(RedisCacheClient.set_many, lambda data, timeout: [])
    delete_many = answer_when_down(RedisCacheClient.delete_many, lambda keys: None)
    clear = answer_when_down(RedisCacheClient.clear, local_counters.clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
