"""Reads for activity reporting."""
from __future__ import annotations

from django.utils import timezone

from mestring.activity.models import FIRST_YEAR, ActivityReport, ReportingYear, RunActivity
from mestring.registry.models import CourseRun, Service


def reportable_years() -> list[int]:
    """Last year first (the year normally reported), then the current year, back to 2014 for late reports."""
    current = timezone.localdate().year
    return list(range(current, FIRST_YEAR - 1, -1))


def year_status(year: int) -> str:
    row = ReportingYear.objects.filter(year=year).first()
    return row.status if row else ReportingYear.Status.OPEN


def locked_years() -> set[int]:
    return set(ReportingYear.objects.filter(status=ReportingYear.Status.LOCKED).values_list("year", flat=True))


def runs_held(service: Service, year: int) -> list[CourseRun]:
    """The registry's runs of the service's offers that started in `year`."""
    return list(CourseRun.objects.filter(offer__service=service, starts_on__year=year)
                .select_related("offer").order_by("starts_on", "pk"))


def report_for(service: Service, year: int) -> ActivityReport | None:
    return ActivityReport.objects.filter(service=service, reporting_year__year=year).first()


def reported_rows(report: ActivityReport | None) -> dict[int, RunActivity]:
    """Saved rows keyed by run id, to pre-fill the form with what was reported before."""
    if report is None:
        return {}
    return {row.run_id: row for row in report.runs.all()}
