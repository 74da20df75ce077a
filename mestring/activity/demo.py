"""Demo data for `mestring load_demo`: last year's runs for Tromsø's services, and reports for some of them.

The registry's demo runs lie around today; an activity report is usually filled in for last year.
The first Tromsø service has a submitted report and the second a draft, both with participants'
home kommuner, so the adviser's status page shows every status and overviews have numbers.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mestring.activity import selectors, services
from mestring.activity.models import ActivityReport
from mestring.registry.models import CourseRun, Service

DEMO_KOMMUNE = "5501"
HOME_KOMMUNER = [("5501", 6), ("5520", 2), ("5524", 1)]  # Tromsø, Balsfjord, Lyngen


@transaction.atomic
def create_demo_runs() -> int:
    """Two runs last year for the first offer of each Tromsø service that has none then (idempotent)."""
    year = timezone.localdate().year - 1
    created = 0
    for service in _tromso_services():
        offer = service.offers.order_by("pk").first()
        if offer is None or CourseRun.objects.filter(offer__service=service, starts_on__year=year).exists():
            continue
        for month in (3, 9):
            start = dt.date(year, month, 4)
            CourseRun.objects.create(offer=offer, starts_on=start, ends_on=start + dt.timedelta(weeks=3),
                                     schedule="tirsdager kl. 17–19")
            created += 1
    return created


@transaction.atomic
def create_demo_reports(*, user=None) -> int:
    """A submitted report for the first Tromsø service with runs last year, a draft for the second (idempotent)."""
    year = timezone.localdate().year - 1
    if selectors.year_status(year) == "locked":
        return 0  # an adviser has closed the year: the demo leaves it as it is
    known = selectors.kommuner_in(year)
    homes = [(known[code], count) for code, count in HOME_KOMMUNER if code in known]
    candidates = [s for s in _tromso_services() if selectors.runs_held(s, year)][:2]
    created = 0
    for index, service in enumerate(candidates):
        if ActivityReport.objects.filter(service=service, reporting_year__year=year).exists():
            continue
        rows = [(run, _values(run, index, homes)) for run in selectors.runs_held(service, year)]
        services.save_report(service=service, year=year, rows=rows, user=user, submit=index == 0)
        created += 1
    return created


def _values(run: CourseRun, index: int, homes: list[tuple[int, int]]) -> dict:
    offer = run.offer
    return {"participants_patients": 9 - index, "participants_relatives": 3, "sessions": offer.sessions or 4,
            "hours": offer.hours or 12, "experienced_users_taught": offer.user_participation,
            "language": (offer.language_codes or ["nb"])[0], "is_digital": run.is_digital, "homes": homes}


def _tromso_services():
    return Service.objects.filter(host_unit__code=DEMO_KOMMUNE, host_unit__valid_to__isnull=True).order_by("pk")
