"""mestring export_hsds PATH: write the registry as an HSDS 3.0 CSV datapackage folder."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.registry.datapackage import export_package


class Command(BaseCommand):
    help = "Write the registry as an HSDS 3.0 CSV datapackage (a folder; created if missing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if path.exists() and not path.is_dir():
            raise CommandError(f"{path} exists and is not a folder")
        counts = export_package(path, progress=lambda name, n: self.stdout.write(f"  {name}: {n} rows"))
        self.stdout.write(self.style.SUCCESS(f"Wrote {sum(counts.values())} rows to {path}"))
