"""mestring worker: run background tasks (e-mail, reports) from the database queue, and queue periodic jobs."""
import logging
import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from mestring.core.periodic import enqueue_due

log = logging.getLogger(__name__)
PERIODIC_CHECK_SECONDS = 60


def queue_periodic_forever(stop: threading.Event) -> None:
    """Every minute, queue the periodic jobs that are due; an error is logged and tried again next minute."""
    while not stop.is_set():
        try:
            enqueue_due()
        except Exception:
            log.exception("periodic scheduling failed")
        finally:
            connection.close()  # this thread's own connection; a fresh one next minute
        stop.wait(PERIODIC_CHECK_SECONDS)


class Command(BaseCommand):
    help = ("Run the background task worker (django-tasks database backend) and, once a minute, queue the "
            "periodic jobs of settings.PERIODIC_TASKS that are due. Stop with Ctrl+C.")

    def add_arguments(self, parser):
        parser.add_argument("--no-periodic", action="store_true",
                            help="only run queued tasks; do not queue periodic jobs from this worker")

    def handle(self, *args, no_periodic: bool = False, **options):
        stop = threading.Event()
        # With DEBUG the task worker reloads on code changes in a child process; only that child schedules.
        reloader_parent = settings.DEBUG and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not (no_periodic or reloader_parent):
            threading.Thread(target=queue_periodic_forever, args=(stop,), name="periodic", daemon=True).start()
        try:
            call_command("db_worker")
        finally:
            stop.set()
