"""Old national report files: the newest finished edition of each year and anything recent are kept."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from mestring.core.periodic import configured
from mestring.overview.models import ReportJob
from mestring.overview.tasks import remove_old_reports
from mestring.overview.tests.reporting import immediate_tasks  # noqa: F401 (fixture: files in a temporary folder)

pytestmark = pytest.mark.django_db
DONE, FAILED, RUNNING = ReportJob.Status.DONE, ReportJob.Status.FAILED, ReportJob.Status.RUNNING


def job(year: int, status: str, days_old: int, *, files: bool = True) -> ReportJob:
    made = timezone.now() - dt.timedelta(days=days_old)
    row = ReportJob.objects.create(year=year, status=status)
    if files:
        row.pdf.save(f"nasjonal-rapport-{year}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        row.xlsx.save(f"nasjonal-rapport-{year}.xlsx", ContentFile(b"PK"), save=False)
    row.finished = made if status in (DONE, FAILED) else None
    row.save()
    ReportJob.objects.filter(pk=row.pk).update(created=made)  # `created` is set on insert only
    return row


def test_superseded_old_reports_lose_row_and_files_and_the_rest_is_kept(settings, django_capture_on_commit_callbacks):
    settings.OVERVIEW_REPORT_KEEP_DAYS = 30
    old, older = job(2025, DONE, 40), job(2025, DONE, 60)
    newest, recent_failed = job(2025, DONE, 35), job(2025, FAILED, 2, files=False)
    old_failed, only_2024, running = job(2025, FAILED, 90, files=False), job(2024, DONE, 400), job(2025, RUNNING, 50)
    ReportJob.objects.filter(pk=newest.pk).update(finished=timezone.now() - dt.timedelta(days=1))
    gone_files = [old.pdf.name, old.xlsx.name, older.pdf.name, older.xlsx.name]
    assert all(default_storage.exists(name) for name in gone_files)

    with django_capture_on_commit_callbacks(execute=True):
        assert remove_old_reports.func() == 3  # what the worker runs daily

    assert set(ReportJob.objects.values_list("pk", flat=True)) == {newest.pk, recent_failed.pk, only_2024.pk,
                                                                     running.pk}
    assert not any(default_storage.exists(name) for name in gone_files)
    assert default_storage.exists(newest.pdf.name) and default_storage.exists(only_2024.xlsx.name)
    assert old_failed.pk not in ReportJob.objects.values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_old_reports.func() == 0  # nothing more to do


def test_recent_editions_are_kept_even_when_superseded(settings):
    settings.OVERVIEW_REPORT_KEEP_DAYS = 30
    first, second = job(2025, DONE, 5), job(2025, DONE, 1)
    assert remove_old_reports.func() == 0
    assert ReportJob.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_cleanup_is_a_daily_periodic_job_and_the_list_page_says_so(client, admin_user):
    assert ("mestring.overview.tasks.remove_old_reports", dt.timedelta(days=1)) in configured()
    client.force_login(admin_user)
    html = client.get(reverse("overview_reports:list")).content.decode()
    assert "Eldre utgaver slettes når de er mer enn 30 dager gamle" in html
