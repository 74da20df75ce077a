"""The figures of the national report and the fact sheets, read from the activity reports and the registry.

Everything here returns plain dicts and lists (JSON-safe) so a report job can keep what one step
gathered for the next step. Places are today's (2024) borders: a run counts for the kommune that
hosts its service (a bydel counts for its kommune), carried to today's kommune through the
redistricting weights when the host unit has since merged or split; an HF-hosted service counts for
its helseforetak only. Participants are not stored by home municipality, so "per 10 000" means
participants in courses held by services in the area, per 10 000 inhabitants of the area.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from mestring.activity.models import RunActivity
from mestring.registry.models import CourseOffer, Service, ServiceMembership, Status, Taxonomy
from mestring.structure.models import Catchment, Population, Unit
from mestring.structure.selectors import CURRENT_BORDERS_YEAR, successors

NORWEGIAN_LANGUAGES = {"nb", "nn", "no"}
SERIES_YEARS = 5


# --- places ------------------------------------------------------------------------------------

@dataclass
class Places:
    """Today's kommuner with their fylke and HF, and where each host unit's figures go."""

    kommuner: dict[str, dict] = field(default_factory=dict)  # code → {name, fylke, hf}
    fylker: dict[str, str] = field(default_factory=dict)  # code → name
    hfs: dict[str, str] = field(default_factory=dict)  # code → name
    shares: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # host unit pk → [(kommune, w)]

    def kommune_shares(self, unit: Unit) -> list[tuple[str, float]]:
        """Today's kommuner a host unit's figures belong to, with weights adding up to 1."""
        if unit.pk not in self.shares:
            self.shares[unit.pk] = self._shares(unit)
        return self.shares[unit.pk]

    def _shares(self, unit: Unit) -> list[tuple[str, float]]:
        if unit.kind == Unit.Kind.HF:
            return []
        kommune = unit.parent if unit.kind == Unit.Kind.BYDEL else unit
        if kommune is None:
            return []
        if kommune.code in self.kommuner and kommune.is_current:
            return [(kommune.code, 1.0)]
        found = [(s.unit.code, float(s.weight)) for s in successors(kommune, CURRENT_BORDERS_YEAR)]
        return [(code, w) for code, w in found if code in self.kommuner]


def current_places() -> Places:
    places = Places()
    hf_of = {c.area.code: c.hf for c in Catchment.objects.filter(
        area__kind=Unit.Kind.KOMMUNE, area__valid_to__isnull=True).select_related("area", "hf")}
    for hf in Unit.objects.current().filter(kind=Unit.Kind.HF).order_by("name"):
        places.hfs[hf.code] = hf.name
    for kommune in Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE).select_related("parent").order_by("code"):
        fylke = kommune.parent if kommune.parent and kommune.parent.kind == Unit.Kind.FYLKE else None
        if fylke:
            places.fylker[fylke.code] = fylke.name
        hf = hf_of.get(kommune.code)
        places.kommuner[kommune.code] = {"name": kommune.name, "fylke": fylke.code if fylke else "",
                                         "hf": hf.code if hf else ""}
    return places


def populations(year: int) -> dict[str, int]:
    """Inhabitants of today's kommuner on 1 January of `year` (the nearest earlier year if missing)."""
    rows = (Population.objects.filter(unit__kind=Unit.Kind.KOMMUNE, unit__valid_to__isnull=True, year__lte=year)
            .order_by("unit__code", "year").values_list("unit__code", "population"))
    found: dict[str, int] = {}
    for code, population in rows:
        found[code] = population  # the last (latest) year wins
    if not found:  # a year before the data begins: use the earliest year we have
        for code, population in (Population.objects.filter(unit__kind=Unit.Kind.KOMMUNE, unit__valid_to__isnull=True)
                                 .order_by("unit__code", "-year").values_list("unit__code", "population")):
            found[code] = population
    return found


# --- activity ----------------------------------------------------------------------------------

def activity_rows(year: int) -> list[dict]:
    """One dict per reported run of `year` with what the report needs about its offer and host."""
    rows = list(RunActivity.objects.filter(report__reporting_year__year=year).values(
        "pk", "participants_patients", "participants_relatives", "sessions", "hours",
        "experienced_users_taught", "language", "is_digital", "run__offer_id", "report__service__host_unit_id"))
    offers = {row["run__offer_id"] for row in rows}
    terms = offer_terms(offers)
    for row in rows:
        row["terms"] = terms.get(row["run__offer_id"], {})
    return rows


def offer_terms(offer_ids: set[int]) -> dict[int, dict[str, list[str]]]:
    """Each offer's diagnosis and target group names."""
    result: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"diagnosis": [], "target": []})
    through = CourseOffer.diagnosis_groups.through
    for offer_id, name in (through.objects.filter(courseoffer_id__in=offer_ids)
                           .values_list("courseoffer_id", "taxonomyterm__name")):
        result[offer_id]["diagnosis"].append(name)
    through = CourseOffer.target_groups.through
    for offer_id, name in (through.objects.filter(courseoffer_id__in=offer_ids)
                           .values_list("courseoffer_id", "taxonomyterm__name")):
        result[offer_id]["target"].append(name)
    return result


def empty_sums() -> dict:
    return {"runs": 0, "patients": 0, "relatives": 0, "participants": 0, "sessions": 0, "hours": 0.0,
            "user_taught": 0, "digital": 0, "minority_language": 0}


