"""mestring workshop_dedupe NOTES.csv --format json: duplicate groups of a notes file, nothing written."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from mestring.workshops.dedupe import find_duplicates_by_question
from mestring.workshops.notes_file import DEDUPE_COLUMNS, ColumnError, parse, read_records


class Command(BaseCommand):
    help = ("Find duplicate notes in a CSV with columns question_number,table,text,is_main. Prints "
            '{"auto_merged": [[row, ...]], "suggested": [[row, ...]]} with 0-based data-row indices; '
            "writes nothing to the database.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file (UTF-8; comma or semicolon)")
        parser.add_argument("--format", choices=["json"], default="json", help="output format (json)")

    def handle(self, *args, path, **options):
        with translation.override("en"):  # the command line speaks English, like every mestring command
            self.dedupe(Path(path))

    def dedupe(self, file: Path) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            rows = parse(read_records(file.name, file.read_bytes()), DEDUPE_COLUMNS)
        except ColumnError as error:
            raise CommandError(str(error)) from error
        bad = [f"line {r.line}: {'; '.join(r.errors)}" for r in rows if r.errors]
        if bad:
            raise CommandError(f"{len(bad)} bad row(s): " + " | ".join(bad[:20]))
        result = find_duplicates_by_question([(str(r.question), r.text) for r in rows])
        self.stdout.write(json.dumps({"auto_merged": result.auto_merged, "suggested": result.suggested},
                                     ensure_ascii=False))
