"""The overview rebuild job's work: fill the public pages' results for the current data version.

`rebuild()` runs in the worker after a change (see `cache.schedule_rebuild`). It fills what the
pages under /oversikt/ ask for without filters, for every reported year and language, so the first
visitor after a change is answered from the cache. It is idempotent: a version already warm is left.
"""
from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils import translation

from mestring.overview import cache, facts, selectors

logger = logging.getLogger(__name__)
CHANGE_YEARS = 5  # the change page shows the last five reported years


def warm_year(year: int) -> None:
    """What the pages ask for one year without filters: every level, dimension and the distances."""
    selectors.services_by_unit(year)
    selectors.report_basis(year)
    for level in selectors.LEVELS:
        selectors.offers_per_10k(year, level)
        selectors.user_participation(year, level=level)
    for dimension in selectors.DIMENSIONS:
        selectors.by_dimension(year, dimension)
    selectors.distance_indicators(year)


def warm() -> None:
    years = selectors.available_years()
    selectors.filter_choices()
    facts.diagnosis_terms()
    for year in years:  # newest first: the year most visitors look at is ready soonest
        warm_year(year)
    if years:
        selectors.change_over_years(sorted(years)[-CHANGE_YEARS:])


def rebuild() -> str:
    """Warm the current version in every language and mark it warm; returns what was done."""
    started = cache.rebuild_started()
    start = time.monotonic()
    with cache.pinned() as current:
        done = cache.fully_warm(current)
        if not done:
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    warm()
    if not done:
        cache.mark_warm(current, complete=True)
        logger.info("overviews rebuilt for version %s in %.1f s", current, time.monotonic() - start)
    cache.rebuild_finished(current, started)
    return "up to date" if done else "rebuilt"
