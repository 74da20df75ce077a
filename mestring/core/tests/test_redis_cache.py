"""The Redis cache used in production (CACHE_URL=redis://…) works as Django's and reuses its client."""
import socket
import uuid

import pytest

from mestring.core.redis_cache import SharedClientRedisCache


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_running(), reason="no Redis server on 127.0.0.1:6379")


def test_counts_and_values_work_and_one_client_serves_every_call():
    cache = SharedClientRedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": uuid.uuid4().hex})
    assert cache.add("hits", 0, 60) is True and cache.add("hits", 0, 60) is False
    assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
    cache.set("answer", {"svar": "ja"}, 60)
    assert cache.get("answer") == {"svar": "ja"}
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    cache.delete_many(["hits", "answer"])
    assert cache.get("hits") is None


def test_cache_url_selects_it(monkeypatch, tmp_path):
    from mestring.env import read_cache

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/13")
    assert read_cache(tmp_path)["BACKEND"] == "mestring.core.redis_cache.SharedClientRedisCache"
