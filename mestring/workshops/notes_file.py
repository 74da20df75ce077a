"""Reading note files (CSV or XLSX) typed in from paper posters, checking every row.

The web import uses the columns question, table, text, main; the `workshop_dedupe` command uses
question_number, table, text, is_main. Both go through the same checks.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

IMPORT_COLUMNS = ("question", "table", "text", "main")
DEDUPE_COLUMNS = ("question_number", "table", "text", "is_main")
TRUE = {"1", "ja", "j", "yes", "y", "true", "sann", "x"}
FALSE = {"", "0", "nei", "n", "no", "false", "usann"}
MAX_ROWS = 20000


class ColumnError(ValueError):
    """The file's header is not the expected columns; the message says which are wrong."""


@dataclass
class NoteRow:
    line: int  # line in the file (the header is line 1)
    question: int | None
    table: str
    text: str
    is_main: bool
    errors: list[str] = field(default_factory=list)


def check_header(header: list[str], columns: tuple[str, ...]) -> None:
    names = [(h or "").strip().lower() for h in header]
    missing = [c for c in columns if c not in names]
    extra = [h for h in names if h and h not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(_("mangler kolonne: %(c)s") % {"c": ", ".join(missing)})
        if extra:
            parts.append(_("ukjent kolonne: %(c)s") % {"c": ", ".join(extra)})
        raise ColumnError(_("Feil kolonner (%(found)s); forventet %(expected)s: %(why)s.") % {
            "found": ", ".join(names) or "–", "expected": ", ".join(columns), "why": "; ".join(parts)})


def parse_row(line: int, values: dict[str, str], columns: tuple[str, ...]) -> NoteRow:
    question_col, table_col, text_col, main_col = columns
    raw_question = (values.get(question_col) or "").strip()
    raw_main = (values.get(main_col) or "").strip().lower()
    row = NoteRow(line=line, question=None, table=(values.get(table_col) or "").strip(),
                  text=(values.get(text_col) or "").strip(), is_main=raw_main in TRUE)
    if raw_question.isdigit() and int(raw_question) > 0:
        row.question = int(raw_question)
    else:
        row.errors.append(_("spørsmålsnummeret «%(v)s» er ikke et positivt heltall") % {"v": raw_question})
    if not row.table:
        row.errors.append(_("bord mangler"))
    if not row.text:
        row.errors.append(_("teksten er tom"))
    if raw_main not in TRUE | FALSE:
        row.errors.append(_("hovedutsagn må være ja/nei eller 1/0, ikke «%(v)s»") % {"v": raw_main})
    return row


def parse(records: list[list[str]], columns: tuple[str, ...]) -> list[NoteRow]:
    """Rows from a header and records; raises ColumnError for wrong columns or too many rows."""
    if not records:
        raise ColumnError(_("Filen er tom."))
    check_header(records[0], columns)
    names = [(h or "").strip().lower() for h in records[0]]
    if len(records) - 1 > MAX_ROWS:
        raise ColumnError(_("Filen har flere enn %(n)s rader.") % {"n": MAX_ROWS})
    return [parse_row(number, dict(zip(names, [("" if v is None else str(v)) for v in record])), columns)
            for number, record in enumerate(records[1:], start=2) if any(str(v or "").strip() for v in record)]


def read_records(name: str, data: bytes) -> list[list[str]]:
    """Cells of a CSV (comma or semicolon, UTF-8) or the first sheet of an XLSX file."""
    if name.lower().endswith(".xlsx"):
        return read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ColumnError(_("Filen er ikke UTF-8-tekst (CSV) eller XLSX.")) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ColumnError(_("Filen kunne ikke leses som XLSX.")) from error
    return [["" if v is None else str(v).removesuffix(".0") if isinstance(v, float) else str(v) for v in row]
            for row in sheet.iter_rows(values_only=True)]
