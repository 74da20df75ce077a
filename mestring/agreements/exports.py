"""CSV and XLSX export of the HF–kommune pairs with their confirmed level."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from mestring.agreements.scale import label
from mestring.core.spreadsheets import safe_cell as safe

HEADER = ["RHF", "Helseforetak", "Kommunenummer", "Kommune", "Avtale", "Bekreftet nivå", "Nivå (tekst)"]


def rows(pairs) -> list[list]:
    return [[p.rhf, p.hf, p.kommune_code, p.kommune, p.agreement.title,
             "" if p.level is None else p.level, "" if p.level is None else label(p.level)] for p in pairs]


def as_csv(pairs) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows([[safe(v) for v in row] for row in rows(pairs)])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"




def as_xlsx(pairs) -> tuple[bytes, str]:
    book = Workbook()
    sheet = book.active
    sheet.title = "Avtaler"
    sheet.append(HEADER)
    for row in rows(pairs):
        sheet.append([safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMATS = {"csv": as_csv, "xlsx": as_xlsx}
