"""Overview test helpers: a private cache per test, and reported runs made in one line."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
from mestring.registry.models import CourseOffer, CourseRun, Service
from mestring.registry.tests.factories import make_offer
from mestring.structure.models import Unit

YEAR = 2025


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Each test starts from an empty in-memory cache (rolled-back rows must not live on in it)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "overview-tests"}}
    cache.clear()
    yield
    cache.clear()


def kommune(code: str) -> Unit:
    return Unit.objects.current().get(kind=Unit.Kind.KOMMUNE, code=code)


def report_run(offer: CourseOffer, *, year: int = YEAR, patients: int = 8, relatives: int = 2,
               experienced: bool = False, language: str = "nb", digital: bool = False,
               month: int = 3) -> RunActivity:
    """One run of `offer` in `year`, reported in the service's activity report for that year."""
    reporting_year, _ = ReportingYear.objects.get_or_create(year=year)
    report, _ = ActivityReport.objects.get_or_create(service=offer.service, reporting_year=reporting_year)
    location = offer.locations.first()
    run = CourseRun.objects.create(offer=offer, starts_on=dt.date(year, month, 4), schedule="tirsdager",
                                   location=location, is_digital=digital)
    return RunActivity.objects.create(report=report, run=run, participants_patients=patients,
                                      participants_relatives=relatives, sessions=4, hours=Decimal("8.0"),
                                      experienced_users_taught=experienced, language=language, is_digital=digital)


@pytest.fixture
def tromso_offer(db) -> CourseOffer:
    return make_offer(kommune("5501"), run_in_days=None)


@pytest.fixture
def bodo_offer(db) -> CourseOffer:
    offer = make_offer(kommune("1804"), title="Leve med KOLS", diagnoses=("kols-lunge",),
                       targets=("pasienter", "eldre"), run_in_days=None)
    Service.objects.filter(pk=offer.service_id).update(form=Service.Form.FLS)
    return offer
