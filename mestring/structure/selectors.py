"""Reads of the national structure: units as of a year, history, weights, catchment."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from mestring.structure.models import BorderWeight, Catchment, ChangeEvent, ChangeLink, Population, Unit, searchable

CURRENT_BORDERS_YEAR = 2024
OSLO = "0301"


def units_as_of(year: int, kind: str) -> QuerySet[Unit]:
    return Unit.objects.as_of(year).filter(kind=kind)


def current_counts() -> dict[str, int]:
    rows = Unit.objects.current().values("kind").annotate(n=Count("pk"))
    counts = {row["kind"]: row["n"] for row in rows}
    return {kind: counts.get(kind, 0) for kind in Unit.Kind.values}


def mapping_units(year: int) -> list[Unit]:
    """The units a national mapping addresses: kommuner, with Oslo counted as its administrative bydeler."""
    kommuner = list(units_as_of(year, Unit.Kind.KOMMUNE).exclude(code=OSLO))
    bydeler = list(units_as_of(year, Unit.Kind.BYDEL).filter(code__startswith=OSLO, administrative=True))
    return sorted(kommuner + bydeler, key=lambda u: u.code)


@dataclass(frozen=True)
class Share:
    unit: Unit
    weight: Decimal


def successors(unit: Unit, year: int = CURRENT_BORDERS_YEAR) -> list[Share]:
    """Where `unit` lies in `year`: the units valid then, each with the share of its population."""
    if year >= CURRENT_BORDERS_YEAR and unit.kind == Unit.Kind.KOMMUNE:
        weights = BorderWeight.objects.filter(old=unit).select_related("new")
        return [Share(w.new, w.weight) for w in weights.order_by("new__code")]
    return follow(unit, year, forward=True)


def predecessors(unit: Unit, year: int) -> list[Share]:
    """The units of `year` that make up `unit`, each with the share of *their* population it took."""
    if unit.is_current and unit.kind == Unit.Kind.KOMMUNE:
        # The SSB-based weights to 2024 borders are exact where chains of changes are not
        # (Haram left Ålesund again in 2024 with its old area).
        weights = BorderWeight.objects.filter(new=unit, old__in=units_as_of(year, Unit.Kind.KOMMUNE))
        return [Share(w.old, w.weight) for w in weights.select_related("old").order_by("old__code")]
    return follow(unit, year, forward=False)


def valid_in(unit: Unit, year: int) -> bool:
    start_ok = unit.valid_from is None or unit.valid_from.year <= year
    return start_ok and (unit.valid_to is None or unit.valid_to.year >= year)


def follow(unit: Unit, year: int, *, forward: bool) -> list[Share]:
    """Walk change links until reaching units valid in `year`.

    A weight is always a share of the earlier unit's population, so shares multiply along a path
    and add up where two paths meet (a unit split and later merged again).
    """
    frontier: dict[int, tuple[Unit, Decimal]] = {unit.pk: (unit, Decimal(1))}
    reached: dict[int, tuple[Unit, Decimal]] = {}
    while frontier:
        for pk, (found, weight) in list(frontier.items()):
            if valid_in(found, year):
                reached[pk] = (found, reached.get(pk, (found, Decimal(0)))[1] + weight)
                del frontier[pk]
        frontier = step(frontier, forward=forward) if frontier else {}
    return [Share(u, w.quantize(Decimal("0.0001"))) for u, w in sorted(reached.values(), key=lambda t: t[0].code)]


def step(frontier: dict[int, tuple[Unit, Decimal]], *, forward: bool) -> dict[int, tuple[Unit, Decimal]]:
    near, far = ("predecessor", "successor") if forward else ("successor", "predecessor")
    links = (ChangeLink.objects.filter(**{f"{near}__in": list(frontier)})
             .exclude(predecessor=F("successor")).select_related(far))
    following: dict[int, tuple[Unit, Decimal]] = {}
    for link in links:
        target = getattr(link, far)
        weight = frontier[getattr(link, f"{near}_id")][1] * link.weight
        following[target.pk] = (target, following.get(target.pk, (target, Decimal(0)))[1] + weight)
    return following


def to_current_borders(values: Mapping[str, float], year: int) -> dict[str, float]:
    """Carry per-kommune figures counted in `year` (keyed by that year's codes) into 2024 borders."""
    weights = (BorderWeight.objects.filter(old__in=units_as_of(year, Unit.Kind.KOMMUNE), old__code__in=list(values))
               .values_list("old__code", "new__code", "weight"))
    result: dict[str, float] = defaultdict(float)
    for old_code, new_code, weight in weights:
        result[new_code] += float(values[old_code]) * float(weight)
    return dict(result)


def unknown_codes(codes: list[str], year: int) -> list[str]:
    known = set(units_as_of(year, Unit.Kind.KOMMUNE).values_list("code", flat=True))
    return [c for c in codes if c not in known]


@dataclass(frozen=True)
class HealthTrust:
    hf: Unit
    rhf: Unit | None
    note: str


def health_trust_for(unit: Unit) -> HealthTrust | None:
    """The local hospital trust of a kommune or bydel (via today's successor for older units)."""
    area = unit
    if not unit.is_current:
        shares = successors(unit)
        if not shares:
            return None
        area = max(shares, key=lambda s: s.weight).unit
    catchment = Catchment.objects.filter(area=area).select_related("hf__parent").first()
    if catchment is None:
        return None
    return HealthTrust(catchment.hf, catchment.hf.parent, catchment.note)


def population_series(unit: Unit) -> list[Population]:
    return list(Population.objects.filter(unit=unit).order_by("year"))


def latest_population(unit: Unit) -> Population | None:
    return Population.objects.filter(unit=unit).order_by("-year").first()


def search_units(query: str, *, limit: int = 25) -> list[Unit]:
    """Name or code search; today's units first, then older ones."""
    text = searchable(query)[:100]
    if not text:
        return []
    words = text.split()
    matches = Unit.objects.all()
    for word in words:
        matches = matches.filter(search_text__contains=word)
    return list(matches.select_related("parent").order_by(
        F("valid_to").desc(nulls_first=True), "kind", "code")[:limit])


def unit_versions(kind: str, code: str) -> list[Unit]:
    return list(Unit.objects.filter(kind=kind, code=code).order_by("valid_from"))


def change_events_for(unit: Unit) -> list[ChangeEvent]:
    return list(ChangeEvent.objects.filter(Q(links__predecessor=unit) | Q(links__successor=unit)).distinct()
                .prefetch_related("links__predecessor", "links__successor").order_by("date"))


def children_of(unit: Unit) -> list[Unit]:
    return list(unit.children.order_by("code"))


def catchment_areas(hf: Unit) -> list[Unit]:
    return [c.area for c in Catchment.objects.filter(hf=hf).select_related("area").order_by("area__code")]


def catchment_by_kommune() -> list[Catchment]:
    """Today's kommuner with their local hospital trust and region (Oslo as a whole)."""
    return list(Catchment.objects.filter(area__kind=Unit.Kind.KOMMUNE, area__valid_to__isnull=True)
                .select_related("area", "hf__parent").order_by("hf__parent__name", "hf__name", "area__code"))
