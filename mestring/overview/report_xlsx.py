"""The national report's tables as an XLSX workbook: one sheet per table, a header row, plain values."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from mestring.core.spreadsheets import safe_cell
from mestring.overview.reports import Table, report_tables


def workbook_bytes(tables: list[Table], *, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.language = "nb-NO"
    for table in tables:
        sheet = workbook.create_sheet(table.sheet[:31])
        sheet.append([column.header for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(row.get(column.key)) for column in table.columns])
        if table.note:
            sheet.append([])
            sheet.append([safe_cell(table.note)])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(40, len(column.header) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def national_report_xlsx(data: dict) -> bytes:
    return workbook_bytes(report_tables(data), title=f"Nasjonal rapport {data['year']}")
