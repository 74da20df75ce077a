"""Reads for the national overviews: the stable API that pages, exports and national reports build on.

Every function takes plain values (a year, a `Filters`, a level or dimension name) and returns a
frozen dataclass of plain values (str, int, float, tuples), already cached for the current data
version (see `overview.cache`). Nothing here writes. Geography is today's (2024) borders: kommuner,
fylker, helseforetak (HF) and regional health authorities (RHF), see `overview.facts`.

    available_years() -> list[int]                       years with activity reports, newest first
    report_basis(year) -> ReportBasis                    how many reports the figures rest on, submitted or draft
    filter_choices() -> FilterChoices                    RHF, HF, fylke and kommune options
    kommuner_in(filters) -> list[str]                    today's kommune codes a filter keeps
    services_by_unit(year, filters) -> ServicesByUnit    services and organisation forms per kommune and bydel
    offers_per_10k(year, level, filters) -> PerCapita    offers and participants per 10,000 inhabitants
                                                          (level "kommune" adds the bydeler)
    by_dimension(year, dimension, filters) -> Distribution   diagnosis/target group, language, digital
    user_participation(year, filters, level) -> Participation  share of runs taught with experienced users
    change_over_years(years, filters) -> Change          yearly figures carried into today's borders
    distance_indicators(year, filters) -> Distances      distance to the nearest offer per diagnosis group

Levels: "kommune", "fylke", "hf". Dimensions: "diagnose", "malgruppe", "sprak", "digital".
Bydeler (Oslo, Bergen, Stavanger, Trondheim) come as `districts`, separate from the kommune rows: a
bydel's services and runs also count for its kommune, so the two must never be added up.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from mestring.activity.models import ActivityReport, ReportingYear
from mestring.overview import facts
from mestring.overview.cache import cached
from mestring.overview.facts import Geography, RunFact
from mestring.registry import geo as registry_geo
from mestring.registry.models import CourseRun, Service
from mestring.structure.selectors import to_current_borders

LEVELS = ("kommune", "fylke", "hf")
DIMENSIONS = ("diagnose", "malgruppe", "sprak", "digital")
NORWEGIAN = frozenset({"nb", "nn", "no"})
PER = 10_000


@dataclass(frozen=True)
class Filters:
    """Codes of today's units to narrow an overview to; empty strings mean no filter."""

    rhf: str = ""
    hf: str = ""
    fylke: str = ""
    kommune: str = ""

    @property
    def key(self) -> str:
        return f"{self.rhf}|{self.hf}|{self.fylke}|{self.kommune}"

    @property
    def is_local(self) -> bool:
        """True when the filter names a fylke or kommune, so HF-wide runs without a place drop out."""
        return bool(self.fylke or self.kommune)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Choice:
    code: str
    name: str


@dataclass(frozen=True)
class FilterChoices:
    rhfs: tuple[Choice, ...]
    hfs: tuple[Choice, ...]
    fylker: tuple[Choice, ...]
    kommuner: tuple[Choice, ...]


def available_years() -> list[int]:
    """Years with at least one activity report, newest first."""
    return cached("years", (), lambda: sorted(set(
        ActivityReport.objects.values_list("reporting_year__year", flat=True)), reverse=True))


@dataclass(frozen=True)
class ReportBasis:
    submitted: int
    drafts: int
    locked: bool     # the national adviser has locked the year: the figures are final

    @property
    def reports(self) -> int:
        return self.submitted + self.drafts


def report_basis(year: int) -> ReportBasis:
    """Reports of `year` behind the figures. Drafts count too (a service's runs are real whether or
    not the coordinator has pressed «send inn»), so the pages say how many are still drafts."""
    def build() -> ReportBasis:
        statuses = Counter(ActivityReport.objects.filter(reporting_year__year=year).values_list("status", flat=True))
        locked = ReportingYear.objects.filter(year=year, status=ReportingYear.Status.LOCKED).exists()
        return ReportBasis(statuses[ActivityReport.Status.SUBMITTED], statuses[ActivityReport.Status.DRAFT], locked)
    return cached("basis", (year,), build, per_language=False)


