"""The production cache backend: Django's Redis cache, without its memcached key check."""
from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache


class RedisCache(DjangoRedisCache):
    """Django checks every key against memcached's limits (length, no spaces or control
    characters) to warn about keys that would not port to memcached. Redis takes any key,
    and a cached page's read names eight or so keys: the check was a twentieth of serving
    it. Django's documentation names overriding `validate_key` as the way to drop it."""

    def validate_key(self, key: str) -> None:
        return None
