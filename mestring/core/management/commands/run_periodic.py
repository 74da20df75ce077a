"""mestring run_periodic: queue the periodic jobs that are due (one pass; `mestring worker` does this every minute)."""
from django.core.management.base import BaseCommand

from mestring.core.periodic import enqueue_due


class Command(BaseCommand):
    help = ("Queue each job of settings.PERIODIC_TASKS whose interval has passed since it was last queued. "
            "Safe to run from several machines at once.")

    def handle(self, *args, **options):
        queued = enqueue_due()
        self.stdout.write(f"Queued {len(queued)} periodic job(s): {', '.join(queued) or '–'}")
