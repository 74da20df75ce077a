"""Cached aggregates for the overviews, invalidated by a data version that every relevant write bumps.

The overviews read one version number from the cache and look up results stored under it. A save
or delete of a report, run, offer, service, membership, location or structure row bumps the number
at once (so the same connection sees its own change) and again when the transaction commits (so a
reader in another process that filled the cache from the old, still uncommitted data is not kept).
Bulk writes send no signals, and a demo or test database can be rebuilt under a cache that lives
on: so the version also carries a fingerprint of the data read in one cheap query (row counts,
highest ids and last-modified times). Only a `QuerySet.update` of figures, which changes none of
these, needs a `bump()` by whoever does it.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "overview:version"
TIMEOUT = 24 * 3600


_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.version = None
    _request.active = True


def _request_finished(**kwargs) -> None:
    _request.version = None
    _request.active = False


def version() -> str:
    """The data version; read once per request (a page asks several selectors), every time elsewhere."""
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = _read_version()
        return _request.version
    return _read_version()


def _read_version() -> str:
    value = cache.get(VERSION_KEY)
    if value is None:
        # A lost version key (eviction, restart) must not bring back old entries: start from the clock.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        value = cache.get(VERSION_KEY, 0)
    return f"{value}-{fingerprint()}"


def fingerprint() -> str:
    """Counts, highest ids and last changes of the tables the overviews read, in one query."""
    from mestring.activity.models import ActivityReport, RunActivity
    from mestring.registry.models import CourseOffer, CourseRun, Location, Service, ServiceMembership

    def t(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)
    parts = [f"(SELECT COUNT(*) FROM {t(m)})" for m in (RunActivity, CourseRun, Location, ServiceMembership)]
    parts += [f"(SELECT MAX(id) FROM {t(m)})" for m in (RunActivity, CourseRun, Location, ServiceMembership)]
    parts += [f"(SELECT MAX(modified) FROM {t(m)})" for m in (ActivityReport, Service, CourseOffer)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.blake2s(repr(row).encode(), digest_size=8).hexdigest()


def bump() -> None:
    _request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def cached(name: str, args: tuple, compute: Callable[[], Any]) -> Any:
    """The result of `compute()` for the current data version, computed at most once per version."""
    # Labels inside results are translated when computed, so the language is part of the key.
    key = f"overview:{version()}:{get_language()}:{name}:{':'.join(str(a) for a in args)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def _changed(**kwargs) -> None:
    bump()
    transaction.on_commit(bump)


def watched_models() -> list:
    from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
    from mestring.registry.models import CourseOffer, CourseRun, Location, Service, ServiceMembership, TaxonomyTerm
    from mestring.structure.models import BorderWeight, Catchment, Population, Unit

    return [RunActivity, ActivityReport, ReportingYear, CourseRun, CourseOffer, Service, ServiceMembership,
            Location, TaxonomyTerm, Unit, Catchment, BorderWeight, Population]


def connect_signals() -> None:
    from mestring.registry.models import CourseOffer

    request_started.connect(_request_started, dispatch_uid="overview-request-started")
    request_finished.connect(_request_finished, dispatch_uid="overview-request-finished")
    for model in watched_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"overview-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"overview-delete-{model._meta.label}")
    for field in ("diagnosis_groups", "target_groups", "locations"):
        through = getattr(CourseOffer, field).through
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"overview-m2m-{field}")