def filter_choices() -> FilterChoices:
    def build() -> FilterChoices:
        g = facts.geography()
        return FilterChoices(
            rhfs=tuple(Choice(c, n) for c, n in sorted(g.rhfs.items(), key=lambda t: t[1])),
            hfs=tuple(Choice(c, n) for c, (n, _r) in sorted(g.hfs.items(), key=lambda t: t[1][0])),
            fylker=tuple(Choice(c, n) for c, n in sorted(g.fylker.items())),
            kommuner=tuple(Choice(k.code, k.name) for k in sorted(g.kommuner.values(), key=lambda k: k.code)))
    return cached("choices", (), build)


def kommuner_in(filters: Filters = NO_FILTERS) -> list[str]:
    """Today's kommune codes inside every given filter, sorted by code."""
    def keep(k: facts.Kommune) -> bool:
        return ((not filters.rhf or k.rhf == filters.rhf) and (not filters.hf or k.hf == filters.hf)
                and (not filters.fylke or k.fylke == filters.fylke)
                and (not filters.kommune or k.code == filters.kommune))
    return sorted(code for code, k in facts.geography().kommuner.items() if keep(k))


def bydeler_in(filters: Filters = NO_FILTERS) -> list[str]:
    """Today's bydel codes whose kommune the filter keeps, sorted by code."""
    kommuner = set(kommuner_in(filters))
    return sorted(code for code, b in facts.geography().bydeler.items() if b.kommune in kommuner)


def _hfs_in(filters: Filters, g: Geography) -> set[str]:
    return {code for code, (_n, rhf) in g.hfs.items()
            if (not filters.rhf or rhf == filters.rhf) and (not filters.hf or code == filters.hf)}


def _facts_in(year: int, filters: Filters) -> list[RunFact]:
    """Runs of the year inside the filter; runs without a kommune count for their HF unless the filter is local."""
    g = facts.geography()
    kommuner = set(kommuner_in(filters))
    hfs = set() if filters.is_local else _hfs_in(filters, g)
    return [f for f in facts.run_facts(year) if f.kommune in kommuner or (not f.kommune and f.hf in hfs)]


def _per_10k(count: float, population: int) -> float | None:
    return round(count * PER / population, 2) if population else None


# --- services and organisation forms -------------------------------------------------------------

@dataclass(frozen=True)
class ServiceUnitRow:
    code: str
    name: str
    fylke: str
    hf: str
    services: int               # services hosted in or serving the kommune (interkommunalt) that year
    hosted: int
    forms: tuple[str, ...]      # organisation form labels, sorted
    service_names: tuple[str, ...]
    kommune: str = ""           # for a bydel row: its kommune's name


@dataclass(frozen=True)
class FormCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ServicesByUnit:
    year: int
    rows: tuple[ServiceUnitRow, ...]
    forms: tuple[FormCount, ...]        # services per organisation form (kommune and HF services in the filter)
    hf_rows: tuple[ServiceUnitRow, ...]  # services hosted by each HF in the filter (code/name of the HF)
    without_service: tuple[Choice, ...]
    districts: tuple[ServiceUnitRow, ...] = ()  # bydeler of the kommuner in the filter (also counted there)


def services_by_unit(year: int, filters: Filters = NO_FILTERS) -> ServicesByUnit:
    return cached("services_by_unit", (year, filters.key), lambda: _services_by_unit(year, filters))


