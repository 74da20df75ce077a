"""One-page fact sheets (PDF) for a kommune or a helseforetak: aggregate figures only, so they are public.

Figures are counted exactly as in the national report (`report_data.sums_by_place`, today's borders).
The sums per year are cached under a key that changes whenever an activity report or a service
changes, so a fact sheet never shows stale figures and never needs explicit invalidation.
"""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table as Layout

from mestring.activity.models import ActivityReport, RunActivity
from mestring.overview import report_data as rd
from mestring.overview import report_pdf as pdf
from mestring.registry.models import CourseOffer, Service, Status
from mestring.structure.models import Unit
from mestring.structure.selectors import catchment_areas, health_trust_for

CACHE_SECONDS = 60 * 60
MAX_LISTED = 6


def data_version() -> str:
    """Changes when any activity report, reported run or service changes (or one is deleted)."""
    reports = ActivityReport.objects.aggregate(n=Count("pk"), last=Max("modified"))
    runs = RunActivity.objects.count()
    services = Service.objects.aggregate(n=Count("pk"), last=Max("modified"))
    offers = CourseOffer.objects.aggregate(n=Count("pk"), last=Max("modified"))
    return "|".join(str(v) for v in (reports["n"], reports["last"], runs, services["n"], services["last"],
                                     offers["n"], offers["last"]))


def year_sums(year: int, version: str) -> dict:
    """National, per-kommune and per-HF sums for `year` plus population, cached per data version."""
    key = f"overview:factsheet-sums:{year}:{hashlib.sha256(version.encode()).hexdigest()[:20]}"
    found = cache.get(key)
    if found is None:
        places = rd.current_places()
        national, kommuner, _fylker, hfs = rd.sums_by_place(rd.activity_rows(year), places)
        found = {"national": rd.rounded(national), "population": rd.populations(year),
                 "kommuner": {k: rd.rounded(v) for k, v in kommuner.items()},
                 "hfs": {k: rd.rounded(v) for k, v in hfs.items()}}
        cache.set(key, found, CACHE_SECONDS)
    return found


def area_codes(unit: Unit) -> list[str]:
    """Today's kommuner the fact sheet covers: the kommune itself, or the HF's catchment."""
    if unit.kind == Unit.Kind.KOMMUNE:
        return [unit.code]
    return sorted({a.code if a.kind == Unit.Kind.KOMMUNE else a.parent.code
                   for a in catchment_areas(unit) if a.kind == Unit.Kind.KOMMUNE or a.parent})


def figures(unit: Unit, year: int) -> dict:
    version = data_version()
    codes = area_codes(unit)
    series = []
    for each in range(year - rd.SERIES_YEARS + 1, year + 1):
        sums = year_sums(each, version)
        series.append({"year": each, **own_sums(unit, sums)})
    this = year_sums(year, version)
    own = own_sums(unit, this)
    population = sum(this["population"].get(code, 0) for code in codes)
    national_population = sum(this["population"].values())
    return {"unit": unit, "year": year, "codes": codes, "population": population, **own,
            "per_10k": rd.per_10k(own["participants"], population),
            "national_per_10k": rd.per_10k(this["national"]["participants"], national_population),
            "user_share": rd.share(own["user_taught"], own["runs"]),
            "digital_share": rd.share(own["digital"], own["runs"]),
            "services": services_for(unit, codes), "diagnoses": diagnoses_for(unit, codes),
            "series": series}


def own_sums(unit: Unit, sums: dict) -> dict:
    table = sums["kommuner"] if unit.kind == Unit.Kind.KOMMUNE else sums["hfs"]
    return table.get(unit.code, rd.empty_sums())


def hosted_services(unit: Unit, codes: list[str]):
    active = Service.objects.filter(status=Status.ACTIVE)
    if unit.kind == Unit.Kind.HF:
        return active.filter(host_unit=unit)
    return active.filter(host_unit__code__in=codes, host_unit__kind=Unit.Kind.KOMMUNE,
                         host_unit__valid_to__isnull=True) | active.filter(
        host_unit__parent__code__in=codes, host_unit__kind=Unit.Kind.BYDEL, host_unit__valid_to__isnull=True)


def services_for(unit: Unit, codes: list[str]) -> list[str]:
    services = hosted_services(unit, codes).order_by("name")
    return [f"{s.name} ({s.get_form_display().lower()})" for s in services]


def diagnoses_for(unit: Unit, codes: list[str]) -> list[str]:
    offers = CourseOffer.objects.public().filter(service__in=hosted_services(unit, codes))
    return sorted(set(offers.values_list("diagnosis_groups__name", flat=True)) - {None})


def factsheet_pdf(unit: Unit, year: int) -> bytes:
    data = figures(unit, year)
    style = pdf.styles()
    place = f"{unit.name} kommune" if unit.kind == Unit.Kind.KOMMUNE else unit.name
    story = [pdf.heading(f"Faktaark {year}: {place}", style["title"], 0),
             Paragraph(pdf.escape(context_line(unit, data)), style["body"]),
             Paragraph(pdf.escape(summary(data)), style["body"]),
             top_row(data, style), pdf.spacer(2)]
    story += lists(data, style)
    story.append(Paragraph("Tall i dagens kommunegrenser. Per 10 000: deltakere i kurs holdt av tjenester i "
                           "området delt på folketallet 1. januar, ganget med 10 000. Kilder: aktivitetsrapportene "
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
            f"{pdf.number(data['population'])} innbyggere.")


def summary(data: dict) -> str:
    year, per_10k, national = data["year"], data["per_10k"], data["national_per_10k"]
    text = (f"I {year} ble det holdt {pdf.number(data['runs'])} kurs med {pdf.number(data['participants'])} "
            f"deltakere ({pdf.number(data['patients'])} pasienter og brukere, {pdf.number(data['relatives'])} "
            f"pårørende). ")
    if per_10k is not None and national:
        comparison = "over" if per_10k > national else "under" if per_10k < national else "likt med"
        text += (f"Det er {pdf.number(per_10k, 'decimal')} deltakere per 10 000 innbyggere, {comparison} "
                 f"landet som helhet ({pdf.number(national, 'decimal')}).")
    return text


def top_row(data: dict, style) -> Layout:
    """Key figures on the left, a locator map on the right."""
    rows = [("Kurs holdt", pdf.number(data["runs"])), ("Deltakere", pdf.number(data["participants"])),
            ("Deltakere per 10 000", pdf.number(data["per_10k"], "decimal")),
            ("Landet per 10 000", pdf.number(data["national_per_10k"], "decimal")),
            ("Med erfarne brukere (%)", pdf.number(data["user_share"], "decimal")),
            ("Digitale kurs (%)", pdf.number(data["digital_share"], "decimal")),
            ("Tjenester", pdf.number(len(data["services"]))), ("Innbyggere", pdf.number(data["population"]))]
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
    diagnoses = ", ".join(data["diagnoses"]) or "Ingen aktive kurstilbud i registeret."
    return [Paragraph("Tjenester", style["h2"]),
            Paragraph(pdf.escape("; ".join(shown) or "Ingen registrerte tjenester."), style["body"]),
            Paragraph("Diagnosegrupper med kurstilbud", style["h2"]),
            Paragraph(pdf.escape(diagnoses), style["body"])]
