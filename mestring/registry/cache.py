"""Answers of public registry reads, kept in each server process until the registry changes.

Every key carries the registry's data version (`DataVersion.token`, changed by database triggers
on any write to the registry tables, committed together with the write). One cheap query per
request reads it; an answer computed under an older version is never served again. The cache
lives in process memory (an LRU bounded by count and bytes): no pickling or file I/O on a hit.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")
MAX_ITEMS = 4000
MAX_BYTES = 64 * 1024 * 1024


def data_version() -> int | None:
    """The registry's current version token; None (cache off) if the row is gone, e.g. after a test flush."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM registry_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


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