def _services_by_unit(year: int, filters: Filters) -> ServicesByUnit:
    g = facts.geography()
    labels = dict(Service.Form.choices)
    serving: dict[str, list[facts.ServiceInfo]] = defaultdict(list)   # kommune or bydel code → services
    hosted: Counter = Counter()
    by_hf: dict[str, list[facts.ServiceInfo]] = defaultdict(list)
    for service in facts.services(year):
        if service.host_hf:
            by_hf[service.host_hf].append(service)
        for code in {service.host_kommune, *service.members, service.host_bydel, *service.member_bydeler} - {""}:
            serving[code].append(service)
        hosted[service.host_kommune] += 1
        hosted[service.host_bydel] += 1
    rows = tuple(_service_row(code, g, serving[code], hosted[code], labels) for code in kommuner_in(filters))
    districts = tuple(_district_row(code, g, serving[code], hosted[code], labels) for code in bydeler_in(filters))
    hf_codes = sorted(_hfs_in(filters, g)) if not filters.is_local else []
    hf_rows = tuple(ServiceUnitRow(code, g.hfs[code][0], "", code, len(by_hf[code]), len(by_hf[code]),
                                   tuple(sorted({str(labels[s.form]) for s in by_hf[code]})),
                                   tuple(s.name for s in by_hf[code])) for code in hf_codes if by_hf[code])
    counted = {s.pk: s for code in kommuner_in(filters) for s in serving[code]}
    counted.update({s.pk: s for code in hf_codes for s in by_hf[code]})
    per_form = Counter(s.form for s in counted.values())
    forms = tuple(FormCount(key, str(label), per_form[key]) for key, label in Service.Form.choices if per_form[key])
    return ServicesByUnit(year, rows, forms, hf_rows,
                          tuple(Choice(r.code, r.name) for r in rows if not r.services), districts)


def _service_row(code: str, g: Geography, serving: list, hosted: int, labels: dict) -> ServiceUnitRow:
    k = g.kommuner[code]
    return ServiceUnitRow(code, k.name, g.fylker.get(k.fylke, ""), g.hfs.get(k.hf, ("", ""))[0], len(serving),
                          hosted, tuple(sorted({str(labels[s.form]) for s in serving})),
                          tuple(sorted(s.name for s in serving)))


def _district_row(code: str, g: Geography, serving: list, hosted: int, labels: dict) -> ServiceUnitRow:
    b = g.bydeler[code]
    kommune = g.kommuner[b.kommune]
    return ServiceUnitRow(code, b.name, g.fylker.get(kommune.fylke, ""), g.hfs.get(b.hf, ("", ""))[0],
                          len(serving), hosted, tuple(sorted({str(labels[s.form]) for s in serving})),
                          tuple(sorted(s.name for s in serving)), kommune.name)


# --- offers and participants per 10,000 inhabitants -----------------------------------------------

@dataclass(frozen=True)
class PerCapitaRow:
    code: str
    name: str
    population: int
    offers: int          # distinct offers with a reported run there that year
    runs: int
    participants: int    # patients and users plus relatives
    offers_per_10k: float | None
    participants_per_10k: float | None
    kommune: str = ""    # for a bydel row: its kommune's name


@dataclass(frozen=True)
class PerCapita:
    year: int
    level: str
    rows: tuple[PerCapitaRow, ...]
    total: PerCapitaRow
    without_offer: tuple[Choice, ...]   # units of the level with no offer that year
    districts: tuple[PerCapitaRow, ...] = ()   # level "kommune" only: bydeler, per their own population


def offers_per_10k(year: int, level: str = "kommune", filters: Filters = NO_FILTERS) -> PerCapita:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    return cached("per_10k", (year, level, filters.key), lambda: _offers_per_10k(year, level, filters))


def _unit_of(level: str, g: Geography):
    """Function mapping a run (or kommune code) to the unit code at `level`."""
    if level == "kommune":
        return lambda f: f.kommune
    if level == "fylke":
        return lambda f: g.kommuner[f.kommune].fylke if f.kommune else ""
    return lambda f: f.hf


def _units_at(level: str, filters: Filters, g: Geography) -> list[Choice]:
    kommuner = kommuner_in(filters)
    if level == "kommune":
        return [Choice(c, g.kommuner[c].name) for c in kommuner]
    if level == "fylke":
        return [Choice(c, g.fylker[c]) for c in sorted({g.kommuner[c].fylke for c in kommuner}) if c in g.fylker]
    codes = {g.kommuner[c].hf for c in kommuner} | (set() if filters.is_local else _hfs_in(filters, g))
    return sorted((Choice(c, g.hfs[c][0]) for c in codes if c in g.hfs), key=lambda c: c.name)


