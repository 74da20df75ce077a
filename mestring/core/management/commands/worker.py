"""mestring worker: run background tasks (e-mail, reports) from the database queue."""
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend). Stop with Ctrl+C."

    def handle(self, *args, **options):
        call_command("db_worker")
