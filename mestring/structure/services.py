"""Writes to the national structure. Loading is idempotent: only what differs is written."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from mestring.structure import plan as planning
from mestring.structure import reading
from mestring.structure.models import BorderWeight, Catchment, ChangeEvent, ChangeLink, Population, Unit

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)  # (table, outcome) → n

    def add(self, table: str, outcome: str) -> None:
        self.counts[(table, outcome)] += 1

    @property
    def changed(self) -> int:
        return sum(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def lines(self) -> list[str]:
        tables = sorted({t for t, _ in self.counts})
        return [f"{t}: " + ", ".join(f"{o} {self.counts[(t, o)]}" for o in ("created", "updated", "unchanged")
                                     if self.counts[(t, o)]) for t in tables]


def load_structure(*, data_dir: Path = reading.DATA_DIR, progress: Progress = lambda _: None) -> LoadReport:
    """Read and check every file, then write all of it in one transaction (or nothing)."""
    progress("reading and checking files")
    plan = planning.build(reading.read_all(data_dir))
    report = LoadReport()
    with transaction.atomic():
        progress(f"units ({len(plan.units)})")
        units = write_units(plan.units, report)
        progress(f"change events ({len(plan.events)})")
        write_events(plan.events, units, report)
        progress(f"redistricting weights ({len(plan.weights)})")
        write_weights(plan.weights, units, report)
        progress(f"population figures ({len(plan.population)})")
        write_population(plan.population, units, report)
        progress(f"catchment areas ({len(plan.catchment)})")
        write_catchment(plan.catchment, units, report)
    return report


def sync(instance, values: dict) -> str:
    """Set `values` on an existing row and save it if anything differs."""
    differs = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if not differs:
        return "unchanged"
    for key, value in differs.items():
        setattr(instance, key, value)
    instance.save()
    return "updated"


def year_start(year: int | None) -> dt.date | None:
    return dt.date(year, 1, 1) if year else None


def year_end(year: int | None) -> dt.date | None:
    return dt.date(year, 12, 31) if year else None


def write_units(specs: list[planning.UnitSpec], report: LoadReport) -> dict[planning.Key, Unit]:
    existing = {(u.kind, u.code, u.valid_from.year if u.valid_from else None): u for u in Unit.objects.all()}
    for spec in specs:  # parents come before children in the plan
        values = {
            "name": spec.name, "name_nb": spec.name_nb or spec.name, "name_sami": spec.name_sami,
            "name_kven": spec.name_kven, "valid_to": year_end(spec.valid_to),
            "parent": existing[spec.parent] if spec.parent else None, "administrative": spec.administrative,
        }
        unit = existing.get(spec.key)
        if unit is None:
            existing[spec.key] = Unit.objects.create(kind=spec.kind, code=spec.code,
                                                     valid_from=year_start(spec.valid_from), **values)
            report.add("units", "created")
        else:
            report.add("units", sync(unit, values))
    return existing


def write_events(specs: list[planning.EventSpec], units: dict, report: LoadReport) -> None:
    existing = {e.key: e for e in ChangeEvent.objects.all()}
    links = {(l.predecessor_id, l.successor_id): l for l in ChangeLink.objects.all()}
    for spec in specs:
        values = {"date": dt.date(spec.year, 1, 1), "kind": spec.kind, "description": spec.description}
        event = existing.get(spec.key)
        if event is None:
            event = ChangeEvent.objects.create(key=spec.key, **values)
            report.add("change events", "created")
        else:
            report.add("change events", sync(event, values))
        for pred, succ, weight in spec.links:
            pair = (units[pred].pk, units[succ].pk)
            if pair in links:
                report.add("change links", sync(links[pair], {"event": event, "weight": weight}))
            else:
                ChangeLink.objects.create(event=event, predecessor=units[pred], successor=units[succ], weight=weight)
                report.add("change links", "created")


def write_weights(rows: list, units: dict, report: LoadReport) -> None:
    existing = {(w.old_id, w.new_id): w for w in BorderWeight.objects.all()}
    for old, new, weight, basis, relation in rows:
        pair = (units[old].pk, units[new].pk)
        values = {"weight": weight, "basis": basis, "relation": relation}
        if pair in existing:
            report.add("redistricting weights", sync(existing[pair], values))
        else:
            BorderWeight.objects.create(old=units[old], new=units[new], **values)
            report.add("redistricting weights", "created")


def write_population(rows: list, units: dict, report: LoadReport) -> None:
    existing = {(p.unit_id, p.year): p for p in Population.objects.all()}
    for key, year, count, basis in rows:
        found = existing.get((units[key].pk, year))
        if found:
            report.add("population", sync(found, {"population": count, "basis": basis}))
        else:
            Population.objects.create(unit=units[key], year=year, population=count, basis=basis)
            report.add("population", "created")


def write_catchment(rows: list, units: dict, report: LoadReport) -> None:
    """Catchments are created from the file but never overwritten: administrators edit them."""
    existing = set(Catchment.objects.values_list("area_id", flat=True))
    for area, hf, basis, note in rows:
        if units[area].pk in existing:
            report.add("catchment areas", "unchanged")
            continue
        Catchment.objects.create(area=units[area], hf=units[hf], basis=basis, note=note)
        report.add("catchment areas", "created")