def _population_at(level: str, year: int, filters: Filters, g: Geography) -> dict[str, int]:
    people = g.population_in(year)
    totals: Counter = Counter()
    for code in kommuner_in(filters):
        k = g.kommuner[code]
        totals[{"kommune": code, "fylke": k.fylke, "hf": k.hf}[level]] += people.get(code, 0)
    return dict(totals)


def _offers_per_10k(year: int, level: str, filters: Filters) -> PerCapita:
    g = facts.geography()
    unit_of = _unit_of(level, g)
    offers, runs, participants = defaultdict(set), Counter(), Counter()
    selected = _facts_in(year, filters)
    for f in selected:
        code = unit_of(f)
        offers[code].add(f.offer)
        runs[code] += 1
        participants[code] += f.participants
    people = _population_at(level, year, filters, g)
    rows = tuple(PerCapitaRow(u.code, u.name, people.get(u.code, 0), len(offers[u.code]), runs[u.code],
                              participants[u.code], _per_10k(len(offers[u.code]), people.get(u.code, 0)),
                              _per_10k(participants[u.code], people.get(u.code, 0)))
                 for u in _units_at(level, filters, g))
    population = sum(people.values())
    all_offers = len({f.offer for f in selected})
    all_participants = sum(f.participants for f in selected)
    total = PerCapitaRow("", str(_("I alt")), population, all_offers, len(selected), all_participants,
                         _per_10k(all_offers, population), _per_10k(all_participants, population))
    districts = _district_per_10k(year, selected, filters, g) if level == "kommune" else ()
    return PerCapita(year, level, rows, total, tuple(Choice(r.code, r.name) for r in rows if not r.offers),
                     districts)


def _district_per_10k(year: int, selected: list[RunFact], filters: Filters, g: Geography) -> tuple[PerCapitaRow, ...]:
    """Runs that a bydel's own service held in its kommune, per 10,000 of the bydel's inhabitants."""
    offers, runs, participants = defaultdict(set), Counter(), Counter()
    for f in selected:
        if f.bydel:
            offers[f.bydel].add(f.offer)
            runs[f.bydel] += 1
            participants[f.bydel] += f.participants
    people = g.bydel_population_in(year)

    def row(b: facts.Bydel) -> PerCapitaRow:
        n = people.get(b.code, 0)
        return PerCapitaRow(b.code, b.name, n, len(offers[b.code]), runs[b.code], participants[b.code],
                            _per_10k(len(offers[b.code]), n), _per_10k(participants[b.code], n),
                            g.kommuner[b.kommune].name)
    return tuple(row(g.bydeler[code]) for code in bydeler_in(filters))


# --- by diagnosis group, target group, language, digital -----------------------------------------

LANGUAGE_NAMES = {
    "nb": _("Norsk bokmål"), "nn": _("Norsk nynorsk"), "no": _("Norsk"), "se": _("Nordsamisk"),
    "sma": _("Sørsamisk"), "smj": _("Lulesamisk"), "en": _("Engelsk"), "ar": _("Arabisk"), "so": _("Somali"),
    "pl": _("Polsk"), "ur": _("Urdu"), "ti": _("Tigrinja"), "uk": _("Ukrainsk"), "fa": _("Persisk"),
    "tr": _("Tyrkisk"), "vi": _("Vietnamesisk"), "ru": _("Russisk"), "lt": _("Litauisk"), "ta": _("Tamil"),
    "sv": _("Svensk"), "da": _("Dansk"), "fkv": _("Kvensk"), "es": _("Spansk"), "de": _("Tysk"),
}


@dataclass(frozen=True)
class DimensionRow:
    key: str
    label: str
    offers: int
    runs: int
    participants: int
    share_of_runs: float    # 0–100, of all runs in the filter


@dataclass(frozen=True)
class Distribution:
    year: int
    dimension: str
    rows: tuple[DimensionRow, ...]
    total_runs: int
    total_participants: int
    minority_language_runs: int   # runs held in another language than Norwegian (nb, nn)
    digital_runs: int


