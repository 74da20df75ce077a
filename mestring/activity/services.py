"""Writes for activity reporting: every change goes through here, in one transaction."""
from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.activity import selectors
from mestring.activity.models import ActivityReport, Reminder, ReportingYear, RunActivity, RunHomeMunicipality
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
def save_report(*, service: Service, year: int, rows: list[tuple[CourseRun, dict | None]], user,
                submit: bool = False) -> ActivityReport:
    """Replace the service's report for `year` with `rows` (values None = run not held).

    A row's values may carry "homes": [(kommune unit id, participants), …]; they replace the run's
    home kommuner. `submit` marks the report as sent in (a submitted report stays submitted when
    corrected later while the year is open).
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
    if submit and not report.is_submitted:
        report.status, report.submitted_at = ActivityReport.Status.SUBMITTED, timezone.now()
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
    values = dict(values)
    homes = values.pop("homes", [])
    activity = existing or RunActivity(report=report, run=run)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["report", "run"])
    if sum(count for _unit, count in homes) > activity.participants:
        raise ValidationError(_("Kursstarten %(run)s: summen for hjemkommunene er større enn antall deltakere.")
                              % {"run": run})
    activity.save()
    _save_homes(activity=activity, homes=homes)


def _save_homes(*, activity: RunActivity, homes: list[tuple[int, int]]) -> None:
    """Change rows in place and delete the ones gone, so the audit trail shows each change."""
    existing = {row.unit_id: row for row in activity.home_municipalities.all()}
    for unit_id, count in homes:
        row = existing.pop(unit_id, None) or RunHomeMunicipality(run_activity=activity, unit_id=unit_id)
        if row.pk is None or row.participants != count:
            row.participants = count
            row.full_clean(exclude=["run_activity", "unit"])
            row.save()
    for row in existing.values():
        row.delete()


# Reminders --------------------------------------------------------------------------------------

@transaction.atomic
def queue_reminders(*, year: int, created_by) -> tuple[int, int]:
    """One reminder per coordinator of services that have not submitted; (queued now, already queued today).

    Idempotent for the day: a coordinator already reminded today about this year gets nothing new.
    The sends are enqueued after commit, one worker task per recipient.
    """
    reporting_year, _created = ReportingYear.objects.select_for_update().get_or_create(year=year)
    if reporting_year.is_locked:
        raise ValidationError(_("Rapporteringsåret %(year)s er låst; det sendes ikke påminnelser.") % {"year": year})
    today, queued, already = timezone.localdate(), [], 0
    for recipient, pending in selectors.coordinators_to_remind(year).items():
        reminder, created = Reminder.objects.get_or_create(
            reporting_year=reporting_year, recipient=recipient, queued_on=today,
            defaults={"to": recipient.email, "created_by": created_by})
        if created:
            reminder.services.set(pending)
            queued.append(reminder.pk)
        else:
            already += 1
    transaction.on_commit(lambda: _enqueue_reminders(queued))
    return len(queued), already


def _enqueue_reminders(reminder_ids: list[int]) -> None:
    from mestring.activity.tasks import send_reminder_task

    for pk in reminder_ids:
        send_reminder_task.enqueue(pk)


def send_reminder(*, reminder_id: int, connection=None) -> str:
    """One idempotent step: claim the row, re-check what is still missing, send, record the outcome."""
    if not Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.QUEUED).update(
            status=Reminder.Status.SENDING):
        return Reminder.objects.get(pk=reminder_id).status
    reminder = Reminder.objects.select_related("reporting_year", "recipient").get(pk=reminder_id)
    year = reminder.reporting_year.year
    pending = [s for s in reminder.services.order_by("name") if not selectors.is_submitted(s, year)]
    if not pending:
        return _finish(reminder, Reminder.Status.SKIPPED, _("Alle rapportene var sendt inn."), sent=False)
    email = EmailMessage(subject=_("Påminnelse: aktivitetsrapport for %(year)s") % {"year": year},
                         body=_reminder_body(reminder.recipient, pending, year), to=[reminder.to],
                         connection=connection or get_connection())
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as exc:
        return _finish(reminder, Reminder.Status.FAILED, str(exc)[:500], sent=False)
    return _finish(reminder, Reminder.Status.SENT, "", sent=True)


def _reminder_body(recipient, pending: list[Service], year: int) -> str:
    site = settings.SITE_URL.rstrip("/")
    lines = [_("Hei %(name)s,") % {"name": recipient.full_name or recipient.email}, "",
             _("Aktivitetsrapporten for %(year)s er ikke sendt inn for disse tjenestene:") % {"year": year}, ""]
    lines += [f"- {service.name}: {site}{reverse('activity:report', args=[service.pk, year])}" for service in pending]
    lines += ["", _("Fyll ut skjemaet eller last opp malen, og trykk «Lagre og send inn»."), "",
              _("Hilsen nasjonal kompetansetjeneste for læring og mestring")]
    return "\n".join(lines)


def _finish(reminder: Reminder, status: str, detail: str, *, sent: bool) -> str:
    Reminder.objects.filter(pk=reminder.pk).update(status=status, detail=detail,
                                                   sent_at=timezone.now() if sent else None)
    return status


@transaction.atomic
def import_report(*, service: Service, year: int, content: bytes, user, submit: bool = False) -> ActivityReport:
    """Read the uploaded template and save it as the service's report, all or nothing.

    Raises `workbook.UploadInvalid` listing every bad cell, or ValidationError (locked year, a run
    reported elsewhere in the meantime); in both cases nothing is written.
    """
    from mestring.activity.workbook import read_upload

    if selectors.year_status(year) == ReportingYear.Status.LOCKED:
        raise ValidationError(_("Rapporteringsåret %(year)s er låst. Be en nasjonal rådgiver åpne det igjen.")
                              % {"year": year})
    rows = read_upload(content, service=service, year=year)
    return save_report(service=service, year=year, rows=rows, user=user, submit=submit)
