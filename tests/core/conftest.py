"""A stand-in for Redis, shared by the tests of what workers keep in process."""

import pytest

from portal.core import cache


class FakeRedis:
    """Just what portal.core.cache uses of a Redis client, counting the reads."""

    def __init__(self):
        self.values: dict[str, int] = {}
        self.reads = 0

    def mget(self, keys):
        self.reads += 1
        return [self.values.get(key) for key in keys]

    def incr(self, key):
        self.values[key] = self.values.get(key, 0) + 1

    def pipeline(self):
        return self

    def execute(self):
        return []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def shared(app, monkeypatch):
    fake = FakeRedis()
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://fake")
    monkeypatch.setitem(cache._clients, "redis://fake", fake)
    return fake
