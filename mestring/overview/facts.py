"""The raw material of every overview, read in a few queries and kept in the cache per data version.

`geography()` holds today's kommuner (2024 borders) with their fylke, helseforetak (HF) and regional
health authority (RHF), population per year, and how any recorded unit maps to a kommune of today.
`run_facts(year)` holds one compact row per reported course run (`activity.RunActivity`) of the year.

Where a run took place: the run's own location, else the offer's first location, else the service's
host kommune or bydel (a bydel counts for its kommune). A run of an HF's service with none of these has
no kommune and is counted for its HF only. A run's HF is the host HF of the service, else the kommune's
local HF (its catchment).

Bydeler (city districts of Oslo, Bergen, Stavanger, Trondheim) are counted as well as, never instead
of, their kommune. Registry locations name a kommune, not a bydel, so a run belongs to a bydel when
its service is hosted by that bydel and the run was held in the bydel's kommune.

Nothing here is translated, so these results are cached once for every language.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from mestring.activity.models import RunActivity
from mestring.overview.cache import cached
from mestring.registry.models import CourseOffer, Service, ServiceMembership, Taxonomy, TaxonomyTerm
from mestring.structure.models import BorderWeight, Catchment, Population, Unit


@dataclass(frozen=True)
class Kommune:
    code: str
    name: str
    fylke: str
    hf: str
    rhf: str


@dataclass(frozen=True)
class Bydel:
    code: str
    name: str
    kommune: str        # today's kommune code
    hf: str             # the bydel's own local HF where it has one (Oslo), else the kommune's


@dataclass(frozen=True)
class Geography:
    kommuner: dict[str, Kommune]            # today's kommuner by code
    fylker: dict[str, str]                  # code → name
    hfs: dict[str, tuple[str, str]]         # code → (name, RHF code)
    rhfs: dict[str, str]                    # code → name
    unit_kommune: dict[int, str]            # any kommune/bydel unit pk → today's kommune code (largest share)
    unit_hf: dict[int, str]                 # HF unit pk → HF code
    unit_code_until: dict[int, tuple[str, int | None, int | None]]  # kommune unit pk → (code, from, to year)
    population: dict[int, dict[str, int]]   # year → kommune code → inhabitants (2024 borders)
    bydeler: dict[str, Bydel] = field(default_factory=dict)         # today's bydeler by code
    unit_bydel: dict[int, str] = field(default_factory=dict)        # bydel unit pk → bydel code
    bydel_population: dict[int, dict[str, int]] = field(default_factory=dict)  # year → bydel code → inhabitants

    def population_in(self, year: int) -> dict[str, int]:
        """Inhabitants on 1 January of `year`, or of the nearest year SSB figures exist for."""
        if not self.population:
            return {}
        nearest = min(self.population, key=lambda y: (abs(y - year), -y))
        return self.population[nearest]

    def bydel_population_in(self, year: int) -> dict[str, int]:
        """Inhabitants of each bydel on 1 January of `year` (or the nearest year with SSB figures)."""
        if not self.bydel_population:
            return {}
        return self.bydel_population[min(self.bydel_population, key=lambda y: (abs(y - year), -y))]


class RunFact(NamedTuple):
    offer: int
    service: int
    kommune: str        # today's kommune code, "" when unknown
    hf: str             # HF code, "" when unknown
    source_unit: int    # the kommune unit pk as recorded (0 when none), for redistricting
    patients: int
    relatives: int
    sessions: int
    hours: float
    experienced: bool
    language: str
    digital: bool
    bydel: str = ""     # the host bydel's code when a bydel's service held the run in its own kommune

    @property
    def participants(self) -> int:
        return self.patients + self.relatives


@dataclass(frozen=True)
class OfferInfo:
    title: str
    service: int
    diagnoses: tuple[str, ...]
    targets: tuple[str, ...]


def geography() -> Geography:
    return cached("geography", (), _geography, per_language=False)


def _geography() -> Geography:
    units = {u.pk: u for u in Unit.objects.filter(kind__in=[Unit.Kind.KOMMUNE, Unit.Kind.BYDEL, Unit.Kind.HF,
                                                             Unit.Kind.RHF, Unit.Kind.FYLKE])}
    current = {u.pk: u for u in units.values() if u.kind == Unit.Kind.KOMMUNE and u.valid_to is None}
    bydel_units = {u.pk: u for u in units.values() if u.kind == Unit.Kind.BYDEL and u.valid_to is None}
    catchments = {c.area_id: c.hf_id for c in Catchment.objects.filter(area_id__in=[*current, *bydel_units])}
    hf_units = {pk: u for pk, u in units.items() if u.kind == Unit.Kind.HF}
    kommuner = {}
    for pk, unit in current.items():
        hf = hf_units.get(catchments.get(pk))
        rhf = units.get(hf.parent_id) if hf else None
        fylke = units.get(unit.parent_id)
        kommuner[unit.code] = Kommune(unit.code, unit.name, fylke.code if fylke else "", hf.code if hf else "",
                                      rhf.code if rhf else "")
    bydeler = {u.code: Bydel(u.code, u.name, current[u.parent_id].code,
                             hf_units[catchments[pk]].code if catchments.get(pk) in hf_units
                             else kommuner[current[u.parent_id].code].hf)
               for pk, u in bydel_units.items() if u.parent_id in current}
    return Geography(
        kommuner=kommuner,
        fylker={u.code: u.name for u in units.values() if u.kind == Unit.Kind.FYLKE and u.valid_to is None},
        hfs={u.code: (u.name, units[u.parent_id].code if u.parent_id in units else "")
             for u in hf_units.values() if u.valid_to is None},
        rhfs={u.code: u.name for u in units.values() if u.kind == Unit.Kind.RHF and u.valid_to is None},
        unit_kommune=_unit_kommune(units, current),
        unit_hf={pk: u.code for pk, u in hf_units.items()},
        unit_code_until={pk: (u.code, u.valid_from.year if u.valid_from else None,
                              u.valid_to.year if u.valid_to else None)
                         for pk, u in units.items() if u.kind == Unit.Kind.KOMMUNE},
        population=_population(current),
        bydeler=bydeler,
        unit_bydel={pk: u.code for pk, u in bydel_units.items() if u.code in bydeler},
        bydel_population=_population(bydel_units),
    )


def _unit_kommune(units: dict[int, Unit], current: dict[int, Unit]) -> dict[int, str]:
    """Each kommune (today's or older) and bydel → the kommune of today holding most of its people."""
    best: dict[int, tuple[float, str]] = {pk: (2.0, u.code) for pk, u in current.items()}
    for old, new, weight in BorderWeight.objects.values_list("old_id", "new_id", "weight"):
        if new in current and (old not in best or float(weight) > best[old][0]):
            best[old] = (float(weight), current[new].code)
    mapping = {pk: code for pk, (_w, code) in best.items()}
    for pk, unit in units.items():
        if unit.kind == Unit.Kind.BYDEL and unit.parent_id in mapping:
            mapping[pk] = mapping[unit.parent_id]
    return mapping


def _population(current: dict[int, Unit]) -> dict[int, dict[str, int]]:
    """Year → code → inhabitants of the given units."""
    table: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, year, people in Population.objects.filter(unit_id__in=list(current)).values_list(
            "unit_id", "year", "population"):
        table[year][current[unit_id].code] = people
    return dict(table)


def run_facts(year: int) -> list[RunFact]:
    return cached("facts", (year,), lambda: _run_facts(year), per_language=False)


def _run_facts(year: int) -> list[RunFact]:
    geo = geography()
    rows = list(RunActivity.objects.filter(report__reporting_year__year=year).values_list(
        "run__offer_id", "run__offer__service_id", "run__location__kommune_id", "run__offer__service__host_unit_id",
        "participants_patients", "participants_relatives", "sessions", "hours", "experienced_users_taught",
        "language", "is_digital").order_by("pk"))
    first_place = _first_location_kommune({row[0] for row in rows if row[2] is None})
    facts = []
    for offer, service, run_place, host, patients, relatives, sessions, hours, experienced, language, digital in rows:
        place = run_place or first_place.get(offer) or (host if host in geo.unit_kommune else None)
        kommune = geo.unit_kommune.get(place, "") if place else ""
        hf = geo.unit_hf.get(host) or (geo.kommuner[kommune].hf if kommune else "")
        bydel = geo.unit_bydel.get(host, "")
        facts.append(RunFact(offer, service, kommune, hf, place or 0, patients, relatives, sessions,
                             float(hours), experienced, language, digital,
                             bydel if bydel and geo.bydeler[bydel].kommune == kommune else ""))
    return facts


def _first_location_kommune(offers: set[int]) -> dict[int, int]:
    through = CourseOffer.locations.through.objects.filter(courseoffer_id__in=offers)
    found: dict[int, int] = {}
    for offer, kommune in through.order_by("-location_id").values_list("courseoffer_id", "location__kommune_id"):
        found[offer] = kommune  # ordered backwards so the first location wins
    return found


def offer_info(year: int) -> dict[int, OfferInfo]:
    """Title, service and classification of every offer with a reported run in `year`."""
    return cached("offers", (year,), lambda: _offer_info(year), per_language=False)


def _offer_info(year: int) -> dict[int, OfferInfo]:
    ids = {fact.offer for fact in run_facts(year)}
    diagnoses, targets = defaultdict(list), defaultdict(list)
    for field, into in (("diagnosis_groups", diagnoses), ("target_groups", targets)):
        through = getattr(CourseOffer, field).through.objects.filter(courseoffer_id__in=ids)
        for offer, code in through.values_list("courseoffer_id", "taxonomyterm__code"):
            into[offer].append(code)
    return {pk: OfferInfo(title, service, tuple(sorted(diagnoses[pk])), tuple(sorted(targets[pk])))
            for pk, title, service in CourseOffer.objects.filter(pk__in=ids).values_list("pk", "title", "service_id")}


def terms(taxonomy: str) -> list[tuple[str, str]]:
    """(code, name) of a vocabulary's terms in their managed order."""
    return cached("terms", (taxonomy,), lambda: list(
        TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy).order_by("position", "name").values_list("code", "name")), per_language=False)


