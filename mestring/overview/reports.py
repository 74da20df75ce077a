"""The national report for a year: the figures it gathers, step by step, and the tables it shows.

A `ReportJob` runs `STEPS` in order; each step reads the database or the figures earlier steps kept
in `job.data`, and may be run again after a crash without changing the outcome. The PDF and the XLSX
show the same `report_tables`, so the two files never disagree.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from mestring.overview import facts, selectors

SERIES_YEARS = 5
GAPS_SHOWN = 25

STEPS: list[tuple[str, int]] = [  # (what the progress page says while it runs, progress when done)
    ("Henter aktivitet, tjenester og folketall", 25),
    ("Fordeler på diagnosegrupper, målgrupper, språk og digitale kurs", 40),
    ("Regner ut utviklingen over fem år og avstand til nærmeste tilbud", 55),
    ("Lager PDF med figurer, kart og tabeller", 85),
    ("Lager regneark (XLSX)", 100),
]


def plain(rows) -> list[dict]:
    return [asdict(row) for row in rows]


def activity_totals(year: int) -> dict:
    """Patients, relatives, sessions and hours for the whole country (the selectors give participants only)."""
    runs = facts.run_facts(year)
    return {"patients": sum(f.patients for f in runs), "relatives": sum(f.relatives for f in runs),
            "sessions": sum(f.sessions for f in runs), "hours": round(sum(f.hours for f in runs), 1)}


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def gather_places(year: int) -> dict:
    """Step 1: totals and the tables per kommune, fylke and HF, in today's borders."""
    kommuner = selectors.offers_per_10k(year, "kommune")
    services = {row.code: row for row in selectors.services_by_unit(year).rows}
    languages = selectors.by_dimension(year, "sprak")
    total = kommuner.total
    kommune_rows = []
    for row in kommuner.rows:
        service = services.get(row.code)
        kommune_rows.append({**asdict(row), "fylke": service.fylke if service else "", "hf": service.hf if service else "",
                             "services": service.services if service else 0})
    participation = selectors.user_participation(year, level="hf").total
    basis = selectors.report_basis(year)
    return {
        "year": year,
        "totals": {**activity_totals(year), "population": total.population, "offers": total.offers,
                   "runs": total.runs, "participants": total.participants,
                   "per_10k": total.participants_per_10k, "offers_per_10k": total.offers_per_10k,
                   "services": sum(f.count for f in selectors.services_by_unit(year).forms),
                   "user_share": participation.share,
                   "digital_share": percent(languages.digital_runs, languages.total_runs),
                   "minority_share": percent(languages.minority_language_runs, languages.total_runs),
                   "submitted": basis.submitted, "drafts": basis.drafts, "locked": basis.locked},
        "kommuner": kommune_rows,
        "fylker": area_rows(year, "fylke"),
        "hfs": area_rows(year, "hf"),
        "without_offer": [{"code": r["code"], "name": r["name"], "fylke": r["fylke"], "population": r["population"]}
                          for r in kommune_rows if not r["offers"]],
    }


def area_rows(year: int, level: str) -> list[dict]:
    shares = {row.code: row.share for row in selectors.user_participation(year, level=level).rows}
    rows = [{**asdict(row), "user_share": shares.get(row.code)} for row in selectors.offers_per_10k(year, level).rows]
    return sorted(rows, key=lambda r: r["name"])


def gather_breakdowns(year: int) -> dict:
    """Step 2: diagnosis groups, target groups, languages and digital runs."""
    return {key: plain(selectors.by_dimension(year, dimension).rows)
            for key, dimension in (("diagnosis", "diagnose"), ("target", "malgruppe"), ("language", "sprak"),
                                   ("digital", "digital"))}


def gather_series(year: int) -> dict:
    """Step 3: the five years up to the report's year, and the largest distances to an offer."""
    change = selectors.change_over_years(range(year - SERIES_YEARS + 1, year + 1))
    gaps = selectors.distance_indicators(year).gaps[:GAPS_SHOWN]
    return {"series": plain(change.rows), "redistributed": change.redistributed, "gaps": plain(gaps)}


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


AREA_COLUMNS = (Column("Innbyggere", "population"), Column("Kurstilbud", "offers"),
                Column("Kurstilbud per 10 000", "offers_per_10k", "decimal"), Column("Kurs holdt", "runs"),
                Column("Deltakere", "participants"), Column("Deltakere per 10 000", "participants_per_10k", "decimal"),
                Column("Andel med erfarne brukere (%)", "user_share", "decimal"))
