"""mestring review_agreements PATH: propose a coverage level for every document in a folder.

Reads only; nothing is written to the database. Used for checks and bulk review.
"""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.agreements.classifier import classify
from mestring.core.documents import DocumentError, extract

SUFFIXES = {".pdf", ".docx", ".odt", ".txt", ".text", ".md"}


class Command(BaseCommand):
    help = ("Propose a learning-and-mastery coverage level (0-3) with evidence for every PDF, DOCX, ODT or "
            "text file in PATH, without writing to the database.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder (read recursively) or a single file")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, path: str, format: str, **options):
        files = documents_in(Path(path))
        results = {}
        for index, file in enumerate(files, start=1):
            if options["verbosity"] > 1:
                self.stderr.write(f"[{index}/{len(files)}] {file.name}")
            results[file.name] = review(file)
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for name, result in results.items():
                self.stdout.write(f"{result.get('level', '-')!s:>2}  {name}  {result.get('error', '')}")


def documents_in(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CommandError(f"{path} finnes ikke")
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def review(file: Path) -> dict:
    try:
        extracted = extract(file.read_bytes(), filename=file.name)
    except DocumentError as exc:
        return {"level": None, "evidence": [], "error": str(exc)}
    if extracted.looks_scanned:
        return {"level": None, "evidence": [], "error": f"«{file.name}» har ingen tekst (skannet dokument?)"}
    return classify(extracted.text).as_json()
