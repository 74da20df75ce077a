"""Writes for national report jobs: start one, run one step of it (the worker calls `run_step`), and
remove the files of old editions (a periodic job calls `remove_old_reports`)."""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mestring.accounts.models import User
from mestring.overview.models import ReportJob
from mestring.overview.reports import GATHERERS, STEPS

logger = logging.getLogger(__name__)


def start_report(*, year: int, user: User) -> ReportJob:
    """Queue a national report for `year`; the worker builds it after this transaction commits.

    A report for the same year that is still queued or being made is returned instead (a double click
    or a second admin must not start the same work twice).
    """
    from mestring.overview.tasks import run_report_step

    unfinished = ReportJob.objects.filter(year=year, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING])
    if (job := unfinished.first()) is not None:
        return job
    job = ReportJob.objects.create(year=year, requested_by=user, message=STEPS[0][0])
    transaction.on_commit(lambda: run_report_step.enqueue(job.pk, 0))
    return job


def run_step(*, job: ReportJob, step: int) -> bool:
    """Run `step` of the job; returns True when another step should follow.

    A step that is not the job's next one (a duplicate delivery, or a finished job) does nothing.
    """
    if job.is_finished or job.step != step:
        return False
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, message=STEPS[step][0])
    try:
        do_step(job, step)
    except Exception:  # the job page must say it failed, not look busy for ever
        logger.exception("national report %s failed in step %s", job.pk, step)
        fail(job, f"Rapporten kunne ikke lages (steg {step + 1}: {STEPS[step][0].lower()}). Prøv igjen.")
        return False
    return advance(job, step)


def do_step(job: ReportJob, step: int) -> None:
    from mestring.overview.national_report import national_report_pdf
    from mestring.overview.report_xlsx import national_report_xlsx

    if step < len(GATHERERS):
        job.data = {**job.data, **GATHERERS[step](job.year)}
    elif step == len(GATHERERS):
        job.pdf.save(f"nasjonal-rapport-{job.year}.pdf", ContentFile(national_report_pdf(job.data)), save=False)
    else:
        job.xlsx.save(f"nasjonal-rapport-{job.year}.xlsx", ContentFile(national_report_xlsx(job.data)), save=False)


def advance(job: ReportJob, step: int) -> bool:
    last = step == len(STEPS) - 1
    job.step, job.progress = step + 1, STEPS[step][1]
    job.status = ReportJob.Status.DONE if last else ReportJob.Status.RUNNING
    job.message = "Ferdig" if last else STEPS[step + 1][0]
    job.finished = timezone.now() if last else None
    job.save()
    return not last


def fail(job: ReportJob, message: str) -> None:
    job.status, job.message, job.finished = ReportJob.Status.FAILED, message, timezone.now()
    job.save(update_fields=["status", "message", "finished"])


def remove_old_reports(*, now: dt.datetime | None = None) -> int:
    """Delete finished report jobs and their files, except the newest finished edition of each report
    and anything younger than OVERVIEW_REPORT_KEEP_DAYS; returns the number of jobs removed.

    An edition is a year's national report (the only scope so far); its PDF and XLSX are kept or removed
    together. Jobs still queued or running are never touched. Files go once the rows are gone, so a
    page never links to a deleted file."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.OVERVIEW_REPORT_KEEP_DAYS)
    newest = {}
    for pk, year in ReportJob.objects.filter(status=ReportJob.Status.DONE).order_by("-finished", "-pk").values_list(
            "pk", "year"):
        newest.setdefault(year, pk)
    old = (ReportJob.objects.filter(status__in=[ReportJob.Status.DONE, ReportJob.Status.FAILED], created__lt=cutoff)
           .exclude(pk__in=newest.values()))
    removed = 0
    with transaction.atomic():
        for job in old.select_for_update():
            files = [(field.storage, field.name) for field in (job.pdf, job.xlsx) if field]
            job.delete()
            transaction.on_commit(lambda files=files: _delete_files(files))
            removed += 1
    return removed


def _delete_files(files: list) -> None:
    for storage, name in files:
        storage.delete(name)
