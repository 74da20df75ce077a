"""Writes for activity reporting: every change goes through here, in one transaction."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
from mestring.registry.models import CourseRun, Service


def set_year_status(*, year: int, status: str) -> ReportingYear:
    """Lock or reopen a reporting year (national admins only; the view checks the role)."""
    if status not in ReportingYear.Status.values:
        raise ValidationError(_("Ukjent status for rapporteringsåret."))
    row = ReportingYear.objects.filter(year=year).first() or ReportingYear(year=year)
    if row.pk is None or row.status != status:
        row.status = status
        row.full_clean()
        row.save()
    return row


def _check_rows(*, service: Service, year: int, rows: list[tuple[CourseRun, dict | None]],
                report: ActivityReport | None) -> None:
    """Refuse runs of another service or year, and runs already in another report (never counted twice)."""
    problems = []
    for run, _values in rows:
        if run.offer.service_id != service.pk or run.starts_on.year != year:
            problems.append(_("Kursstarten %(run)s hører ikke til denne tjenesten og dette året.") % {"run": run})
    reported = [r for r, values in rows if values is not None]
    twice = (RunActivity.objects.filter(run__in=reported).exclude(report=report)
             .select_related("run__offer", "report__service", "report__reporting_year"))
    for row in twice:
        problems.append(_("Kursstarten %(run)s er allerede rapportert av %(service)s for %(year)s, "
                          "og kan ikke rapporteres to ganger.")
                        % {"run": row.run, "service": row.report.service, "year": row.report.reporting_year})
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_report(*, service: Service, year: int, rows: list[tuple[CourseRun, dict | None]], user) -> ActivityReport:
    """Replace the service's report for `year` with `rows` (values None = run not held).

    Refused, with nothing written, when the year is locked or a run is not the service's or is
    already reported elsewhere. The unique constraint on the run backs the check under races.
    """
    reporting_year, _created = ReportingYear.objects.select_for_update().get_or_create(year=year)
    if reporting_year.is_locked:
        raise ValidationError(_("Rapporteringsåret %(year)s er låst. Be en nasjonal rådgiver åpne det igjen.")
                              % {"year": year})
    report = ActivityReport.objects.filter(service=service, reporting_year=reporting_year).first()
    _check_rows(service=service, year=year, rows=rows, report=report)
    if report is None:
        report = ActivityReport(service=service, reporting_year=reporting_year)
    report.submitted_by = user
    report.save()
    existing = {row.run_id: row for row in report.runs.all()}
    try:
        with transaction.atomic():
            for run, values in rows:
                _save_row(report=report, run=run, values=values, existing=existing.get(run.pk))
    except IntegrityError as error:
        raise ValidationError(_("En av kursstartene er allerede rapportert, og kan ikke rapporteres to ganger.")) from error
    return report


def _save_row(*, report: ActivityReport, run: CourseRun, values: dict | None, existing: RunActivity | None) -> None:
    """Update in place (so the audit trail shows what changed), create, or delete a cancelled run."""
    if values is None:
        if existing is not None:
            existing.delete()
        return
    activity = existing or RunActivity(report=report, run=run)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["report", "run"])
    activity.save()
