"""The national report for a year: the figures it gathers, step by step, and the tables it shows.

A `ReportJob` runs `STEPS` in order; each step reads the database or the figures earlier steps kept
in `job.data`, and may be run again after a crash without changing the outcome. The PDF and the XLSX
show the same `report_tables`, so the two files never disagree.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mestring.overview import report_data as rd

STEPS: list[tuple[str, int]] = [  # (what the progress page says while it runs, progress when done)
    ("Henter aktivitet og folketall", 25),
    ("Fordeler på diagnosegrupper, målgrupper og språk", 40),
    ("Regner ut utviklingen over fem år", 55),
    ("Lager PDF med figurer, kart og tabeller", 85),
    ("Lager regneark (XLSX)", 100),
]


def gather_places(year: int) -> dict:
    """Step 1: totals and the tables per kommune, fylke and HF, in today's borders."""
    places = rd.current_places()
    population = rd.populations(year)
    rows = rd.activity_rows(year)
    national, kommuner, fylker, hfs = rd.sums_by_place(rows, places)
    services, offers, hf_services, covered = rd.services_by_kommune(places)
    hf_offers = rd.offers_per_hf()
    kommune_rows = []
    for code, place in places.kommuner.items():
        sums = rd.rounded(kommuner.get(code, rd.empty_sums()))
        kommune_rows.append({
            "code": code, "name": place["name"], "fylke": places.fylker.get(place["fylke"], ""),
            "hf": places.hfs.get(place["hf"], ""), "population": population.get(code, 0),
            "services": round(services.get(code, 0)), "offers": round(offers.get(code, 0)),
            "runs": sums["runs"], "participants": sums["participants"],
            "per_10k": rd.per_10k(sums["participants"], population.get(code, 0)),
            "offers_per_10k": rd.per_10k(offers.get(code, 0), population.get(code, 0)),
            "covered": code in covered})
    return {
        "year": year,
        "totals": totals(national, population, services, offers, hf_services, hf_offers, len(rows)),
        "kommuner": kommune_rows,
        "fylker": area_rows(places.fylker, fylker, kommune_rows, "fylke"),
        "hfs": area_rows(places.hfs, hfs, kommune_rows, "hf", own_services=hf_services, own_offers=hf_offers),
        "without_offer": [{"code": r["code"], "name": r["name"], "fylke": r["fylke"], "population": r["population"]}
                          for r in kommune_rows if not r["offers"] and not r["runs"] and not r["covered"]],
    }


def totals(national: dict, population: dict, services: dict, offers: dict, hf_services: dict,
           hf_offers: dict, reported_runs: int) -> dict:
    sums = rd.rounded(national)
    inhabitants = sum(population.values())
    return {**sums, "population": inhabitants, "reported_runs": reported_runs,
            "services": round(sum(services.values())) + sum(hf_services.values()),
            "offers": round(sum(offers.values())) + sum(hf_offers.values()),
            "per_10k": rd.per_10k(national["participants"], inhabitants),
            "user_share": rd.share(national["user_taught"], national["runs"]),
            "digital_share": rd.share(national["digital"], national["runs"]),
            "minority_share": rd.share(national["minority_language"], national["runs"])}


def area_rows(names: dict[str, str], sums: dict, kommune_rows: list[dict], key: str, *,
              own_services: dict | None = None, own_offers: dict | None = None) -> list[dict]:
    """One row per fylke or HF: its kommuner's figures added up, plus an HF's own services."""
    rows = []
    for code, name in names.items():
        members = [r for r in kommune_rows if r[key] == name]
        population = sum(r["population"] for r in members)
        area = rd.rounded(sums.get(code, rd.empty_sums()))
        services = sum(r["services"] for r in members) + (own_services or {}).get(code, 0)
        offers = sum(r["offers"] for r in members) + (own_offers or {}).get(code, 0)
        rows.append({"code": code, "name": name, "kommuner": len(members), "population": population,
                     "services": services, "offers": offers, "runs": area["runs"],
                     "participants": area["participants"], "per_10k": rd.per_10k(area["participants"], population),
                     "user_share": rd.share(area["user_taught"], area["runs"]),
                     "without_offer": sum(1 for r in members if not r["offers"] and not r["runs"] and not r["covered"])})
    return sorted(rows, key=lambda r: r["name"])


def gather_breakdowns(year: int) -> dict:
    """Step 2: diagnosis groups, target groups and languages."""
    rows = rd.activity_rows(year)
    return {"diagnosis": [rd.rounded_named(r) for r in rd.by_terms(rows, "diagnosis")],
            "target": [rd.rounded_named(r) for r in rd.by_terms(rows, "target")],
            "language": [rd.rounded_named(r) for r in rd.by_language(rows)]}


def gather_series(year: int) -> dict:
    """Step 3: the five years up to the report's year."""
    return {"series": rd.yearly_series(year)}


