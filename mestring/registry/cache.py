"""Answers of public registry reads, kept in each server process until the registry changes.

Every key carries the registry's data version (`DataVersion.token`, changed by database triggers
on any write to the registry tables, committed together with the write). One cheap query per
request reads it; an answer computed under an older version is never served again. The cache
lives in process memory (an LRU bounded by count and bytes): no pickling or file I/O on a hit.
Finished answers (API JSON, whole finder pages) are also put in Django's shared cache, so a query
is computed once for all server processes rather than once in each.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
import hashlib
from typing import TypeVar

from django.core.cache import cache as shared_cache
from django.db import connection
from django.http import HttpResponse

from mestring.core import shared_pages

T = TypeVar("T")
MAX_ITEMS = 4000
MAX_BYTES = 64 * 1024 * 1024
SHARED_TIMEOUT = 3600  # entries of an old version are never read again; this only frees the space


# While one page is rendered its parts use the version read at the start: one query, one consistent page.
pinned_version: ContextVar[int | None] = ContextVar("pinned_registry_version", default=None)


def data_version() -> int | None:
    """The registry's current version token; None (cache off) if the row is gone, e.g. after a test flush."""
    pinned = pinned_version.get()
    if pinned is not None:
        return pinned
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM registry_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def one_version_change() -> Iterator[None]:
    """Around a bulk write inside a transaction: the version changes once, not once per row.

    SQLite's version triggers fire per row (half a million times in a large import), so they are
    dropped, the write runs, and they are re-created from their own stored SQL. SQLite's DDL is
    transactional: other connections never see the triggers gone, and if the write fails the
    rollback brings them back. PostgreSQL's triggers fire once per statement and are left alone.
    """
    if connection.vendor != "sqlite":
        yield
        return
    assert connection.in_atomic_block, "one_version_change() needs a transaction"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_dv\\_%' ESCAPE '\\'")
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, sql in triggers:
            cursor.execute(sql)
        cursor.execute("INSERT INTO registry_dataversion (id, token) VALUES (1, random()) "
                       "ON CONFLICT(id) DO UPDATE SET token = excluded.token")


class LocalCache:
    """A thread-safe LRU of values, each with a size, bounded by item count and total size."""

    def __init__(self, max_items: int = MAX_ITEMS, max_bytes: int = MAX_BYTES):
        self.max_items, self.max_bytes = max_items, max_bytes
        self.items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found[0] if found else None

    def put(self, key: Hashable, value: object, size: int) -> None:
        with self.lock:
            if key in self.items:
                self.size -= self.items.pop(key)[1]
            self.items[key] = (value, size)
            self.size += size
            while self.items and (len(self.items) > self.max_items or self.size > self.max_bytes):
                self.size -= self.items.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


answers = LocalCache()


def remember(key: Hashable, compute: Callable[[], T], size: Callable[[T], int] = lambda value: 1000) -> T:
    """`compute()` once per data version and key; the value must not be changed by callers."""
    version = data_version()
    if version is None:
        return compute()
    full_key = (version, key)
    value = answers.get(full_key)
    if value is None:
        value = compute()
        answers.put(full_key, value, size(value))
    return value


def shared_key(full_key: tuple) -> str:
    """The shared cache's key for a local one; keys are tuples of str, int, bool and dates (stable repr)."""
    return "registry:" + hashlib.blake2s(repr(full_key).encode(), digest_size=16).hexdigest()


def remember_bytes(key: Hashable, compute: Callable[[], bytes]) -> bytes:
    """Like `remember` for a finished answer, looked up in the shared cache before it is computed."""
    version = data_version()
    if version is None:
        return compute()
    full_key = (version, key)
    body = answers.get(full_key)
    if body is None:
        body = shared_cache.get(shared_key(full_key))
        if body is None:
            body = compute()
            shared_cache.set(shared_key(full_key), body, timeout=SHARED_TIMEOUT)
        answers.put(full_key, body, len(body))
    return body


def public_page(request, key: Hashable, render: Callable[[dict], HttpResponse]) -> HttpResponse:
    """A page that looks the same to every anonymous visitor, rendered once per data version and key
    for all processes (see core.shared_pages); signed-in visitors get their own rendering."""
    if not shared_pages.shareable(request):
        return render({})
    version = data_version()
    if version is None:
        return render({})
    full_key = (version, "page", key)
    body = answers.get(full_key)
    if body is None:
        body = shared_cache.get(shared_key(full_key))
        if body is None:
            pin = pinned_version.set(version)
            try:
                response, body = shared_pages.render_shared(render)
            finally:
                pinned_version.reset(pin)
            if body is None:  # errors are not kept
                return shared_pages.for_visitor(request, response.content, response)
            shared_cache.set(shared_key(full_key), body, timeout=SHARED_TIMEOUT)
        answers.put(full_key, body, len(body))
    return shared_pages.for_visitor(request, body)
