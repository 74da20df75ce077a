"""mestring remind_registry: ask coordinators to confirm courses not confirmed for a while."""
from django.core.management.base import BaseCommand

from mestring.registry.tasks import queue_reminders


class Command(BaseCommand):
    help = "Queue a reminder e-mail to each coordinator with courses not confirmed for N days (default 180)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=180, choices=range(1, 3651), metavar="N",
                            help="age in days (1–3650) after which a course must be confirmed again")

    def handle(self, *args, older_than_days: int, **options):
        count = queue_reminders(older_than_days=older_than_days)
        self.stdout.write(f"Reminders queued for {count} coordinator(s).")
