"""mestring network_anonymise: blank the personal data of past events' participants and of user representatives
past their keep-until date."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from mestring.network import privacy, services


class Command(BaseCommand):
    help = ("Anonymise the participants of every event whose 'delete personal data on' date is today or "
            "earlier, and delete or anonymise user representatives past their keep-until date "
            "(run daily; safe to run again).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="treat this day (YYYY-MM-DD) as today")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date (use YYYY-MM-DD)") from None
        done = services.anonymise_due(today=today)
        for title, rows in done.items():
            self.stdout.write(f"{title}: {rows} participants anonymised")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} events anonymised"))
        people = privacy.expire_representatives(today=today)
        self.stdout.write(f"User representatives past their keep-until date: {people['deleted']} deleted, "
                          f"{people['anonymised']} anonymised (kept for payment records)")
