"""mestring import_hsds PATH: read an HSDS 3.0 CSV datapackage (folder or zip), all or nothing."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.registry.datapackage import PackageError, import_package


class Command(BaseCommand):
    help = ("Import an HSDS 3.0 CSV datapackage (folder or .zip). Every file is checked first; any bad row "
            "is reported with file, line and reason and nothing is written. Re-importing updates by id.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: finnes ikke")
        try:
            result = import_package(path, progress=lambda step: self.stdout.write(f"… {step}"))
        except PackageError as error:
            for problem in error.problems[:200]:
                self.stderr.write(problem)
            raise CommandError(f"{len(error.problems)} feil i pakken; ingenting er lagret") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {result.services} organizations, {result.offers} services."))
