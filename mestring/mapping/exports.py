"""Answers as a table (CSV or XLSX): codes or labels, one 0/1 column per choice of a multiple choice."""
from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from mestring.mapping.answers import Field, schema_for
from mestring.mapping.models import Campaign, ExportLog, Question, Questionnaire, Response
from mestring.core.spreadsheets import safe_cell as neutralise

BASE_COLUMNS = ["kommunenummer", "enhet", "status", "kanal", "sendt_inn"]
PERSONAL_COLUMNS = ["mottaker_navn", "mottaker_epost"]


def columns_for(fields: list[Field]) -> list[str]:
    columns = []
    for f in fields:
        if f.kind == Question.Kind.SELECT_MULTIPLE:
            columns += [f"{f.name}/{value}" for value in f.choice_values]
        elif f.kind == Question.Kind.REPEAT:
            columns += [f"{f.name}/{c.name}" for c in f.children]
        elif f.kind != Question.Kind.NOTE:
            columns.append(f.name)
    return columns


def label_of(f: Field, value: Any, labels: bool) -> Any:
    if labels and f.kind == Question.Kind.SELECT_ONE:
        return dict(f.choices).get(value, value)
    return "" if value is None else value


def cells_for(fields: list[Field], data: dict[str, Any], labels: bool) -> list[Any]:
    cells: list[Any] = []
    for f in fields:
        value = data.get(f.name)
        if f.kind == Question.Kind.SELECT_MULTIPLE:
            chosen = value if isinstance(value, list) else []
            cells += [1 if v in chosen else 0 for v in f.choice_values]
        elif f.kind == Question.Kind.REPEAT:
            rows = value if isinstance(value, list) else []
            cells += ["; ".join(str(label_of(c, r.get(c.name), labels)) for r in rows if isinstance(r, dict))
                      for c in f.children]
        elif f.kind != Question.Kind.NOTE:
            cells.append(label_of(f, value, labels))
    return cells


def table(questionnaire: Questionnaire, *, labels: bool, personal: bool) -> list[list[Any]]:
    fields = schema_for(questionnaire)
    header = BASE_COLUMNS + (PERSONAL_COLUMNS if personal else []) + columns_for(fields)
    rows: list[list[Any]] = [header]
    responses = (questionnaire.responses.filter(status=Response.Status.SUBMITTED)
                 .select_related("unit", "recipient").order_by("unit__code"))
    for r in responses:
        base = [r.unit.code, r.unit.name, r.get_status_display(), r.get_channel_display(),
                r.submitted_at.isoformat(timespec="minutes") if r.submitted_at else ""]
        who = [r.recipient.name, r.recipient.email] if r.recipient else ["", ""]
        rows.append(base + (who if personal else []) + cells_for(fields, r.data, labels))
    return rows


def as_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode()




def as_xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "svar"
    for row in rows:
        sheet.append([neutralise(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def export_answers(*, campaign: Campaign, questionnaire: Questionnaire, user, file_format: str, labels: bool,
                   personal: bool) -> bytes:
    """The file, and a log row saying who took it and whether it held personal data."""
    rows = table(questionnaire, labels=labels, personal=personal)
    ExportLog.objects.create(campaign=campaign, user=user, file_format=file_format, labels=labels,
                             personal_data=personal, rows=len(rows) - 1)
    return as_xlsx(rows) if file_format == "xlsx" else as_csv(rows)
