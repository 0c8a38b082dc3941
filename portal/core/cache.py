"""Values kept in process between requests (the working calendar, routing rules, legal periods), dropped on every
worker when what they were built from changes.

Each cache has a version. Without REDIS_URL the version lives in the process only. With REDIS_URL a change also
INCRs `portal:cache:<name>`, and a worker reads every cache's version with one MGET before trusting its copy, at
most once per request and once every SHARED_VERSIONS_MAX_AGE seconds, so a change made on one worker is seen at
once by that worker and within a second by all the others. A request sees one set of versions throughout.

A cache names the models it is built from: flushing a change to one of their rows marks the session, and the
change is announced after that transaction commits. Until then the writing session builds the value afresh each
time (it reads its own uncommitted rows) and stores nothing, so no worker keeps a copy of rows that were never
committed or that other transactions could not yet see. Writes that bypass the ORM session (bulk loads,
migrations) are not seen: restart the workers after them, as after any deployment.
"""

import logging
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import redis
from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db

KEY_PREFIX = "portal:cache:"
_PENDING = "portal_cache_changed"
_ENVIRON_KEY = "portal.cache_versions"
_log = logging.getLogger(__name__)
_registry: dict[str, "Versioned"] = {}
_clients: dict[str, redis.Redis] = {}
# A crowd on a kept public page would otherwise wait on one Redis round trip per visit; a second behind is
# what a reverse proxy's copy would be anyway.
SHARED_VERSIONS_MAX_AGE = 1.0
_last_read: tuple[float, dict[str, int]] | None = None


class Versioned:
    """A name whose version changes, on every worker, when rows of `models` change (or `invalidate` is called)."""

    def __init__(self, name: str, models: Iterable[type] = ()):
        if name in _registry:
            raise ValueError(f"a cache named {name!r} already exists")
        self.name = name
        self.models = tuple(models)
        self._local_version = 0
        _registry[name] = self

    def version(self) -> tuple[int, int] | None:
        """The version a value kept now must carry; None when nothing may be kept or trusted: the current
        transaction changed the rows, or Redis cannot be read."""
        if has_app_context() and self.name in db.session.info.get(_PENDING, ()):
            return None
        shared = _shared_versions()
        if shared is None:
            return None
        return (self._local_version, shared.get(self.name, 0))

    def invalidate(self) -> None:
        """Every worker sees a new version once the current transaction commits (done by itself when rows of
        `models` are flushed; call it for changes the value depends on otherwise)."""
        db.session.info.setdefault(_PENDING, set()).add(self.name)

    def clear(self) -> None:
        """Forget this process's copies (tests, whose transactions are rolled back behind the session's back)."""
        self._local_version += 1


class Cached(Versioned):
    """One cached value per argument tuple, built by `build(*arguments)` from the rows of `models` when missing or
    out of date."""

    def __init__(self, name: str, build: Callable[..., Any], models: Iterable[type] = ()):
        super().__init__(name, models)
        self._build = build
        self._values: dict[tuple[Hashable, ...], tuple[tuple[int, int], Any]] = {}

    def get(self, *arguments: Hashable) -> Any:
        version = self.version()
        if version is None:
            return self._build(*arguments)
        entry = self._values.get(arguments)
        if entry is not None and entry[0] == version:
            return entry[1]
        value = self._build(*arguments)
        self._values[arguments] = (version, value)
        return value

    def clear(self) -> None:
        super().clear()
        self._values.clear()


def clear_all() -> None:
    global _last_read
    _last_read = None
    for cached in _registry.values():
        cached.clear()


def _client() -> redis.Redis | None:
    url = current_app.config.get("REDIS_URL", "") if has_app_context() else ""
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url)
    return _clients[url]


def _shared_versions() -> dict[str, int] | None:
    """The versions every worker agrees on ({} without Redis); None when Redis cannot be read, so nothing is
    trusted or stored until it answers again."""
    client = _client()
    if client is None:
        return {}
    if has_request_context() and _ENVIRON_KEY in request.environ:
        return request.environ[_ENVIRON_KEY]
    global _last_read
    now = time.monotonic()
    if _last_read is not None and 0 <= now - _last_read[0] < SHARED_VERSIONS_MAX_AGE:
        versions = _last_read[1]
    else:
        names = sorted(_registry)
        try:
            values = client.mget([KEY_PREFIX + name for name in names])
        except redis.RedisError:
            _log.exception("cannot read the cache versions from Redis")
            return None
        versions = {name: int(value or 0) for name, value in zip(names, values, strict=True)}
        _last_read = (now, versions)
    if has_request_context():
        request.environ[_ENVIRON_KEY] = versions
    return versions


@event.listens_for(Session, "before_flush")
def _notice_changes(session: Session, flush_context, instances) -> None:
    changed = {type(instance) for instance in (*session.new, *session.dirty, *session.deleted)}
    names = {cached.name for cached in _registry.values() if changed.intersection(cached.models)}
    if names:
        session.info.setdefault(_PENDING, set()).update(names)


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    if session.in_nested_transaction():
        return
    names = session.info.pop(_PENDING, set())
    if not names:
        return
    for name in names:
        _registry[name].clear()
    client = _client()
    if client is None:
        return
    try:
        with client.pipeline() as pipeline:
            for name in sorted(names):
                pipeline.incr(KEY_PREFIX + name)
            pipeline.execute()
    except redis.RedisError:
        _log.exception("cannot tell the other workers that %s changed", ", ".join(sorted(names)))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)