GATHERERS: list[Callable[[int], dict]] = [gather_places, gather_breakdowns, gather_series]


# --- the tables both files show ------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "int"  # int, decimal, text


@dataclass(frozen=True)
class Table:
    key: str
    sheet: str  # XLSX sheet name (at most 31 characters)
    title: str
    columns: tuple[Column, ...]
    rows: list[dict]
    note: str = ""


AREA_COLUMNS = (Column("Kommuner", "kommuner"), Column("Innbyggere", "population"),
                Column("Tjenester", "services"), Column("Kurstilbud", "offers"), Column("Kurs holdt", "runs"),
                Column("Deltakere", "participants"), Column("Deltakere per 10 000", "per_10k", "decimal"),
                Column("Andel med erfarne brukere (%)", "user_share", "decimal"),
                Column("Kommuner uten tilbud", "without_offer"))
GROUP_COLUMNS = (Column("Kurs holdt", "runs"), Column("Deltakere", "participants"),
                 Column("Pasienter og brukere", "patients"), Column("Pårørende", "relatives"),
                 Column("Samlinger", "sessions"), Column("Timer", "hours", "decimal"))


def key_figures(data: dict) -> list[dict]:
    t = data["totals"]
    return [{"name": name, "value": value} for name, value in (
        ("Innbyggere 1. januar", t["population"]), ("Registrerte tjenester", t["services"]),
        ("Aktive kurstilbud i registeret", t["offers"]), ("Kurs holdt (rapportert)", t["runs"]),
        ("Deltakere i alt", t["participants"]), ("Pasienter og brukere", t["patients"]),
        ("Pårørende", t["relatives"]), ("Samlinger", t["sessions"]), ("Timer", t["hours"]),
        ("Deltakere per 10 000 innbyggere", t["per_10k"]),
        ("Andel kurs med erfarne brukere som undervisere (%)", t["user_share"]),
        ("Andel digitale kurs (%)", t["digital_share"]),
        ("Andel kurs på andre språk enn norsk (%)", t["minority_share"]))]


def report_tables(data: dict) -> list[Table]:
    named = (Column("Navn", "name", "text"),)
    return [
        Table("key", "Nøkkeltall", "Nøkkeltall for landet",
              (Column("Nøkkeltall", "name", "text"), Column("Verdi", "value", "decimal")), key_figures(data)),
        Table("fylker", "Fylker", "Fylker", named + AREA_COLUMNS, data["fylker"],
              "Kurs i kommunale tjenester. Kurs i helseforetakenes egne sentre står i tabellen over helseforetak."),
        Table("hfs", "Helseforetak", "Helseforetak (opptaksområder)", named + AREA_COLUMNS, data["hfs"],
              "Helseforetakets egne sentre og de kommunale tjenestene i opptaksområdet."),
        Table("kommuner", "Kommuner", "Kommuner", (
            Column("Nummer", "code", "text"), Column("Kommune", "name", "text"), Column("Fylke", "fylke", "text"),
            Column("Helseforetak", "hf", "text"), Column("Innbyggere", "population"), Column("Tjenester", "services"),
            Column("Kurstilbud", "offers"), Column("Kurstilbud per 10 000", "offers_per_10k", "decimal"),
            Column("Kurs holdt", "runs"), Column("Deltakere", "participants"),
            Column("Deltakere per 10 000", "per_10k", "decimal")), data["kommuner"]),
        Table("diagnosis", "Diagnosegrupper", "Etter diagnosegruppe", (Column("Diagnosegruppe", "name", "text"),)
              + GROUP_COLUMNS, data["diagnosis"],
              "Et kurs for flere diagnosegrupper telles med i hver av dem, så summen kan bli større enn totalen."),
        Table("target", "Målgrupper", "Etter målgruppe", (Column("Målgruppe", "name", "text"),) + GROUP_COLUMNS,
              data["target"], "Et kurs for flere målgrupper telles med i hver av dem."),
        Table("language", "Språk", "Etter språk", (Column("Språkkode (ISO 639)", "name", "text"),) + GROUP_COLUMNS,
              data["language"]),
        Table("series", "Utvikling", "Utvikling over fem år", (
            Column("År", "year", "text"), Column("Kurs holdt", "runs"), Column("Deltakere", "participants"),
            Column("Pasienter og brukere", "patients"), Column("Pårørende", "relatives"),
            Column("Kurs med erfarne brukere", "user_taught"), Column("Digitale kurs", "digital")), data["series"]),
        Table("without", "Uten tilbud", "Kommuner uten tilbud", (
            Column("Nummer", "code", "text"), Column("Kommune", "name", "text"), Column("Fylke", "fylke", "text"),
            Column("Innbyggere", "population")), data["without_offer"],
            "Kommuner uten eget kurstilbud, uten rapporterte kurs og uten medlemskap i et interkommunalt samarbeid."),
    ]
