"""Background work of the overviews: the national report, one small step per task; the rebuild after a
change; and the cleanup of old report files."""
from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def run_report_step(job_id: int, step: int) -> str:
    """Run one step of a national report job and queue the next; returns the job's status."""
    from mestring.overview.models import ReportJob
    from mestring.overview.report_services import run_step

    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if run_step(job=job, step=step):
        transaction.on_commit(lambda: run_report_step.enqueue(job_id, step + 1))
    return job.status


@task()
def rebuild_overviews() -> str:
    """Fill the overview pages' results for the data as it is now (queued after every change)."""
    from mestring.overview.precompute import rebuild

    return rebuild()


@task()
def remove_old_reports() -> int:
    """Daily (settings.PERIODIC_TASKS): delete superseded national report files; returns how many jobs went."""
    from mestring.overview import report_services

    return report_services.remove_old_reports()
