"""Precompute after a change: one rebuild job per burst of changes, stale figures (marked) while it runs,
and the next visitor answered from the cache with the new figures once it has run."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mestring.activity import services as activity_services
from mestring.activity.models import ReportingYear, RunActivity
from mestring.overview import facts, selectors
from mestring.overview.tasks import rebuild_overviews
from mestring.overview.tests.conftest import YEAR, report_run
from mestring.registry.models import CourseRun, Service

pytestmark = pytest.mark.django_db
REBUILD = "mestring.overview.tasks.rebuild_overviews"
UPDATING = "Tallene oppdateres"


def participants(client, **params) -> str:
    """The page's national participant figure, and whether it says the figures are being updated."""
    html = client.get(reverse("overview:index"), {"year": YEAR, **params}).content.decode()
    figure = html.split("<dt>Deltakere</dt><dd>", 1)[1].split("</dd>", 1)[0]
    return f"{figure} (oppdateres)" if UPDATING in html else figure


def queued_rebuilds() -> int:
    return DBTaskResult.objects.filter(task_path=REBUILD).count()


@pytest.fixture
def run(tromso_offer) -> RunActivity:
    """One reported run with 8 + 2 participants, already seen by a visitor (the cache holds its figures)."""
    return report_run(tromso_offer, patients=8, relatives=2)


@pytest.fixture
def spy(monkeypatch) -> list[str]:
    """Names of the builders that ran: the run facts and the page's aggregate."""
    calls = []
    for module, name in ((facts, "_run_facts"), (selectors, "_offers_per_10k")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _f=original, _n=name: calls.append(_n) or _f(*args))
    return calls


def correct(run: RunActivity, capture, patients: int) -> None:
    """A coordinator corrects the run's figure in its own transaction (the signals' on_commit runs)."""
    with capture(execute=True):
        run.participants_patients = patients
        run.save()


def test_after_a_change_visitors_see_the_old_figures_marked_until_the_job_has_run_then_the_new_from_cache(
        client, run, spy, django_capture_on_commit_callbacks):
    assert participants(client) == "10"
    for patients in (12, 15, 20):  # three saves in a row: one rebuild
        correct(run, django_capture_on_commit_callbacks, patients)
    assert queued_rebuilds() == 1

    spy.clear()
    assert participants(client) == "10 (oppdateres)"  # served at once from the previous version
    assert spy == []

    assert rebuild_overviews.func() == "rebuilt"  # what the worker runs
    spy.clear()
    assert participants(client) == "22"
    assert spy == []  # answered from what the job computed
    assert rebuild_overviews.func() == "up to date"  # a second delivery of the job does nothing


def test_without_a_worker_the_visitor_computes_the_new_figures_once_the_old_ones_are_too_old(
        client, run, settings, django_capture_on_commit_callbacks):
    assert participants(client) == "10"
    correct(run, django_capture_on_commit_callbacks, 20)
    assert participants(client) == "10 (oppdateres)"
    settings.OVERVIEW_STALE_SECONDS = 0  # the job should long have run: the worker is not running
    assert participants(client) == "22"


def test_a_page_the_job_does_not_fill_is_computed_from_the_new_data(client, run, django_capture_on_commit_callbacks):
    assert participants(client, fylke="55") == "10"
    assert participants(client) == "10"
    correct(run, django_capture_on_commit_callbacks, 20)
    assert participants(client) == "10 (oppdateres)"
    rebuild_overviews.func()
    assert participants(client, fylke="55") == "22"  # warmed without filters; this one computed, never old


def test_changes_made_after_the_job_started_queue_the_next_one(client, run, django_capture_on_commit_callbacks):
    participants(client)
    correct(run, django_capture_on_commit_callbacks, 20)
    rebuild_overviews.func()
    correct(run, django_capture_on_commit_callbacks, 30)
    assert queued_rebuilds() == 2
    assert participants(client) == "22 (oppdateres)"
    rebuild_overviews.func()
    assert participants(client) == "32"


def lock_year(run):
    activity_services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)


def save_report(run):
    activity_services.save_report(service=run.report.service, year=YEAR, user=None, submit=True,
                                  rows=[(run.run, {"participants_patients": 3, "participants_relatives": 0,
                                                   "sessions": 4, "hours": 8, "experienced_users_taught": False,
                                                   "language": "nb", "is_digital": False})])


def upload_report(run):
    from mestring.activity.workbook import build_template

    content = build_template(run.report.service, YEAR)  # holds the saved figures: uploaded back as it is
    activity_services.import_report(service=run.report.service, year=YEAR, content=content, user=None)


def delete_run(run):
    run.delete()


def rename_service(run):
    service = Service.objects.get(pk=run.report.service_id)
    service.name = "Nytt navn"
    service.save()


def move_course_run(run):
    course = CourseRun.objects.get(pk=run.run_id)
    course.location = None
    course.save()


@pytest.mark.parametrize("change", [save_report, upload_report, lock_year, delete_run, rename_service,
                                    move_course_run])
def test_every_change_the_overviews_depend_on_queues_the_rebuild(client, run, change,
                                                                 django_capture_on_commit_callbacks):
    participants(client)
    with django_capture_on_commit_callbacks(execute=True):
        change(run)
    assert queued_rebuilds() == 1
    assert UPDATING in client.get(reverse("overview:index"), {"year": YEAR}).content.decode()


def test_the_periodic_job_fills_the_overviews_after_a_write_that_sent_no_signal(client, run, spy):
    """A bulk load (or a deploy's empty cache) queues nothing; the five-minute job notices and fills."""
    from django.core.cache import cache as django_cache

    from mestring.core.periodic import enqueue_due
    from mestring.overview import cache

    assert participants(client) == "10"
    [second] = CourseRun.objects.bulk_create([CourseRun(offer=run.run.offer, starts_on=run.run.starts_on,
                                                        schedule="onsdager", location=run.run.location)])
    RunActivity.objects.bulk_create([RunActivity(
        report=run.report, run=second, participants_patients=5, participants_relatives=0, sessions=4,
        hours=run.hours, language="nb")])
    assert not cache.fully_warm(cache.version()) and queued_rebuilds() == 0
    assert REBUILD in enqueue_due()
    assert rebuild_overviews.call() == "rebuilt" and cache.fully_warm(cache.version())
    spy.clear()
    assert participants(client) == "15" and spy == []  # the visitor's page came from what the job filled
    assert rebuild_overviews.call() == "up to date"
    django_cache.clear()  # a deploy with an emptied cache
    assert rebuild_overviews.call() == "rebuilt"
