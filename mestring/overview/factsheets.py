"""One-page fact sheets (PDF) for a kommune or a helseforetak: aggregate figures only, so they are public.

Figures come from the overview selectors (today's borders, cached per data version and invalidated
by every relevant save), so a fact sheet agrees with the overview pages and the national report.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table as Layout

from mestring.overview import report_pdf as pdf
from mestring.overview import selectors
from mestring.overview.cache import cached
from mestring.overview.selectors import Filters
from mestring.structure.models import Unit
from mestring.structure.selectors import health_trust_for

SERIES_YEARS = 5
MAX_LISTED = 6


def figures(unit: Unit, year: int) -> dict:
    is_kommune = unit.kind == Unit.Kind.KOMMUNE
    filters = Filters(kommune=unit.code) if is_kommune else Filters(hf=unit.code)
    level = "kommune" if is_kommune else "hf"
    per_capita = selectors.offers_per_10k(year, level, filters)
    own = next((row for row in per_capita.rows if row.code == unit.code), per_capita.total)
    codes = selectors.kommuner_in(filters)
    change = selectors.change_over_years(range(year - SERIES_YEARS + 1, year + 1), filters)
    digital = selectors.by_dimension(year, "digital", filters)
    return {"unit": unit, "year": year, "codes": codes, "population": own.population, "runs": own.runs,
            "offers": own.offers, "participants": own.participants, "per_10k": own.participants_per_10k,
            "national_per_10k": selectors.offers_per_10k(year, "kommune").total.participants_per_10k,
            "user_share": selectors.user_participation(year, filters, level).total.share,
            "digital_share": round(100 * digital.digital_runs / digital.total_runs, 1) if digital.total_runs else None,
            "services": services_for(unit, year, filters),
            "diagnoses": [r.label for r in selectors.by_dimension(year, "diagnose", filters).rows if r.runs and r.key],
            "without_offer": len(selectors.offers_per_10k(year, "kommune", filters).without_offer),
            "series": [{"year": r.year, "participants": r.participants} for r in change.rows]}


def services_for(unit: Unit, year: int, filters: Filters) -> list[str]:
    """The kommune's services (hosted or shared), or the HF's own services and a count of its kommuners'."""
    found = selectors.services_by_unit(year, filters)
    if unit.kind == Unit.Kind.KOMMUNE:
        return list(found.rows[0].service_names) if found.rows else []
    own = [name for row in found.hf_rows if row.code == unit.code for name in row.service_names]
    municipal = len({name for row in found.rows for name in row.service_names})
    return own + ([f"{municipal} kommunale tjenester i opptaksområdet"] if municipal else [])


def cached_factsheet_pdf(unit: Unit, year: int) -> bytes:
    """The PDF, drawn once per data version (the map alone has 357 shapes): public GETs stay cheap."""
    return cached("factsheet_pdf", (unit.kind, unit.code, year), lambda: factsheet_pdf(unit, year))


def factsheet_pdf(unit: Unit, year: int) -> bytes:
    data = figures(unit, year)
    style = pdf.styles()
    place = f"{unit.name} kommune" if unit.kind == Unit.Kind.KOMMUNE else unit.name
    story = [Paragraph(pdf.escape(f"Faktaark {year}: {place}"), style["title"]),
             Paragraph(pdf.escape(context_line(unit, data)), style["body"]),
             Paragraph(pdf.escape(summary(data)), style["body"]),
             top_row(data, style), pdf.spacer(2)]
    story += lists(data, style)
    story.append(Paragraph("Tall i dagens kommunegrenser. Et kurs telles der det ble holdt. Per 10 000: deltakere i "
                           "kurs holdt i området delt på folketallet 1. januar, ganget med 10 000. Kilder: aktivitetsrapportene "
                           "og tjenesteregisteret i mestring, SSB (folketall), Kartverket (grenser, CC BY 4.0).",
                           style["small"]))
    return pdf.render(story, title=f"Faktaark {year}: {place}",
                      subject=f"Lærings- og mestringstilbud i {place} i {year}",
                      keywords=["faktaark", place, str(year)], footer=f"Faktaark {year} – {place}", with_toc=False)


