"""mestring import_hsds PATH: read an HSDS 3.0 CSV datapackage (folder or zip), all or nothing."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.registry.datapackage import IMPORT_STEPS, PackageError, import_package


class Command(BaseCommand):
    help = ("Import an HSDS 3.0 CSV datapackage (folder or .zip). Every file is checked first; any bad row "
            "is reported with file, line and reason and nothing is written. Re-importing updates by id.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: finnes ikke")
        try:
            result = import_package(path, progress=self.progress_bar())
        except PackageError as error:
            for problem in error.problems[:200]:
                self.stderr.write(problem)
            raise CommandError(f"{len(error.problems)} feil i pakken; ingenting er lagret") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {result.services} organizations, {result.offers} services."))

    def progress_bar(self):
        """A line per step: a bar of the steps done, the step, and the seconds so far."""
        started = time.monotonic()

        def show(step: str) -> None:
            done = IMPORT_STEPS.index(step) if step in IMPORT_STEPS else 0
            bar = "#" * done + "-" * (len(IMPORT_STEPS) - done)
            self.stdout.write(f"[{bar}] {done + 1}/{len(IMPORT_STEPS)} {step} … ({time.monotonic() - started:.0f} s)")
        return show
