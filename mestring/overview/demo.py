"""Demo data for `mestring load_demo`: three past years of activity reports, so the overviews show something.

Reports are written through `activity.services.save_report`, the same path a coordinator's form
takes. Tromsø's services (activity.demo's kommune) are left out: their last year is for the demo
coordinator to report by hand. Figures are invented, from a fixed seed.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mestring.activity.demo import DEMO_KOMMUNE
from mestring.activity.models import ActivityReport
from mestring.activity.services import save_report
from mestring.overview import cache
from mestring.registry.models import CourseOffer, CourseRun, Service

YEARS_BACK = 3
MINORITY_LANGUAGES = ("ar", "so", "pl", "ti", "uk", "ur")


def create_demo_reports(*, seed: int = 2026) -> int:
    """Reports for the last three years for every demo service without one (idempotent); returns runs reported."""
    rng = random.Random(seed)
    last = timezone.localdate().year - 1
    reported = 0
    services = (Service.objects.exclude(host_unit__code=DEMO_KOMMUNE).exclude(status="defunct")
                .prefetch_related("offers__locations").order_by("pk"))
    for service in services:
        for year in range(last - YEARS_BACK + 1, last + 1):
            reported += _report(service, year, rng)
    cache.bump()
    return reported


@transaction.atomic
def _report(service: Service, year: int, rng: random.Random) -> int:
    if ActivityReport.objects.filter(service=service, reporting_year__year=year).exists():
        return 0
    offers = [o for o in service.offers.all() if o.status == "active"][:3]
    rows = [(run, _values(offer, rng)) for offer in offers for run in _runs(offer, year, rng)]
    if rows:
        save_report(service=service, year=year, rows=rows, user=None)
    return len(rows)


def _runs(offer: CourseOffer, year: int, rng: random.Random) -> list[CourseRun]:
    location = next(iter(offer.locations.all()), None)
    digital = offer.format == CourseOffer.Format.DIGITAL
    runs = []
    for _ in range(rng.randint(1, 3)):
        start = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
        runs.append(CourseRun.objects.create(offer=offer, starts_on=start, ends_on=start + dt.timedelta(weeks=4),
                                             schedule="tirsdager kl. 17–19", location=None if digital else location,
                                             is_digital=digital))
    return runs


def _values(offer: CourseOffer, rng: random.Random) -> dict:
    codes = offer.language_codes or ["nb"]
    minority = rng.random() < 0.08
    return {
        "participants_patients": rng.randint(4, 14),
        "participants_relatives": rng.randint(0, 6),
        "sessions": offer.sessions or rng.randint(2, 6),
        "hours": offer.hours or Decimal(rng.choice(["6.0", "8.0", "12.0"])),
        "experienced_users_taught": offer.user_participation and rng.random() < 0.85,
        "language": rng.choice(MINORITY_LANGUAGES) if minority else codes[0],
        "is_digital": offer.format == CourseOffer.Format.DIGITAL,
    }
