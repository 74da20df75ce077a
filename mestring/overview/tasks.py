"""Background work of the overviews: the national report, one small step per task."""
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
