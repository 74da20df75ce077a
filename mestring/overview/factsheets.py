"""One-page fact sheets (tagged PDF/UA-1) for a kommune or a helseforetak: aggregate figures only, so public.

Figures come from the overview selectors (today's borders, cached per data version and invalidated
by every relevant save), so a fact sheet agrees with the overview pages and the national report.
"""
from __future__ import annotations

from mestring.overview import report_pdf as pdf
from mestring.overview import selectors
from mestring.overview.cache import cached, is_cached
from mestring.overview.selectors import Filters
from mestring.structure import maps
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


def factsheet_is_drawn(unit: Unit, year: int) -> bool:
    return is_cached("factsheet_pdf", (unit.kind, unit.code, year))


def factsheet_pdf(unit: Unit, year: int) -> bytes:
    return pdf.render("overview/pdf/factsheet.html", factsheet_context(unit, figures(unit, year)))


def factsheet_context(unit: Unit, data: dict) -> dict:
    year = data["year"]
    place = f"{unit.name} kommune" if unit.kind == Unit.Kind.KOMMUNE else unit.name
    series = data["series"]
    return {
        "title": f"Faktaark {year}: {place}", "subject": f"Lærings- og mestringstilbud i {place} i {year}",
        "keywords": f"faktaark, {place}, {year}", "footer": f"Faktaark {year} – {place}", "year": year,
        "context_line": context_line(unit, data), "summary": summary(data), "key_table": key_table(data),
        "series_chart": pdf.bar_figure("Deltakere per år", [str(r["year"]) for r in series],
                                       [r["participants"] for r in series], kind="decimal",
                                       alt_end="Tallene står i tabellen ved siden av."),
        "series_table": pdf.simple_table("Deltakere per år", ("År", "Deltakere"),
                                         [(str(r["year"]), pdf.number(r["participants"], "decimal")) for r in series]),
        "locator": locator(unit, data, place), **lists(data),
    }


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


def key_table(data: dict) -> pdf.PrintTable:
    return pdf.simple_table("Nøkkeltall", ("Nøkkeltall", "Verdi"), [
        ("Kurs holdt", pdf.number(data["runs"])), ("Deltakere", pdf.number(data["participants"])),
        ("Kurstilbud", pdf.number(data["offers"])),
        ("Deltakere per 10 000", pdf.number(data["per_10k"], "decimal")),
        ("Landet per 10 000", pdf.number(data["national_per_10k"], "decimal")),
        ("Med erfarne brukere (%)", pdf.number(data["user_share"], "decimal")),
        ("Digitale kurs (%)", pdf.number(data["digital_share"], "decimal")),
        ("Innbyggere", pdf.number(data["population"]))])


def locator(unit: Unit, data: dict, place: str) -> dict:
    """Norway's kommuner with the unit's own (a kommune, or an HF's catchment) in colour."""
    label = place if unit.kind == Unit.Kind.KOMMUNE else "Opptaksområdet"
    base, areas, legend = maps.category_map({code: label for code in data["codes"]})
    which = (f"{place} er markert" if unit.kind == Unit.Kind.KOMMUNE
             else f"opptaksområdet til {place}, {pdf.number(len(data['codes']))} kommuner, er markert")
    return {"map": {"base": base, "areas": areas}, "swatches": pdf.swatches(legend, with_counts=False),
            "alt": f"Kart over Norges kommuner der {which}.", "source": "Kart: © Kartverket, CC BY 4.0."}


def lists(data: dict) -> dict:
    services = data["services"]
    shown = services[:MAX_LISTED] + ([f"… og {len(services) - MAX_LISTED} til"] if len(services) > MAX_LISTED else [])
    return {"services": "; ".join(shown) or "Ingen registrerte tjenester.",
            "diagnoses": ", ".join(data["diagnoses"]) or f"Ingen kurs holdt i {data['year']}."}
