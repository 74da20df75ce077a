"""Report test data (imported by the report tests): reported runs in Tromsø, Bodø and at UNN's own centre."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
from mestring.registry.models import CourseRun, Service
from mestring.registry.tests.factories import make_offer
from mestring.structure.models import Unit

YEAR = 2025
UNN = "universitetssykehuset-nord-norge"


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}


def report_runs(offer, year: int, rows: list[dict]) -> None:
    reporting_year, _ = ReportingYear.objects.get_or_create(year=year)
    report, _ = ActivityReport.objects.get_or_create(service=offer.service, reporting_year=reporting_year)
    for month, values in enumerate(rows, start=2):
        run = CourseRun.objects.create(offer=offer, starts_on=dt.date(year, month, 3), schedule="tirsdager")
        RunActivity.objects.create(report=report, run=run, sessions=4, hours=Decimal("12.0"),
                                   **{"language": "nb", "is_digital": False, "experienced_users_taught": True,
                                      **values})


@pytest.fixture
def activity(unit_a, unit_b):
    """Tromsø: 2 runs, 12+3 and 10+5 participants (30); Bodø: 1 digital Arabic run, 8; UNN: 1 run, 20."""
    tromso = make_offer(unit_a, title="Leve med KOLS", diagnoses=("kols-lunge",), targets=("pasienter", "parorende"),
                        run_in_days=None)
    report_runs(tromso, YEAR, [{"participants_patients": 12, "participants_relatives": 3},
                               {"participants_patients": 10, "participants_relatives": 5}])
    report_runs(tromso, YEAR - 1, [{"participants_patients": 6, "participants_relatives": 0}])
    bodo = make_offer(unit_b, title="Diabeteskurs", diagnoses=("diabetes",), run_in_days=None)
    report_runs(bodo, YEAR, [{"participants_patients": 8, "participants_relatives": 0, "language": "ar",
                              "is_digital": True, "experienced_users_taught": False}])
    unn = Unit.objects.current().get(kind=Unit.Kind.HF, code=UNN)
    lms = make_offer(unit_a, title="Kreftkurs", diagnoses=("kreft",), run_in_days=None)
    Service.objects.filter(pk=lms.service.pk).update(host_unit=unn, form=Service.Form.LMS_HF, name="LMS UNN")
    lms.locations.clear()  # no place of its own: the run counts for the HF only
    lms.refresh_from_db()
    report_runs(lms, YEAR, [{"participants_patients": 20, "participants_relatives": 0}])
    return {"tromso": tromso, "bodo": bodo, "unn": lms}
