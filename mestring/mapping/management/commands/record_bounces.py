"""mestring record_bounces FILE…: record returned e-mails (.eml files or mbox) against the messages sent."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.mapping.bounces import record_bounces


class Command(BaseCommand):
    help = ("Read bounce messages (DSN or other returned mail) from .eml or mbox files, mark the matching "
            "messages as bounced and stop e-mailing those recipients.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=".eml files and/or mbox files")
        parser.add_argument("--dry-run", action="store_true", help="report what would be recorded, change nothing")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        outcomes = record_bounces(paths, dry_run=options["dry_run"])
        for outcome in outcomes:
            self.stdout.write(f"{'OK ' if outcome.recorded else '-- '} {outcome.source}: {outcome.text}")
        recorded = sum(o.recorded for o in outcomes)
        self.stdout.write(f"{recorded} of {len(outcomes)} messages recorded as bounces"
                          + (" (dry run, nothing changed)" if options["dry_run"] else ""))
