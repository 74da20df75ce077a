"""Writes for national report jobs: start one, and run one step of it (the worker calls `run_step`)."""
from __future__ import annotations

import logging

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