def by_dimension(year: int, dimension: str, filters: Filters = NO_FILTERS) -> Distribution:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return cached("dimension", (year, dimension, filters.key), lambda: _by_dimension(year, dimension, filters))


def _keys_for(dimension: str, info: dict[int, facts.OfferInfo]):
    """A run → the category keys it counts under (an offer with two diagnosis groups counts in both)."""
    if dimension == "diagnose":
        return lambda f: info[f.offer].diagnoses or ("",)
    if dimension == "malgruppe":
        return lambda f: info[f.offer].targets or ("",)
    if dimension == "sprak":
        return lambda f: (f.language,)
    return lambda f: ("digital" if f.digital else "fysisk",)


def _labels_for(dimension: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    if dimension == "diagnose":
        order = facts.diagnosis_terms()
    elif dimension == "malgruppe":
        order = facts.target_terms()
    elif dimension == "sprak":
        order = sorted(((k, str(LANGUAGE_NAMES.get(k, k))) for k in keys),
                       key=lambda t: (t[0] not in NORWEGIAN, t[1]))
    else:
        order = [("fysisk", str(_("Fysisk oppmøte"))), ("digital", str(_("Digitalt")))]
    return [*order, ("", str(_("Ikke klassifisert")))]


def _by_dimension(year: int, dimension: str, filters: Filters) -> Distribution:
    selected = _facts_in(year, filters)
    keys_of = _keys_for(dimension, facts.offer_info(year))
    offers, runs, participants = defaultdict(set), Counter(), Counter()
    for f in selected:
        for key in keys_of(f):
            offers[key].add(f.offer)
            runs[key] += 1
            participants[key] += f.participants
    total = len(selected)
    rows = tuple(DimensionRow(key, label, len(offers[key]), runs[key], participants[key],
                              round(100 * runs[key] / total, 1) if total else 0.0)
                 for key, label in _labels_for(dimension, runs) if runs[key] or (key and dimension != "sprak"))
    return Distribution(year, dimension, rows, total, sum(f.participants for f in selected),
                        sum(1 for f in selected if f.language not in NORWEGIAN),
                        sum(1 for f in selected if f.digital))


# --- user participation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ParticipationRow:
    code: str
    name: str
    runs: int
    with_users: int
    share: float | None     # 0–100; None without runs


@dataclass(frozen=True)
class Participation:
    year: int
    level: str
    rows: tuple[ParticipationRow, ...]
    total: ParticipationRow


def user_participation(year: int, filters: Filters = NO_FILTERS, level: str = "hf") -> Participation:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    return cached("participation", (year, level, filters.key), lambda: _user_participation(year, filters, level))


def _share_row(code: str, name: str, runs: int, with_users: int) -> ParticipationRow:
    return ParticipationRow(code, name, runs, with_users, round(100 * with_users / runs, 1) if runs else None)


def _user_participation(year: int, filters: Filters, level: str) -> Participation:
    g = facts.geography()
    unit_of = _unit_of(level, g)
    selected = _facts_in(year, filters)
    runs, taught = Counter(), Counter()
    for f in selected:
        runs[unit_of(f)] += 1
        taught[unit_of(f)] += f.experienced
    rows = tuple(_share_row(u.code, u.name, runs[u.code], taught[u.code]) for u in _units_at(level, filters, g))
    total = _share_row("", str(_("I alt")), len(selected), sum(f.experienced for f in selected))
    return Participation(year, level, rows, total)


# --- change over years in today's borders -----------------------------------------------------------

@dataclass(frozen=True)
class YearRow:
    year: int
    runs: int
    offers: int
    participants: float         # carried into today's borders (weights can split a kommune's count)
    population: int
    participants_per_10k: float | None
    with_users_share: float | None


@dataclass(frozen=True)
class UnitSeries:
    code: str
    name: str
    participants: tuple[float, ...]   # one per year of `Change.years`, today's borders


@dataclass(frozen=True)
class Change:
    years: tuple[int, ...]
    rows: tuple[YearRow, ...]
    units: tuple[UnitSeries, ...]
    redistributed: int          # participants recorded on a kommune of that year's borders and carried by weights


def change_over_years(years: Iterable[int], filters: Filters = NO_FILTERS) -> Change:
    years = tuple(sorted(set(years)))
    return cached("change", (",".join(map(str, years)), filters.key), lambda: _change(years, filters))


def _in_todays_borders(year: int, selected: list[RunFact], g: Geography) -> tuple[dict[str, float], int]:
    """Participants per kommune of today. Runs recorded on a kommune valid in `year` go through
    `to_current_borders` (SSB population weights); runs already on a kommune of today stay put."""
    old: Counter = Counter()
    direct: Counter = Counter()
    for f in selected:
        code, start, end = g.unit_code_until.get(f.source_unit, ("", None, None))
        if code and end is not None and (start is None or start <= year) and year <= end:
            old[code] += f.participants
        elif f.kommune:
            direct[f.kommune] += f.participants
    carried = to_current_borders(old, year) if old else {}
    for code, value in carried.items():
        direct[code] += value
    return dict(direct), sum(old.values())


def _change(years: tuple[int, ...], filters: Filters) -> Change:
    g = facts.geography()
    kommuner = kommuner_in(filters)
    wanted = set(kommuner)
    rows, per_unit, redistributed = [], defaultdict(list), 0
    for year in years:
        selected = _facts_in(year, filters)
        by_kommune, moved = _in_todays_borders(year, selected, g)
        redistributed += int(moved)
        for code in kommuner:
            per_unit[code].append(round(by_kommune.get(code, 0.0), 1))
        participants = sum(v for c, v in by_kommune.items() if c in wanted)
        participants += sum(f.participants for f in selected if not f.kommune)
        people = sum(g.population_in(year).get(c, 0) for c in kommuner)
        taught = sum(f.experienced for f in selected)
        rows.append(YearRow(year, len(selected), len({f.offer for f in selected}), round(participants, 1), people,
                            _per_10k(participants, people),
                            round(100 * taught / len(selected), 1) if selected else None))
    units = tuple(UnitSeries(c, g.kommuner[c].name, tuple(per_unit[c])) for c in kommuner)
    return Change(years, tuple(rows), units, redistributed)


# --- equal access: distance to the nearest offer ----------------------------------------------------

@dataclass(frozen=True)
class DistanceRow:
    code: str
    name: str
    population: int
    km: tuple[float | None, ...]    # one per group of `Distances.groups`; None: no such offer anywhere


@dataclass(frozen=True)
class Gap:
    code: str
    name: str
    group: str
    group_label: str
    km: float
    population: int


@dataclass(frozen=True)
class Distances:
    year: int
    groups: tuple[Choice, ...]
    rows: tuple[DistanceRow, ...]
    gaps: tuple[Gap, ...]            # largest distances first (kommune × group), at most GAP_LIMIT
    points: dict[str, int] = field(default_factory=dict)   # group code → places with such an offer


GAP_LIMIT = 50


def distance_indicators(year: int, filters: Filters = NO_FILTERS) -> Distances:
    return cached("distances", (year, filters.key), lambda: _distances(year, filters))


def offer_places(year: int) -> dict[str, set[tuple[float, float]]]:
    """Diagnosis group → (lat, lon) of every place where an offer of that group had a run starting in
    `year` (the registry's runs, reported or not). Digital runs and digital-only offers are left out:
    the indicator is about travelling to an offer."""
    def build() -> dict[str, set[tuple[float, float]]]:
        runs = (CourseRun.objects.filter(starts_on__year=year, is_digital=False)
                .exclude(offer__format="digital").exclude(offer__status="defunct"))
        run_places = runs.values_list("offer_id", "location__latitude", "location__longitude")
        by_offer: dict[int, set] = defaultdict(set)
        missing: set[int] = set()
        for offer, lat, lon in run_places:
            (by_offer[offer].add((round(float(lat), 2), round(float(lon), 2))) if lat is not None
             else missing.add(offer))
        from mestring.registry.models import CourseOffer
        through = CourseOffer.locations.through.objects.filter(courseoffer_id__in=missing)
        for offer, lat, lon in through.values_list("courseoffer_id", "location__latitude", "location__longitude"):
            by_offer[offer].add((round(float(lat), 2), round(float(lon), 2)))
        places: dict[str, set] = defaultdict(set)
        groups = CourseOffer.diagnosis_groups.through.objects.filter(courseoffer_id__in=list(by_offer))
        for offer, code in groups.values_list("courseoffer_id", "taxonomyterm__code"):
            places[code] |= by_offer[offer]
        return dict(places)
    return cached("places", (year,), build)


def _nearest(centre: tuple[float, float], places: list[tuple[float, float]]) -> float | None:
    """Great-circle km to the nearest of `places` (sorted by latitude).

    Candidates are compared by a flat-earth distance in degrees of latitude; scanning outwards from
    the centre's latitude stops once the latitude gap alone exceeds the best found, so each lookup
    touches a few places rather than all of them."""
    if not places:
        return None
    scale = math.cos(math.radians(centre[0]))
    start = bisect.bisect_left(places, centre)
    best, best_d2 = None, math.inf
    for step in (-1, 1):
        i = start if step == 1 else start - 1
        while 0 <= i < len(places):
            lat, lon = places[i]
            gap = (lat - centre[0]) ** 2
            if gap > best_d2:
                break
            d2 = gap + ((lon - centre[1]) * scale) ** 2
            if d2 < best_d2:
                best, best_d2 = places[i], d2
            i += step
    return round(registry_geo.distance_km(centre, best), 1)


def _distances(year: int, filters: Filters) -> Distances:
    g = facts.geography()
    centres = registry_geo.kommune_centres()
    groups = tuple(Choice(c, n) for c, n in facts.diagnosis_terms())
    places = {code: sorted(points) for code, points in offer_places(year).items()}
    people = g.population_in(year)
    rows = tuple(DistanceRow(code, g.kommuner[code].name, people.get(code, 0),
                             tuple(_nearest(centres[code], places.get(grp.code, [])) if code in centres else None
                                   for grp in groups))
                 for code in kommuner_in(filters))
    gaps = sorted((Gap(r.code, r.name, grp.code, grp.name, km, r.population)
                   for r in rows for grp, km in zip(groups, r.km) if km is not None),
                  key=lambda gap: (-gap.km, gap.code, gap.group))
    return Distances(year, groups, rows, tuple(gaps[:GAP_LIMIT]), {c: len(p) for c, p in places.items()})


# --- staff details: activity per service --------------------------------------------------------------

@dataclass(frozen=True)
class ServiceActivityRow:
    pk: int
    name: str
    form: str
    kommune: str        # name of today's host kommune, or the HF's name
    runs: int
    participants: int
    with_users: int
    digital_runs: int
    minority_language_runs: int


def service_activity(year: int, filters: Filters = NO_FILTERS) -> tuple[ServiceActivityRow, ...]:
    """What each service reported in `year` (runs inside the filter), largest first. Staff only: small
    services' figures come close to single courses."""
    return cached("service_activity", (year, filters.key), lambda: _service_activity(year, filters))


def _service_activity(year: int, filters: Filters) -> tuple[ServiceActivityRow, ...]:
    g = facts.geography()
    labels = dict(Service.Form.choices)
    info = {s.pk: s for s in facts.services(year)}
    grouped: dict[int, list[RunFact]] = defaultdict(list)
    for f in _facts_in(year, filters):
        grouped[f.service].append(f)
    rows = []
    for pk, runs in grouped.items():
        service = info.get(pk)
        if service is None:
            continue
        place = (g.kommuner[service.host_kommune].name if service.host_kommune in g.kommuner
                 else g.hfs.get(service.host_hf, ("", ""))[0])
        rows.append(ServiceActivityRow(pk, service.name, str(labels.get(service.form, service.form)), place, len(runs),
                                       sum(f.participants for f in runs), sum(f.experienced for f in runs),
                                       sum(f.digital for f in runs), sum(f.language not in NORWEGIAN for f in runs)))
    return tuple(sorted(rows, key=lambda r: (-r.participants, r.name)))
