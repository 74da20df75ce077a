"""Activity test helpers: a Tromsø offer with two runs last year and one next year, tasks run at once."""
import datetime as dt

import pytest

from mestring.registry.models import CourseRun
from mestring.registry.tests.factories import make_offer

YEAR = dt.date.today().year - 1


@pytest.fixture
def offer(unit_a):
    offer = make_offer(unit_a, title="Leve med KOLS", run_in_days=None, languages="se,nb", sessions=4, hours=12,
                       user_participation=True)
    for month in (3, 9):
        CourseRun.objects.create(offer=offer, starts_on=dt.date(YEAR, month, 1), schedule="tirsdager")
    CourseRun.objects.create(offer=offer, starts_on=dt.date(YEAR + 1, 1, 10), schedule="onsdager")
    return offer


def last_years_runs(offer) -> list[CourseRun]:
    return list(CourseRun.objects.filter(offer=offer, starts_on__year=YEAR).order_by("starts_on"))
