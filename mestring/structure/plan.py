"""Turn the checked rows into the units, links and figures the database should hold.

Pure functions: no database. A unit is keyed by (kind, code, first year) because a code alone is
not unique over time (1103 Stavanger before and after it absorbed Finnøy and Rennesøy).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from mestring.structure.reading import Rows

FIRST_YEAR, CURRENT_YEAR = 2014, 2024
Key = tuple[str, str, int | None]


@dataclass
class UnitSpec:
    kind: str
    code: str
    name: str
    valid_from: int | None = None
    valid_to: int | None = None
    name_nb: str = ""
    name_sami: str = ""
    name_kven: str = ""
    parent: Key | None = None
    administrative: bool = True
    weights: dict[str, Decimal] = field(default_factory=dict)  # kommune: 2024 code → share

    @property
    def key(self) -> Key:
        return (self.kind, self.code, self.valid_from)

    def years(self) -> range:
        return range(self.valid_from or FIRST_YEAR, (self.valid_to or CURRENT_YEAR) + 1)


@dataclass
class EventSpec:
    year: int
    kind: str
    description: str
    links: list[tuple[Key, Key, Decimal]]

    @property
    def key(self) -> str:
        text = "|".join(f"{p}>{s}" for p, s, _ in sorted(self.links)) + f"|{self.year}|{self.kind}"
        return hashlib.sha1(text.encode()).hexdigest()


@dataclass
class Plan:
    units: list[UnitSpec]
    events: list[EventSpec]
    weights: list[tuple[Key, Key, Decimal, str, str]]  # old, new, weight, basis, relation
    population: list[tuple[Key, int, int, str]]
    catchment: list[tuple[Key, Key, str, str]]  # area, hf, basis, note


def norwegian_name(name: str) -> str:
    return name.split(" - ")[0]


def build(rows: Rows) -> Plan:
    kommuner = kommune_units(rows)
    fylker = fylke_units(rows, kommuner)
    current = {u.code: u for u in kommuner if u.valid_to is None}
    bydeler = bydel_units(rows, kommuner, current)
    health = health_units(rows)
    return Plan(
        units=[*health, *fylker, *kommuner, *bydeler],
        events=[*change_events(kommuner), *rename_events(rows, kommuner)],
        weights=[(u.key, current[c].key, w, *u_meta) for u in kommuner for c, w, *u_meta in u.weights_rows],
        population=population(rows, current, {b.code: b for b in bydeler}),
        catchment=catchment(rows, current, {b.code: b for b in bydeler}),
    )


def kommune_units(rows: Rows) -> list[UnitSpec]:
    latest = {r["code"]: r for _, r in rows["kommuner_2024.csv"]}
    units: dict[tuple[str, int], UnitSpec] = {}
    for _, r in rows["redistricting_to_2024.csv"]:
        start, end = int(r["valid_from"]), int(r["valid_to"]) if r["valid_to"] else None
        unit = units.get((r["old_code"], start))
        if unit is None:
            unit = units[(r["old_code"], start)] = UnitSpec("kommune", r["old_code"], r["old_name"], start, end,
                                                             name_nb=norwegian_name(r["old_name"]))
            unit.weights_rows = []
            if end is None:
                row = latest[r["old_code"]]
                unit.name, unit.name_nb = row["name"], row["name_nb"]
                unit.name_sami, unit.name_kven = row["name_sami"], row["name_kven"]
        weight = Decimal(r["weight"])
        unit.weights[r["new_code"]] = weight
        unit.weights_rows.append((r["new_code"], weight, r["weight_basis"], r["relation"]))
    return sorted(units.values(), key=lambda u: (u.code, u.valid_from))


def fylke_units(rows: Rows, kommuner: list[UnitSpec]) -> list[UnitSpec]:
    """County periods follow from the years in which any kommune carries the county prefix."""
    years: dict[str, set[int]] = defaultdict(set)
    for unit in kommuner:
        years[unit.code[:2]].update(unit.years())
    names = {r["county_code"]: r["county_name"] for _, r in rows["kommuner_2014.csv"]}
    names.update({r["county_code"]: r["county_name"] for _, r in rows["kommuner_2020.csv"]})
    latest = {r["code"]: r for _, r in rows["fylker_2024.csv"]}
    fylker = []
    for code, span in sorted(years.items()):
        start, end = min(span), max(span)
        unit = UnitSpec("fylke", code, names.get(code, code), start, None if end == CURRENT_YEAR else end)
        unit.name_nb = norwegian_name(unit.name)
        if code in latest and unit.valid_to is None:
            row = latest[code]
            unit.name, unit.name_nb, unit.name_sami, unit.name_kven = (
                row["name"], row["name_nb"], row["name_sami"], row["name_kven"])
        fylker.append(unit)
    by_code = {f.code: f for f in fylker}
    for unit in kommuner:
        unit.parent = by_code[unit.code[:2]].key
    return fylker


def bydel_units(rows: Rows, kommuner: list[UnitSpec], current: dict[str, UnitSpec]) -> list[UnitSpec]:
    first_kommune_year = defaultdict(lambda: CURRENT_YEAR)
    for unit in kommuner:
        first_kommune_year[unit.code] = min(first_kommune_year[unit.code], unit.valid_from)
    first_pop_year = defaultdict(lambda: CURRENT_YEAR)
    for _, r in rows["population_bydeler.csv"]:
        first_pop_year[r["code"]] = min(first_pop_year[r["code"]], int(r["year"]))
    bydeler = []
    for _, r in rows["bydeler_2024.csv"]:
        start = max(first_kommune_year[r["kommune_code"]], first_pop_year[r["code"]])
        bydeler.append(UnitSpec("bydel", r["code"], r["name"], start, None, name_nb=r["name"],
                                parent=current[r["kommune_code"]].key, administrative=r["kind"] == "bydel"))
    return bydeler


def health_units(rows: Rows) -> list[UnitSpec]:
    rhfs: dict[str, UnitSpec] = {}
    hfs = []
    for _, r in [*rows["helseforetak.csv"], *rows["hf_extra.csv"]]:
        rhf = rhfs.setdefault(r["rhf_code"], UnitSpec("rhf", r["rhf_code"], r["rhf"], name_nb=r["rhf"]))
        hfs.append(UnitSpec("hf", r["code"], r["name"], name_nb=r["name"], parent=rhf.key))
    return [*rhfs.values(), *hfs]


def successor_shares(unit: UnitSpec, candidates: list[UnitSpec]) -> dict[Key, Decimal]:
    """Share of `unit` that went into each unit starting the year after it ended.

    Two units overlap where they send population to the same 2024 kommune. Where several new
    units share that kommune (only around splits), the one with the old unit's code or name wins.
    """
    shares: dict[Key, Decimal] = defaultdict(Decimal)
    for code, weight in unit.weights.items():
        takers = [c for c in candidates if code in c.weights]
        same = [c for c in takers if c.code == unit.code or c.name_nb == unit.name_nb]
        takers = same or takers
        for taker in takers:
            shares[taker.key] += weight / len(takers)
    return shares


def change_events(kommuner: list[UnitSpec]) -> list[EventSpec]:
    starting: dict[int, list[UnitSpec]] = defaultdict(list)
    for unit in kommuner:
        starting[unit.valid_from].append(unit)
    by_key = {u.key: u for u in kommuner}
    links = [(u.key, succ, share.quantize(Decimal("0.0001")))
             for u in kommuner if u.valid_to
             for succ, share in successor_shares(u, starting[u.valid_to + 1]).items()]
    by_year: dict[int, list] = defaultdict(list)
    for link in links:
        by_year[by_key[link[1]].valid_from].append(link)
    return [event_for(group, by_key) for year_links in by_year.values() for group in connected(year_links)]


def connected(links: list[tuple[Key, Key, Decimal]]) -> list[list[tuple[Key, Key, Decimal]]]:
    """Group links into events: links that share a unit belong to the same change."""
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for pred, succ, _ in links:
        parent[find(pred)] = find(succ)
    groups: dict[Key, list] = defaultdict(list)
    for link in links:
        groups[find(link[0])].append(link)
    return list(groups.values())


def event_for(links: list[tuple[Key, Key, Decimal]], by_key: dict[Key, UnitSpec]) -> EventSpec:
    preds = sorted({p for p, _, _ in links})
    succs = sorted({s for _, s, _ in links})
    year = by_key[succs[0]].valid_from
    names = lambda keys: ", ".join(f"{by_key[k].code} {by_key[k].name_nb}" for k in keys)  # noqa: E731
    if len(preds) == 1 and len(succs) == 1:
        kind, text = "code_change", f"{names(preds)} fikk nytt nummer: {names(succs)}"
    elif len(succs) == 1:
        kind, text = "merger", f"{names(preds)} ble slått sammen til {names(succs)}"
    elif len(preds) == 1:
        kind, text = "split", f"{names(preds)} ble delt mellom {names(succs)}"
    else:
        kind, text = "boundary", f"Grenseendring: {names(preds)} ble til {names(succs)}"
    return EventSpec(year, kind, text, sorted(links))


def rename_events(rows: Rows, kommuner: list[UnitSpec]) -> list[EventSpec]:
    """Names that changed while code and area stayed (seen between the 2020 and 2023 versions)."""
    valid_2023 = {u.code: u for u in kommuner if 2023 in u.years()}
    events = []
    for _, r in rows["kommuner_2020.csv"]:
        if r["name_2023"] and r["name_2023"] != r["name"]:
            unit = valid_2023[r["code"]]
            events.append(EventSpec(2023, "rename", f"{r['code']} {r['name']} fikk navnet {r['name_2023']}",
                                    [(unit.key, unit.key, Decimal(1))]))
    return events


def population(rows: Rows, current: dict[str, UnitSpec], bydeler: dict[str, UnitSpec]):
    figures = [(current[r["code"]].key, int(r["year"]), int(r["population"]), r["basis"])
               for _, r in rows["population_kommuner.csv"]]
    figures += [(bydeler[r["code"]].key, int(r["year"]), int(r["population"]), "ssb")
                for _, r in rows["population_bydeler.csv"]]
    return figures


def catchment(rows: Rows, current: dict[str, UnitSpec], bydeler: dict[str, UnitSpec]):
    return [((bydeler[r["bydel_code"]] if r["bydel_code"] else current[r["kommune_code"]]).key,
             ("hf", r["hf_code"], None), r["basis"], r["note"])
            for _, r in rows["hf_catchment_2024.csv"]]
