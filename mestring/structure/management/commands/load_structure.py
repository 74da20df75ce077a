"""mestring load_structure: load the bundled national structure (idempotent)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.structure import reading, services


class Command(BaseCommand):
    help = ("Load Norway's health regions, hospital trusts, counties, municipalities and city districts, "
            "with change events, population and catchment areas. Running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=reading.DATA_DIR,
                            help="folder with the structure CSV files (default: the bundled copy)")

    def handle(self, *args, data_dir: Path, verbosity: int = 1, **options):
        self.verbosity = verbosity
        if not data_dir.is_dir():
            raise CommandError(f"{data_dir}: no such folder")
        try:
            report = services.load_structure(data_dir=data_dir, progress=self.step)
        except reading.StructureDataError as exc:
            for file, line, reason in exc.problems:
                self.stderr.write(f"{data_dir / file}:{line}: {reason}")
            raise CommandError(f"{len(exc.problems)} problem(s) in the structure files; nothing was written") from exc
        if verbosity:
            for line in report.lines():
                self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS(f"Done: {report.changed} change(s)."))

    def step(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(f"… {message}")
