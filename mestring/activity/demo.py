"""Demo data for `mestring load_demo`: last year's runs for Tromsø's services, so there is something to report.

The registry's demo runs lie around today; an activity report is usually filled in for last year.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mestring.registry.models import CourseRun, Service

DEMO_KOMMUNE = "5501"


@transaction.atomic
def create_demo_runs() -> int:
    """Two runs last year for the first offer of each Tromsø service that has none then (idempotent)."""
    year = timezone.localdate().year - 1
    created = 0
    for service in Service.objects.filter(host_unit__code=DEMO_KOMMUNE, host_unit__valid_to__isnull=True):
        offer = service.offers.order_by("pk").first()
        if offer is None or CourseRun.objects.filter(offer__service=service, starts_on__year=year).exists():
            continue
        for month in (3, 9):
            start = dt.date(year, month, 4)
            CourseRun.objects.create(offer=offer, starts_on=start, ends_on=start + dt.timedelta(weeks=3),
                                     schedule="tirsdager kl. 17–19")
            created += 1
    return created
