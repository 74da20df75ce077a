"""CSV and XLSX downloads of the finder's current result (public data only: no personal contacts)."""
from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mestring.registry.models import CourseOffer
from mestring.core.spreadsheets import safe_cell


def header() -> list[str]:
    return [_("Tittel"), _("Tjeneste"), _("Diagnosegrupper"), _("Målgrupper"), _("Form"), _("Språk"),
            _("Timer"), _("Samlinger"), _("Henvisning"), _("Pris (kr)"), _("Steder"), _("Neste oppstart"),
            _("Påmelding"), _("Sist bekreftet"), _("Lenke")]


def row(offer: CourseOffer, base_url: str) -> list:
    runs = getattr(offer, "upcoming_runs", [])
    return [offer.title, offer.service.name, ", ".join(t.name for t in offer.diagnosis_groups.all()),
            ", ".join(t.name for t in offer.target_groups.all()), offer.get_format_display(), offer.languages,
            float(offer.hours) if offer.hours is not None else "", offer.sessions or "",
            _("ja") if offer.referral_required else _("nei"), offer.cost_nok,
            "; ".join(str(loc) for loc in offer.locations.all()),
            runs[0].starts_on.isoformat() if runs else "", offer.sign_up, offer.last_confirmed.isoformat(),
            f"{base_url}/kurs/{offer.pk}/"]




def as_csv(offers: list[CourseOffer], base_url: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows([safe_cell(v) for v in row(o, base_url)] for o in offers)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kurs.csv"'
    return response


def as_xlsx(offers: list[CourseOffer], base_url: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kurs"
    sheet.append(header())
    for offer in offers:
        sheet.append([safe_cell(v) for v in row(offer, base_url)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="kurs.xlsx"'
    return response
