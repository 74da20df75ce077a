"""The national adviser's status list for a reporting year as CSV and XLSX."""
from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mestring.activity.selectors import ServiceStatus
from mestring.core.spreadsheets import safe_cell


def _header() -> list[str]:
    return [_("Tjeneste"), _("Vertsenhet"), _("Enhetskode"), _("Status"), _("Kursstarter rapportert"),
            _("Sist endret"), _("Sendt inn")]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _row(row: ServiceStatus) -> list:
    service = row.service
    return [safe_cell(value) for value in (service.name, service.host_unit.name, service.host_unit.code,
                                           str(row.label), row.runs_reported, _when(row.modified),
                                           _when(row.submitted_at))]


def status_csv(rows: list[ServiceStatus]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header())
    writer.writerows(_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens æøå right


def status_xlsx(rows: list[ServiceStatus], year: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Status %(year)s") % {"year": year})
    sheet.append(_header())
    for row in rows:
        sheet.append(_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
