"""Django's Redis cache backend, keeping its client.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every command, and that
constructor (which fills a table of some 170 reply callbacks) costs more CPU than the command:
on a cached page, whose only work is one MGET, it was a quarter of the request. One client per
connection pool does the same (a `redis.Redis` with a pool is safe to share between threads,
and the pool reconnects after gunicorn forks).
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
