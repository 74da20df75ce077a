"""The national report for a year as a tagged PDF: introduction, key figures, map, charts, tables, method.

The text lives in `overview/pdf/national_report.html`; this module gathers what the template shows.
"""
from __future__ import annotations

from django.utils import timezone

from mestring.overview import charts
from mestring.overview import report_pdf as pdf
from mestring.overview.reports import report_tables

# (id, heading, level): the table of contents, the bookmarks and the headings in the template.
HEADINGS = (
    ("innledning", "1 Innledning", 1),
    ("nokkeltall", "2 Nøkkeltall", 1),
    ("geografi", "3 Geografisk fordeling", 1),
    ("kommuner_kart", "3.1 Deltakere per 10 000 innbyggere, kommuner", 2),
    ("fylker", "3.2 Fylker", 2),
    ("helseforetak", "3.3 Helseforetak", 2),
    ("grupper", "4 Diagnosegrupper og målgrupper", 1),
    ("diagnosegrupper", "4.1 Diagnosegrupper", 2),
    ("malgrupper", "4.2 Målgrupper", 2),
    ("sprak", "5 Språk, digitale kurs og brukermedvirkning", 1),
    ("utvikling", "6 Utvikling over fem år", 1),
    ("uten_tilbud", "7 Kommuner uten tilbud og avstand til tilbud", 1),
    ("ingen_kurs", "7.1 Kommuner der ingen kurs ble holdt", 2),
    ("avstand", "7.2 Største avstander til nærmeste tilbud", 2),
    ("alle_kommuner", "8 Alle kommuner", 1),
    ("metode", "9 Metode", 1),
)
TOP_GROUPS = 15


def national_report_pdf(data: dict) -> bytes:
    return pdf.render("overview/pdf/national_report.html", report_context(data))


def report_context(data: dict) -> dict:
    year = data["year"]
    tables = {t.key: pdf.print_table(t) for t in report_tables(data)}
    return {
        "year": year, "made": timezone.localtime().strftime("%d.%m.%Y"),
        "title": f"Lærings- og mestringstilbud i Norge {year}: nasjonal rapport",
        "subject": f"Nasjonal oversikt over lærings- og mestringstilbud og aktivitet i {year}",
        "keywords": f"lærings- og mestringstilbud, likeverdig tilgang, {year}",
        "footer": f"Nasjonal rapport {year}",
        "toc": [{"id": i, "text": text, "level": level} for i, text, level in HEADINGS],
        "h": {i: text for i, text, _level in HEADINGS},
        "t": pdf.numbers(data["totals"]), "tables": tables, "without_count": pdf.number(len(data["without_offer"])),
        "year_locked": bool(data["totals"].get("locked")),
        "map": kommune_map(data), **figures(data),
    }


def kommune_map(data: dict) -> dict:
    values = {r["code"]: r["participants_per_10k"] for r in data["kommuner"]}
    choropleth = charts.Choropleth(values, unit="per 10 000", none_label="Ingen deltakere")
    alt = ("Kart over Norges kommuner farget etter deltakere per 10 000 innbyggere, fra lys gul (få) til mørk "
           "lilla (mange); skravert betyr ingen deltakere. Tallene for hver kommune står i kapittel 8.")
    return {"map": choropleth, "swatches": pdf.swatches(choropleth.legend), "alt": alt,
            "source": "Kart: © Kartverket, CC BY 4.0. Kommunegrenser 2024, forenklet."}


def figures(data: dict) -> dict:
    fylker = sorted(data["fylker"], key=lambda r: -(r["participants_per_10k"] or 0))
    diagnosis = [r for r in data["diagnosis"] if r["runs"]][:TOP_GROUPS]
    target = [r for r in data["target"] if r["runs"]][:TOP_GROUPS]
    series = data["series"]
    return {
        "fylker_chart": pdf.bar_figure("Deltakere per 10 000 innbyggere, fylker", [r["name"] for r in fylker],
                                       [r["participants_per_10k"] for r in fylker], kind="decimal"),
        "diagnosis_chart": pdf.bar_figure("Deltakere etter diagnosegruppe", [r["label"] for r in diagnosis],
                                          [r["participants"] for r in diagnosis]),
        "target_chart": pdf.bar_figure("Deltakere etter målgruppe", [r["label"] for r in target],
                                       [r["participants"] for r in target]),
        "series_chart": pdf.bar_figure("Deltakere per år", [str(r["year"]) for r in series],
                                       [r["participants"] for r in series], kind="decimal"),
    }
