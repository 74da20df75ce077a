"""Cached aggregates for the overviews, invalidated by a data version that every relevant write bumps.

The overviews read one version number from the cache and look up results stored under it. A save
or delete of a report, run, offer, service, membership, location or structure row bumps the number
at once (so the same connection sees its own change) and again when the transaction commits (so a
reader in another process that filled the cache from the old, still uncommitted data is not kept).
Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: whoever does them calls `bump()`.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "overview:version"
TIMEOUT = 24 * 3600


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        # A lost version key (eviction, restart) must not bring back old entries: start from the clock.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        value = cache.get(VERSION_KEY, 0)
    return value


def bump() -> None:
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

    for model in watched_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"overview-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"overview-delete-{model._meta.label}")
    for field in ("diagnosis_groups", "target_groups", "locations"):
        through = getattr(CourseOffer, field).through
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"overview-m2m-{field}")
