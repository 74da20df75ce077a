"""Reads for activity reporting."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.accounts.models import Role, User
from mestring.activity.models import (FIRST_YEAR, ActivityReport, Reminder, ReportingYear, RunActivity,
                                      RunHomeMunicipality)
from mestring.registry.models import CourseRun, Service, Status
from mestring.structure.models import Unit
from mestring.structure.selectors import units_as_of


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


def kommuner_in(year: int) -> dict[str, int]:
    """Kommune number → unit id for the kommuner that existed on 1 January of `year`."""
    return dict(units_as_of(year, Unit.Kind.KOMMUNE).values_list("code", "pk"))


def saved_homes(report: ActivityReport | None) -> dict[int, list[tuple[str, int]]]:
    """Home kommuner per reported run id, as (code, count) pairs ordered by code."""
    if report is None:
        return {}
    homes: dict[int, list[tuple[str, int]]] = {}
    for run_id, code, count in (RunHomeMunicipality.objects.filter(run_activity__report=report)
                                .order_by("unit__code").values_list("run_activity__run_id", "unit__code",
                                                                    "participants")):
        homes.setdefault(run_id, []).append((code, count))
    return homes


def is_submitted(service: Service, year: int) -> bool:
    return ActivityReport.objects.filter(service=service, reporting_year__year=year,
                                         status=ActivityReport.Status.SUBMITTED).exists()


def services_to_report(year: int):
    """Active services, and any other service that has a report for `year`."""
    return (Service.objects.filter(Q(status=Status.ACTIVE) | Q(activity_reports__reporting_year__year=year))
            .distinct().select_related("host_unit").order_by("host_unit__code", "name"))


@dataclass(frozen=True)
class ServiceStatus:
    service: Service
    status: str  # submitted / draft / not_started
    runs_reported: int
    modified: dt.datetime | None
    submitted_at: dt.datetime | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


STATUS_LABELS = {"submitted": _("Sendt inn"), "draft": _("Utkast"), "not_started": _("Ikke påbegynt")}


def year_statuses(year: int) -> list[ServiceStatus]:
    """Every service's report status for `year`, in two queries."""
    reports = {r.service_id: r for r in ActivityReport.objects.filter(reporting_year__year=year)
               .annotate(run_count=Count("runs"))}
    rows = []
    for service in services_to_report(year):
        report = reports.get(service.pk)
        status = "not_started" if report is None else report.status
        rows.append(ServiceStatus(service, status, report.run_count if report else 0,
                                  report.modified if report else None, report.submitted_at if report else None))
    return rows


def status_counts(rows: list[ServiceStatus]) -> dict[str, int]:
    return {key: sum(1 for row in rows if row.status == key) for key in STATUS_LABELS}


def coordinators_of(service: Service) -> list:
    """Coordinators whose scope covers the service's host unit (a kommune's coordinator covers its bydeler)."""
    units = [service.host_unit_id]
    if service.host_unit.kind == Unit.Kind.BYDEL and service.host_unit.parent_id:
        units.append(service.host_unit.parent_id)
    return list(User.objects.filter(role_assignments__role=Role.COORDINATOR, role_assignments__unit__in=units,
                                    is_active=True).exclude(email="").distinct().order_by("email"))


def coordinators_to_remind(year: int) -> dict:
    """Coordinator → their services without a submitted report for `year`."""
    submitted = set(ActivityReport.objects.filter(reporting_year__year=year, status=ActivityReport.Status.SUBMITTED)
                    .values_list("service_id", flat=True))
    pending: dict = {}
    for service in Service.objects.filter(status=Status.ACTIVE).exclude(pk__in=submitted).select_related("host_unit"):
        for user in coordinators_of(service):
            pending.setdefault(user, []).append(service)
    return pending


def reminders_for(year: int):
    return (Reminder.objects.filter(reporting_year__year=year).select_related("recipient")
            .prefetch_related("services").order_by("-queued_on", "to"))