GROUP_COLUMNS = (Column("Kurstilbud", "offers"), Column("Kurs holdt", "runs"), Column("Deltakere", "participants"),
                 Column("Andel av kursene (%)", "share_of_runs", "decimal"))


def key_figures(data: dict) -> list[dict]:
    t = data["totals"]
    return [{"name": name, "value": value} for name, value in (
        ("Innbyggere 1. januar", t["population"]), ("Tjenester", t["services"]),
        ("Kurstilbud med kurs i året", t["offers"]), ("Kurs holdt (rapportert)", t["runs"]),
        ("Deltakere i alt", t["participants"]), ("Pasienter og brukere", t["patients"]),
        ("Pårørende", t["relatives"]), ("Samlinger", t["sessions"]), ("Timer", t["hours"]),
        ("Deltakere per 10 000 innbyggere", t["per_10k"]),
        ("Kurstilbud per 10 000 innbyggere", t["offers_per_10k"]),
        ("Andel kurs med erfarne brukere som undervisere (%)", t["user_share"]),
        ("Andel digitale kurs (%)", t["digital_share"]),
        ("Andel kurs på andre språk enn norsk (%)", t["minority_share"]))]


def report_tables(data: dict) -> list[Table]:
    named = (Column("Navn", "name", "text"),)
    return [
        Table("key", "Nøkkeltall", "Nøkkeltall for landet",
              (Column("Nøkkeltall", "name", "text"), Column("Verdi", "value", "decimal")), key_figures(data)),
        Table("fylker", "Fylker", "Fylker", named + AREA_COLUMNS, data["fylker"],
              "Kurs telles der de ble holdt. Kurs i et helseforetak uten kjent sted er bare med i tabellen over "
              "helseforetak."),
        Table("hfs", "Helseforetak", "Helseforetak (opptaksområder)", named + AREA_COLUMNS, data["hfs"],
              "Helseforetakets egne kurs og kursene i kommunene i opptaksområdet."),
        Table("kommuner", "Kommuner", "Kommuner", (
            Column("Nummer", "code", "text"), Column("Kommune", "name", "text"), Column("Fylke", "fylke", "text"),
            Column("Helseforetak", "hf", "text"), Column("Innbyggere", "population"), Column("Tjenester", "services"),
            Column("Kurstilbud", "offers"), Column("Kurstilbud per 10 000", "offers_per_10k", "decimal"),
            Column("Kurs holdt", "runs"), Column("Deltakere", "participants"),
            Column("Deltakere per 10 000", "participants_per_10k", "decimal")), data["kommuner"]),
        Table("diagnosis", "Diagnosegrupper", "Etter diagnosegruppe", (Column("Diagnosegruppe", "label", "text"),)
              + GROUP_COLUMNS, data["diagnosis"],
              "Et kurs for flere diagnosegrupper telles med i hver av dem, så summen kan bli større enn totalen."),
        Table("target", "Målgrupper", "Etter målgruppe", (Column("Målgruppe", "label", "text"),) + GROUP_COLUMNS,
              data["target"], "Et kurs for flere målgrupper telles med i hver av dem."),
        Table("language", "Språk", "Etter språk", (Column("Språk", "label", "text"),) + GROUP_COLUMNS,
              data["language"]),
        Table("digital", "Digitalt", "Digitalt og fysisk oppmøte", (Column("Form", "label", "text"),) + GROUP_COLUMNS,
              data["digital"]),
        Table("series", "Utvikling", "Utvikling over fem år", (
            Column("År", "year", "text"), Column("Kurs holdt", "runs"), Column("Kurstilbud", "offers"),
            Column("Deltakere", "participants", "decimal"), Column("Innbyggere", "population"),
            Column("Deltakere per 10 000", "participants_per_10k", "decimal"),
            Column("Andel med erfarne brukere (%)", "with_users_share", "decimal")), data["series"]),
        Table("without", "Uten tilbud", "Kommuner uten tilbud", (
            Column("Nummer", "code", "text"), Column("Kommune", "name", "text"), Column("Fylke", "fylke", "text"),
            Column("Innbyggere", "population")), data["without_offer"],
            "Kommuner der ingen kurs ble holdt i året."),
        Table("gaps", "Avstand", "Største avstander til nærmeste tilbud", (
            Column("Nummer", "code", "text"), Column("Kommune", "name", "text"),
            Column("Diagnosegruppe", "group_label", "text"), Column("Km i luftlinje", "km", "decimal"),
            Column("Innbyggere", "population")), data["gaps"],
            "Luftlinje fra kommunens befolkningsvektede midtpunkt til nærmeste sted med et kurs i gruppen i året "
            "(digitale kurs er ikke med). Reisevei kan være lengre."),
    ]
