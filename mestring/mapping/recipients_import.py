"""Recipients from CSV or XLSX: columns kommunenummer (or kode), navn, e-post, telefon (optional).

Every row is checked first; any bad row (with its line and reason) means nothing is written.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from mestring.mapping.models import Campaign, Recipient

HEADERS = {"kommunenummer": "code", "kode": "code", "enhet": "code", "navn": "name", "e-post": "email",
           "epost": "email", "email": "email", "telefon": "phone"}
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


class RecipientsInvalid(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    email: str
    phone: str


def read_table(filename: str, content: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise RecipientsInvalid([RowProblem(0, _("Filen kan ikke leses som XLSX."))]) from exc
        return [["" if c is None else str(c).strip() for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecipientsInvalid([RowProblem(0, _("Filen må være UTF-8-kodet CSV eller XLSX."))]) from exc
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse_rows(table: list[list[str]]) -> tuple[list[Row], list[RowProblem]]:
    if not table:
        return [], [RowProblem(1, _("Filen er tom."))]
    columns = {HEADERS[h.strip().lower()]: i for i, h in enumerate(table[0]) if h.strip().lower() in HEADERS}
    missing = {"code", "name", "email"} - set(columns)
    if missing:
        return [], [RowProblem(1, _("Overskriftsraden må ha kolonnene kommunenummer, navn og e-post."))]
    if len(table) > MAX_ROWS + 1:
        return [], [RowProblem(MAX_ROWS + 2, _("Filen har for mange rader (høyst %(n)s).") % {"n": MAX_ROWS})]
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        get = lambda key: cells[columns[key]] if key in columns and columns[key] < len(cells) else ""  # noqa: E731
        rows.append(Row(line, get("code").removesuffix(".0"), get("name"), get("email").lower(), get("phone")))
    return rows, []


def check_rows(campaign: Campaign, rows: list[Row]) -> list[RowProblem]:
    units = set(campaign.units.values_list("code", flat=True))
    problems, seen = [], {}
    for row in rows:
        code = row.code.zfill(4) if row.code.isdigit() and len(row.code) == 3 else row.code
        if code not in units:
            problems.append(RowProblem(row.line, _("Enhet «%(code)s» er ikke med i kartleggingen.") % {"code": row.code}))
        elif code in seen:
            problems.append(RowProblem(row.line, _("Enhet %(code)s står også på linje %(other)s.")
                                       % {"code": code, "other": seen[code]}))
        seen.setdefault(code, row.line)
        if not row.name:
            problems.append(RowProblem(row.line, _("Navn mangler.")))
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(RowProblem(row.line, _("Ugyldig e-postadresse «%(email)s».") % {"email": row.email}))
    return problems


@transaction.atomic
def import_recipients(*, campaign: Campaign, filename: str, content: bytes) -> int:
    """Create or update one recipient per unit; returns how many rows were stored."""
    rows, problems = parse_rows(read_table(filename, content))
    problems += check_rows(campaign, rows)
    if problems:
        raise RecipientsInvalid(problems)
    units = dict(campaign.units.values_list("code", "pk"))
    for row in rows:
        code = row.code.zfill(4) if row.code.isdigit() and len(row.code) == 3 else row.code
        Recipient.objects.update_or_create(campaign=campaign, unit_id=units[code],
                                           defaults={"name": row.name, "email": row.email, "phone": row.phone})
    return len(rows)
