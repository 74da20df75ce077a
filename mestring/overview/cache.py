"""Cached aggregates for the overviews, invalidated by a data version that every relevant write bumps.

The overviews read one version number from the cache and look up results stored under it. A save
or delete of a report, run, offer, service, membership, location or structure row bumps the number
at once (so the same connection sees its own change) and again when the transaction commits (so a
reader in another process that filled the cache from the old, still uncommitted data is not kept).
Bulk writes send no signals, and a demo or test database can be rebuilt under a cache that lives
on: so the version also carries a fingerprint of the data read in one cheap query (highest ids and
last-modified times). Only a `QuerySet.update` of figures, which changes none of
these, needs a `bump()` by whoever does it.

Precompute: a committed change also queues one `rebuild_overviews` job (`schedule_rebuild`; a burst
of changes queues one job, run after OVERVIEW_REBUILD_DELAY seconds). The job fills the main pages'
results for the new version and records it as "warm". Until it has, `serve()` answers a page from
the last warm version and says so (stale-while-revalidate), but only for OVERVIEW_STALE_SECONDS
after the change: without a worker, a request computes the new figures itself, as before. All of
this lives in Django's cache, which every server process and the worker share.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "overview:version"
WARM_KEY = "overview:warm"          # {"version", "computed"}: the last version whose main pages were filled
PENDING_KEY = "overview:pending"    # time.time() of the first change the job has not warmed yet
QUEUED_KEY = "overview:queued"      # set while a rebuild job is queued and not yet started
TIMEOUT = 24 * 3600
# Raise when the shape of cached results changes, so a deploy never reads entries of the old code.
LAYOUT = 2


class NotWarm(Exception):
    """A result asked for while serving an older version is not in the cache."""


_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.version = None
    _request.active = True
    _request.stale = None


def _request_finished(**kwargs) -> None:
    _request.version = None
    _request.active = False
    _request.stale = None


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
    return f"{LAYOUT}-{value}-{fingerprint()}"


def fingerprint() -> str:
    """Highest ids and last changes of the tables the overviews read, in one query."""
    from mestring.activity.models import ActivityReport, RunActivity
    from mestring.registry.models import CourseOffer, CourseRun, Location, Service, ServiceMembership

    def t(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)
    # Highest ids and change times are index look-ups; row counts would scan 50,000 runs per page.
    # Deletes need no count: QuerySet.delete sends post_delete here (receivers are connected).
    parts = [f"(SELECT MAX(id) FROM {t(m)})" for m in (RunActivity, CourseRun, Location, ServiceMembership)]
    parts += [f"(SELECT MAX(modified) FROM {t(m)})" for m in (ActivityReport, Service, CourseOffer)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.blake2s(repr(row).encode(), digest_size=8).hexdigest()


@contextmanager
def pinned() -> Iterator[str]:
    """Read the data version once for a batch of work outside a request (the rebuild job), so all its
    results go under one version, as a request's do."""
    saved = getattr(_request, "active", False), getattr(_request, "version", None)
    _request.active, _request.version = True, None
    try:
        yield version()
    finally:
        _request.active, _request.version = saved


def bump() -> None:
    _request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def cached(name: str, args: tuple, compute: Callable[[], Any], *, per_language: bool = True) -> Any:
    """The result of `compute()` for the current data version, computed at most once per version.

    Inside `serve()`'s stale scope the result is read from the older warm version, and a missing one
    raises `NotWarm` instead of being computed from data of another version."""
    stale = getattr(_request, "stale", None)
    key = result_key(stale or version(), name, args, per_language)
    value = cache.get(key)
    if value is None:
        if stale:
            raise NotWarm(key)
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def result_key(data_version: str, name: str, args: tuple, per_language: bool) -> str:
    # Labels inside results are translated when computed, so the language is part of their key.
    language = get_language() if per_language else "-"
    return f"overview:{data_version}:{language}:{name}:{':'.join(str(a) for a in args)}"


def is_cached(name: str, args: tuple, *, per_language: bool = True) -> bool:
    """Whether `cached(name, args, …)` would be answered without computing."""
    return cache.get(result_key(version(), name, args, per_language)) is not None


# --- stale-while-revalidate ---------------------------------------------------------------------

@dataclass(frozen=True)
class Served:
    version: str                        # the data version the page was built from
    updating: bool                      # True: older figures, while the worker computes the new ones
    computed: dt.datetime | None        # when the figures shown were computed (older ones only)


def serve(build: Callable[[], Any]) -> tuple[Any, Served]:
    """`build()` from the current data, or from the last warm version while a rebuild is under way."""
    current = version()
    warm = cache.get(WARM_KEY)
    if warm and warm["version"] != current and rebuilding():
        _request.stale = warm["version"]
        try:
            return build(), Served(warm["version"], True, warm["computed"])
        except NotWarm:
            pass  # a page the job does not fill (a rare filter): compute it from the new data
        finally:
            _request.stale = None
    value = build()
    if not rebuilding() and (warm is None or warm["version"] != current):
        mark_warm(current)  # no job under way: what a request computed is the base for stale answers
    return value, Served(current, False, None)


def page_version() -> str:
    """The version a page is served from now: the last warm one (marked old) while a rebuild is under way."""
    current = version()
    warm = cache.get(WARM_KEY)
    if warm and warm["version"] != current and rebuilding():
        return f"old-{warm['version']}"
    return current


def served_version(served: Served) -> str:
    return f"old-{served.version}" if served.updating else served.version


def page_key(request, page_version: str) -> str:
    """Where a whole public page is kept: its version, language and address (hashed: addresses are long)."""
    address = hashlib.blake2s(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"overview:page:{page_version}:{get_language()}:{address}"


def rebuilding() -> bool:
    """A change is waiting for the job, and not for so long that the worker looks absent."""
    since = cache.get(PENDING_KEY)
    return since is not None and time.time() - since < settings.OVERVIEW_STALE_SECONDS


def mark_warm(warmed: str, *, complete: bool = False) -> None:
    """Record `warmed` as the version stale answers come from; `complete` when the job filled every page."""
    cache.set(WARM_KEY, {"version": warmed, "computed": timezone.now(), "complete": complete}, timeout=TIMEOUT)


def fully_warm(candidate: str) -> bool:
    warm = cache.get(WARM_KEY)
    return bool(warm and warm["version"] == candidate and warm.get("complete"))


def schedule_rebuild() -> None:
    """Queue one rebuild for a burst of changes: the first change after a job has started queues the
    next one, run OVERVIEW_REBUILD_DELAY seconds later so the changes of a save or upload come along."""
    from mestring.overview.tasks import rebuild_overviews

    cache.add(PENDING_KEY, time.time(), timeout=TIMEOUT)
    if not cache.add(QUEUED_KEY, True, timeout=settings.OVERVIEW_STALE_SECONDS):
        return
    task = rebuild_overviews
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + dt.timedelta(seconds=settings.OVERVIEW_REBUILD_DELAY))
    task.enqueue()


def rebuild_started() -> float:
    """Changes from now on need another job: this one may have read the version before them."""
    cache.delete(QUEUED_KEY)
    return time.time()


def rebuild_finished(warmed: str, started: float) -> None:
    """The job has warmed `warmed`: changes made while it ran wait for the next job, counted from its start."""
    if version() == warmed:
        cache.delete(PENDING_KEY)
    else:
        cache.set(PENDING_KEY, started, timeout=TIMEOUT)


def _changed(**kwargs) -> None:
    bump()
    transaction.on_commit(bump)
    transaction.on_commit(schedule_rebuild, robust=True)  # a full queue must not fail the saved change


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