def context_line(unit: Unit, data: dict) -> str:
    if unit.kind == Unit.Kind.KOMMUNE:
        trust = health_trust_for(unit)
        fylke = unit.parent.name if unit.parent else ""
        return (f"Kommunenummer {unit.code}, {fylke}. Helseforetak: {trust.hf.name if trust else 'ikke kjent'}. "
                f"Innbyggere: {pdf.number(data['population'])}.")
    region = unit.parent.name if unit.parent else ""
    return (f"{region}. Opptaksområdet har {pdf.number(len(data['codes']))} kommuner med "
            f"{pdf.number(data['population'])} innbyggere; i {pdf.number(data['without_offer'])} av dem ble "
            f"ingen kurs holdt i {data['year']}.")


def summary(data: dict) -> str:
    year, per_10k, national = data["year"], data["per_10k"], data["national_per_10k"]
    text = (f"I {year} ble det holdt {pdf.number(data['runs'])} kurs i {pdf.number(data['offers'])} "
            f"kurstilbud med {pdf.number(data['participants'])} deltakere. ")
    if per_10k is not None and national:
        comparison = "over" if per_10k > national else "under" if per_10k < national else "likt med"
        text += (f"Det er {pdf.number(per_10k, 'decimal')} deltakere per 10 000 innbyggere, {comparison} "
                 f"landet som helhet ({pdf.number(national, 'decimal')}).")
    return text


def top_row(data: dict, style) -> Layout:
    """Key figures on the left, a locator map on the right."""
    rows = [("Kurs holdt", pdf.number(data["runs"])), ("Deltakere", pdf.number(data["participants"])),
            ("Kurstilbud", pdf.number(data["offers"])),
            ("Deltakere per 10 000", pdf.number(data["per_10k"], "decimal")),
            ("Landet per 10 000", pdf.number(data["national_per_10k"], "decimal")),
            ("Med erfarne brukere (%)", pdf.number(data["user_share"], "decimal")),
            ("Digitale kurs (%)", pdf.number(data["digital_share"], "decimal")),
            ("Innbyggere", pdf.number(data["population"]))]
    figures_table = pdf.data_table(["Nøkkeltall", "Verdi"], rows, style, widths=[55 * mm, 28 * mm])
    chart = pdf.bar_chart([str(r["year"]) for r in data["series"]], [r["participants"] for r in data["series"]],
                          width=88 * mm, horizontal=False, title="Deltakere per år")
    left = Layout([[figures_table], [pdf.spacer(3)], [chart]], colWidths=[90 * mm], hAlign="LEFT")
    locator, _legend = pdf.choropleth({code: 1 for code in data["codes"]}, width=62 * mm,
                                      highlight=set(data["codes"]))
    for shape in locator.contents:
        shape.fillColor = pdf.ACCENT if shape.fillColor != pdf.NO_DATA else colors.HexColor("#DDDDDD")
    layout = Layout([[left, locator]], colWidths=[95 * mm, 70 * mm], hAlign="LEFT")
    layout.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    return layout


def lists(data: dict, style) -> list:
    services = data["services"]
    shown = services[:MAX_LISTED] + ([f"… og {len(services) - MAX_LISTED} til"] if len(services) > MAX_LISTED else [])
    diagnoses = ", ".join(data["diagnoses"]) or f"Ingen kurs holdt i {data['year']}."
    return [Paragraph("Tjenester", style["h2"]),
            Paragraph(pdf.escape("; ".join(shown) or "Ingen registrerte tjenester."), style["body"]),
            Paragraph(pdf.escape(f"Diagnosegrupper med kurs i {data['year']}"), style["h2"]),
            Paragraph(pdf.escape(diagnoses), style["body"])]
