"""A small scheduler: queue each `settings.PERIODIC_TASKS` job on the tasks queue when it is due.

`PERIODIC_TASKS` is a list of `(dotted path of a django-tasks task taking no arguments, interval as a
datetime.timedelta)`. `mestring worker` calls `enqueue_due()` once a minute beside the task worker;
`mestring run_periodic` does one pass. A job is claimed by a conditional UPDATE of its
`PeriodicTaskState` row (the row lock makes the second of two concurrent workers update nothing),
and queued in the same transaction, so a job is queued once per interval however many workers run.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from mestring.core.models import PeriodicTaskState

log = logging.getLogger(__name__)


def configured() -> list[tuple[str, dt.timedelta]]:
    return [(path, interval) for path, interval in getattr(settings, "PERIODIC_TASKS", [])]


def ensure_row(name: str) -> None:
    """Create the job's row once; a second worker racing to create it hits the unique name and moves on."""
    if PeriodicTaskState.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            PeriodicTaskState.objects.create(name=name)
    except IntegrityError:
        pass


def claim(name: str, interval: dt.timedelta, now: dt.datetime) -> bool:
    """True for exactly one caller per due interval: UPDATE … WHERE last_enqueued is old enough."""
    ensure_row(name)
    due = Q(last_enqueued__isnull=True) | Q(last_enqueued__lte=now - interval)
    return PeriodicTaskState.objects.filter(due, name=name).update(last_enqueued=now) == 1


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Queue every job that is due; returns the dotted paths queued in this pass."""
    now = now or timezone.now()
    queued = []
    for path, interval in configured():
        with transaction.atomic():
            if not claim(path, interval, now):
                continue
            import_string(path).enqueue()  # same transaction: no claim without a queued job
        log.info("periodic job queued: %s", path)
        queued.append(path)
    return queued