def add_row(sums: dict, row: dict, weight: float = 1.0) -> None:
    patients, relatives = row["participants_patients"] * weight, row["participants_relatives"] * weight
    sums["runs"] += weight
    sums["patients"] += patients
    sums["relatives"] += relatives
    sums["participants"] += patients + relatives
    sums["sessions"] += row["sessions"] * weight
    sums["hours"] += float(row["hours"] or Decimal(0)) * weight
    sums["user_taught"] += weight if row["experienced_users_taught"] else 0
    sums["digital"] += weight if row["is_digital"] else 0
    sums["minority_language"] += weight if row["language"] not in NORWEGIAN_LANGUAGES else 0


def per_10k(value: float, population: int) -> float | None:
    return round(value * 10_000 / population, 1) if population else None


def share(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def host_units(rows: list[dict]) -> dict[int, Unit]:
    ids = {row["report__service__host_unit_id"] for row in rows}
    return {u.pk: u for u in Unit.objects.filter(pk__in=ids).select_related("parent")}


def sums_by_place(rows: list[dict], places: Places) -> tuple[dict, dict, dict, dict]:
    """National, per kommune, per fylke and per HF sums (HF: its own services and its catchment's)."""
    hosts = host_units(rows)
    national, kommuner = empty_sums(), defaultdict(empty_sums)
    fylker, hfs = defaultdict(empty_sums), defaultdict(empty_sums)
    for row in rows:
        add_row(national, row)
        host = hosts[row["report__service__host_unit_id"]]
        if host.kind == Unit.Kind.HF:
            add_row(hfs[host.code], row)
            continue
        for code, weight in places.kommune_shares(host):
            place = places.kommuner[code]
            add_row(kommuner[code], row, weight)
            if place["fylke"]:
                add_row(fylker[place["fylke"]], row, weight)
            if place["hf"]:
                add_row(hfs[place["hf"]], row, weight)
    return national, kommuner, fylker, hfs


# --- registry ----------------------------------------------------------------------------------

def services_by_kommune(places: Places) -> tuple[dict[str, int], dict[str, int], dict[str, int], set[str]]:
    """Active services and offers per today's kommune and per HF (own services), and kommuner covered
    by an intermunicipal service they are a member of."""
    services, offers, hf_services = defaultdict(int), defaultdict(int), defaultdict(int)
    active = Service.objects.filter(status=Status.ACTIVE).select_related("host_unit__parent")
    offer_counts = offers_per_service()
    for service in active:
        host = service.host_unit
        if host.kind == Unit.Kind.HF:
            hf_services[host.code] += 1
            continue
        for code, weight in places.kommune_shares(host):
            services[code] += weight
            offers[code] += offer_counts.get(service.pk, 0) * weight
    covered = set()
    for unit in Unit.objects.filter(service_memberships__service__status=Status.ACTIVE,
                                    service_memberships__valid_to__isnull=True).select_related("parent"):
        covered.update(code for code, _w in places.kommune_shares(unit))
    return services, offers, hf_services, covered


def offers_per_service() -> dict[int, int]:
    rows = CourseOffer.objects.public().values("service_id").annotate(n=Count("pk"))
    return {row["service_id"]: row["n"] for row in rows}


def offers_per_hf() -> dict[str, int]:
    rows = (CourseOffer.objects.public().filter(service__host_unit__kind=Unit.Kind.HF)
            .values("service__host_unit__code").annotate(n=Count("pk")))
    return {row["service__host_unit__code"]: row["n"] for row in rows}


# --- breakdowns --------------------------------------------------------------------------------

def by_terms(rows: list[dict], kind: str) -> list[dict]:
    """Runs and participants per diagnosis or target group (an offer in two groups counts in both)."""
    sums: dict[str, dict] = defaultdict(empty_sums)
    for row in rows:
        for name in row["terms"].get(kind) or ["Ikke oppgitt"]:
            add_row(sums[name], row)
    return [{"name": name, **values} for name, values in sorted(sums.items(), key=lambda kv: -kv[1]["participants"])]


def by_language(rows: list[dict]) -> list[dict]:
    sums: dict[str, dict] = defaultdict(empty_sums)
    for row in rows:
        add_row(sums[row["language"]], row)
    return [{"name": code, **values} for code, values in sorted(sums.items(), key=lambda kv: -kv[1]["runs"])]


def all_term_names(slug: str) -> list[str]:
    return list(Taxonomy.objects.get(slug=slug).terms.order_by("position", "name").values_list("name", flat=True)) \
        if Taxonomy.objects.filter(slug=slug).exists() else []


def yearly_series(year: int) -> list[dict]:
    """National runs and participants for the five years up to `year` (totals do not depend on borders)."""
    series = []
    for each in range(year - SERIES_YEARS + 1, year + 1):
        sums = empty_sums()
        for row in RunActivity.objects.filter(report__reporting_year__year=each).values(
                "participants_patients", "participants_relatives", "sessions", "hours",
                "experienced_users_taught", "language", "is_digital"):
            add_row(sums, row)
        series.append({"year": each, **rounded(sums)})
    return series


def rounded(sums: dict) -> dict:
    """Weighted sums are fractions where a host unit split; the report shows whole numbers."""
    return {key: (round(value, 1) if key == "hours" else round(value)) for key, value in sums.items()}


def rounded_named(row: dict) -> dict:
    return {"name": row["name"], **rounded({k: v for k, v in row.items() if k != "name"})}
