"""Participant lists as CSV and XLSX, and name badges as PDF, for the staff running an event."""
from __future__ import annotations

import csv
import io

from django.utils import timezone
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from mestring.network.models import Registration
from mestring.core.spreadsheets import safe_cell as _safe_cell

HEADER = ["Navn", "E-post", "Organisasjon/enhet", "Rolle", "Spesialkost", "Tilrettelegging", "Status",
          "Påmeldt", "Møtt"]


def _row(registration: Registration) -> list[str]:
    local = timezone.localtime
    return [registration.name, registration.email, registration.organisation, registration.role,
            registration.dietary_needs, registration.accessibility_needs, registration.get_status_display(),
            local(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            local(registration.checked_in_at).strftime("%Y-%m-%d %H:%M") if registration.checked_in_at else ""]




def participants_csv(registrations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for registration in registrations:
        writer.writerow([_safe_cell(value) for value in _row(registration)])
    return ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens æøå right


def participants_xlsx(registrations) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Deltakere")
    sheet.append(HEADER)
    for registration in registrations:
        sheet.append([_safe_cell(value) for value in _row(registration)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BADGE_W, BADGE_H = 90 * mm, 55 * mm
COLUMNS, ROWS = 2, 5
MARGIN_X, MARGIN_Y = (A4[0] - COLUMNS * BADGE_W) / 2, (A4[1] - ROWS * BADGE_H) / 2


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits the badge."""
    while size > 8 and stringWidth(text, font, size) > width:
        size -= 1
    return size


def _badge(pdf: canvas.Canvas, x: float, y: float, registration: Registration, title: str) -> None:
    pdf.setStrokeColorRGB(0.7, 0.7, 0.7)
    pdf.rect(x, y, BADGE_W, BADGE_H)
    width = BADGE_W - 10 * mm
    pdf.setFont("Helvetica", 9)
    pdf.drawCentredString(x + BADGE_W / 2, y + BADGE_H - 10 * mm, title[:70])
    size = _fit(registration.name, "Helvetica-Bold", 22, width)
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawCentredString(x + BADGE_W / 2, y + BADGE_H / 2, registration.name)
    size = _fit(registration.organisation, "Helvetica", 13, width)
    pdf.setFont("Helvetica", size)
    pdf.drawCentredString(x + BADGE_W / 2, y + BADGE_H / 2 - 9 * mm, registration.organisation)


def badges_pdf(registrations, *, title: str, compress: bool = True) -> bytes:
    """Ten badges (90 × 55 mm) per A4 page with cutting lines, one per participant with a seat."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=int(compress))
    pdf.setTitle(f"Navneskilt – {title}")
    per_page = COLUMNS * ROWS
    for index, registration in enumerate(registrations):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        x = MARGIN_X + (slot % COLUMNS) * BADGE_W
        y = A4[1] - MARGIN_Y - (slot // COLUMNS + 1) * BADGE_H
        _badge(pdf, x, y, registration, title)
    pdf.save()
    return buffer.getvalue()
