"""The periodic scheduler: a job is queued when its interval has passed, once, however many workers ask."""
import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mestring.core import periodic
from mestring.core.models import PeriodicTaskState

pytestmark = pytest.mark.django_db
JOB = "mestring.registry.tasks.remind_registry"
WEEK = dt.timedelta(weeks=1)


@pytest.fixture(autouse=True)
def one_weekly_job(settings):
    settings.PERIODIC_TASKS = [(JOB, WEEK)]


def queued_jobs() -> int:
    return DBTaskResult.objects.filter(task_path=JOB).count()


def test_a_job_never_run_is_due_and_queued_once():
    now = timezone.now()
    assert periodic.enqueue_due(now) == [JOB]
    assert periodic.enqueue_due(now + dt.timedelta(minutes=1)) == []
    assert queued_jobs() == 1
    assert PeriodicTaskState.objects.get(name=JOB).last_enqueued == now


@pytest.mark.parametrize(("days_later", "queued"), [(6, 0), (7, 1), (30, 1)])
def test_a_job_is_due_again_after_its_interval(days_later, queued):
    start = timezone.now()
    periodic.enqueue_due(start)
    assert len(periodic.enqueue_due(start + dt.timedelta(days=days_later))) == queued
    assert queued_jobs() == 1 + queued


def test_a_worker_that_read_before_another_claimed_does_not_queue_again():
    """Two workers at the same moment: the conditional UPDATE lets exactly one of them through."""
    now = timezone.now()
    assert periodic.claim(JOB, WEEK, now) is True
    assert periodic.claim(JOB, WEEK, now) is False
    assert PeriodicTaskState.objects.count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="threads need a server database")
def test_two_workers_in_parallel_queue_the_job_once():
    """Four threads, each with its own connection and commits (cleaned up afterwards the same way)."""
    now, results, counted = timezone.now(), [], []

    def in_thread(work):
        try:
            work()
        finally:
            connection.close()

    threads = [threading.Thread(target=in_thread, args=(lambda: results.append(periodic.enqueue_due(now)),))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def count_and_clean():
        counted.append(queued_jobs())
        DBTaskResult.objects.filter(task_path=JOB).delete()
        PeriodicTaskState.objects.filter(name=JOB).delete()

    cleaner = threading.Thread(target=in_thread, args=(count_and_clean,))
    cleaner.start()
    cleaner.join()
    assert sorted(map(len, results)) == [0, 0, 0, 1]
    assert counted == [1]


def test_the_weekly_reminder_job_is_configured_by_default():
    from mestring import settings as project_settings

    assert ("mestring.registry.tasks.remind_registry", WEEK) in project_settings.PERIODIC_TASKS


def test_run_periodic_command_queues_due_jobs(capsys):
    from django.core.management import call_command

    call_command("run_periodic")
    assert JOB in capsys.readouterr().out and queued_jobs() == 1


def test_worker_loop_queues_each_minute_and_survives_an_error(monkeypatch):
    import threading as th

    from mestring.core.management.commands import worker

    stop, calls = th.Event(), []

    def fake_enqueue_due():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        stop.set()
        return []

    monkeypatch.setattr(worker, "enqueue_due", fake_enqueue_due)
    monkeypatch.setattr(worker, "PERIODIC_CHECK_SECONDS", 0)
    monkeypatch.setattr(worker, "connection", type("Conn", (), {"close": lambda self: None})())  # keep the test's
    worker.queue_periodic_forever(stop)
    assert len(calls) == 2