def diagnosis_terms() -> list[tuple[str, str]]:
    return terms(Taxonomy.DIAGNOSIS)


def target_terms() -> list[tuple[str, str]]:
    return terms(Taxonomy.TARGET)


@dataclass(frozen=True)
class ServiceInfo:
    pk: int
    name: str
    form: str
    host_kommune: str   # today's kommune code, "" for an HF's service
    host_hf: str        # HF code when an HF hosts it
    members: tuple[str, ...]  # today's codes of the kommuner it also serves that year (interkommunalt)
    host_bydel: str = ""      # bydel code when a bydel hosts it (host_kommune is then the bydel's kommune)
    member_bydeler: tuple[str, ...] = ()    # bydeler it also serves that year


def services(year: int) -> list[ServiceInfo]:
    """Services active in the registry today, plus any that reported activity in `year`.

    The registry keeps no start date for a service (rows are entered long after a service opened),
    so earlier years use today's list; a closed service still counts for the years it reported."""
    return cached("services", (year,), lambda: _services(year), per_language=False)


def _services(year: int) -> list[ServiceInfo]:
    geo = geography()
    active = {f.service for f in run_facts(year)}
    rows = Service.objects.filter(status__in=["active", "temporarily closed"]).values_list("pk", flat=True)
    wanted = active | set(rows)
    members, member_bydeler = defaultdict(list), defaultdict(list)
    for service, unit, start, end in ServiceMembership.objects.filter(
            service_id__in=wanted).values_list("service_id", "unit_id", "valid_from", "valid_to"):
        if start.year <= year and (end is None or end.year >= year) and unit in geo.unit_kommune:
            members[service].append(geo.unit_kommune[unit])
            if unit in geo.unit_bydel:
                member_bydeler[service].append(geo.unit_bydel[unit])
    return [ServiceInfo(pk, name, form, geo.unit_kommune.get(host, ""), geo.unit_hf.get(host, ""),
                        tuple(sorted(set(members[pk]))), geo.unit_bydel.get(host, ""),
                        tuple(sorted(set(member_bydeler[pk]))))
            for pk, name, form, host in Service.objects.filter(pk__in=wanted).order_by("name").values_list(
                "pk", "name", "form", "host_unit_id")]
