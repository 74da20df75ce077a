"""Reads of the registry shared by the finder, the HSDS API and the coordinator pages."""
from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mestring.registry import cache, geo, search
from mestring.registry.models import CourseOffer, CourseRun, Location, Service, TaxonomyTerm
from mestring.structure.models import Catchment, Unit

DEFAULT_RADIUS_KM = 50


@dataclass(frozen=True)
class Place:
    """A resolved "near me" place: what the person typed and the point we use."""

    label: str
    point: tuple[float, float]


@dataclass
class OfferQuery:
    """Every filter of the finder and the API. Values are already validated by a form or schema."""

    text: str = ""
    diagnosis: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    language: str = ""
    format: str = ""
    kommune: str = ""
    fylke: str = ""
    hf: str = ""
    place: Place | None = None
    radius_km: int = DEFAULT_RADIUS_KM
    upcoming: bool = False
    free: bool = False
    organization: uuid.UUID | None = None
    term: uuid.UUID | None = None
    modified_after: dt.datetime | None = None


def offers_matching(q: OfferQuery) -> QuerySet[CourseOffer]:
    """Public offers that pass every filter of `q` (unordered)."""
    offers = search.public_matches(q.text) if q.text.strip() else CourseOffer.objects.public()
    for slug, codes in (("offers_by_diagnosis", q.diagnosis), ("offers_by_target", q.target)):
        if codes:
            offers = offers.filter(pk__in=TaxonomyTerm.objects.filter(code__in=codes).values(slug))
    if q.language:
        offers = offers.filter(Q(languages=q.language) | Q(languages__startswith=f"{q.language},")
                               | Q(languages__endswith=f",{q.language}") | Q(languages__contains=f",{q.language},"))
    if q.format:
        offers = offers.filter(format=q.format)
    offers = filter_by_area(offers, q)
    if q.place:
        offers = offers.filter(locations__in=locations_near(q.place.point, q.radius_km)).distinct()
    if q.upcoming:
        soon = CourseRun.objects.filter(offer=OuterRef("pk"), starts_on__gte=timezone.localdate())
        offers = offers.filter(Exists(soon))
    if q.free:
        offers = offers.filter(cost_nok=0)
    if q.organization:
        offers = offers.filter(service_id__in=Service.objects.filter(uuid=q.organization).values("pk"))
    if q.term:  # two subqueries, not two joins: no duplicates, no DISTINCT over 50,000 rows
        diagnosis = CourseOffer.diagnosis_groups.through.objects.filter(taxonomyterm__uuid=q.term)
        target = CourseOffer.target_groups.through.objects.filter(taxonomyterm__uuid=q.term)
        offers = offers.filter(Q(pk__in=diagnosis.values("courseoffer_id")) | Q(pk__in=target.values("courseoffer_id")))
    if q.modified_after:
        offers = offers.filter(modified__gt=q.modified_after)
    return offers


def filter_by_area(offers: QuerySet[CourseOffer], q: OfferQuery) -> QuerySet[CourseOffer]:
    """Kommune: held, served (intermunicipal) or hosted there. Fylke: places in it. HF: the trust's LMS or its area."""
    if q.kommune:
        kommune = Q(locations__kommune__code=q.kommune) | Q(service__host_unit__code=q.kommune)
        kommune |= Q(service__host_unit__parent__code=q.kommune, service__host_unit__kind=Unit.Kind.BYDEL)
        kommune |= Q(service__memberships__unit__code=q.kommune, service__memberships__valid_to__isnull=True)
        offers = offers.filter(pk__in=CourseOffer.objects.filter(kommune).values("pk"))
    if q.fylke:
        offers = offers.filter(pk__in=CourseOffer.objects.filter(locations__kommune__code__startswith=q.fylke)
                               .values("pk"))
    if q.hf:
        areas = Catchment.objects.filter(hf__code=q.hf, hf__valid_to__isnull=True).values("area")
        trust = Q(service__host_unit__code=q.hf, service__host_unit__kind=Unit.Kind.HF) | Q(locations__kommune__in=areas)
        offers = offers.filter(pk__in=CourseOffer.objects.filter(trust).values("pk"))
    return offers


def locations_near(point: tuple[float, float], radius_km: float) -> QuerySet[Location]:
    """Locations inside the bounding box of the circle (distances are exact later, per page)."""
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(point, radius_km)
    return Location.objects.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))


def with_listing_data(offers: QuerySet[CourseOffer]) -> QuerySet[CourseOffer]:
    """Everything a result row shows, in a fixed number of queries."""
    today = timezone.localdate()
    return offers.select_related("service__host_unit").prefetch_related(
        "diagnosis_groups", "target_groups", "locations__kommune",
        Prefetch("runs", queryset=CourseRun.objects.filter(starts_on__gte=today).order_by("starts_on"),
                 to_attr="upcoming_runs"))


def nearest_distance(offer: CourseOffer, point: tuple[float, float]) -> float | None:
    distances = [geo.distance_km(point, (float(loc.latitude), float(loc.longitude))) for loc in offer.locations.all()]
    return min(distances) if distances else None


def resolve_place(text: str) -> Place | None:
    """A kommune name, a postcode or a place name used in the registry's own addresses → a point.

    We ship no national postcode or place-name register: only kommune names (their population-weighted
    centre, see `geo`) and the postcodes and place names that the registry's locations carry are known.
    """
    text = " ".join(text.split())[:100]
    if not text:
        return None
    kommune = Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE, name_nb__iexact=text).first()
    if kommune is None:
        kommune = next((u for u in Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE)
                        if u.name_nb.casefold() == text.casefold()), None)  # iexact folds only ASCII on SQLite
    if kommune and kommune.code in geo.kommune_centres():
        return Place(kommune.name_nb, geo.kommune_centres()[kommune.code])
    field_name = "postcode" if text.isdigit() else "place__iexact"
    location = Location.objects.filter(**{field_name: text}).order_by("pk").first()
    if location is None and not text.isdigit():
        location = next((loc for loc in Location.objects.filter(place__icontains=text[:3]).order_by("pk")[:500]
                         if loc.place.casefold() == text.casefold()), None)
    if location:
        return Place(f"{location.postcode} {location.place}".strip(), (float(location.latitude),
                                                                         float(location.longitude)))
    return None


def offer_detail(pk: int) -> CourseOffer | None:
    offers = CourseOffer.objects.public().filter(pk=pk).select_related("service__host_unit")
    offers = offers.prefetch_related("diagnosis_groups", "target_groups", "locations__kommune",
                                     "service__contacts", "service__opening_hours", "service__memberships__unit",
                                     Prefetch("runs", queryset=CourseRun.objects.select_related("location")
                                              .order_by("starts_on")))
    return offers.first()


def terms_of(taxonomy_slug: str) -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug).order_by("position", "name"))


def services_for_units(units: QuerySet[Unit]) -> QuerySet[Service]:
    return Service.objects.filter(host_unit__in=units).select_related("host_unit").order_by("name")


def public_ids_with_term(term: uuid.UUID) -> list[int]:
    """Ids of public offers classified by a term (diagnosis or target group), ascending.

    One list per term and data version serves its count and every page (registry.cache); the
    two link tables are read through their term index instead of counting through the offers.
    """
    def compute() -> list[int]:
        diagnosis = CourseOffer.diagnosis_groups.through.objects.filter(taxonomyterm__uuid=term)
        target = CourseOffer.target_groups.through.objects.filter(taxonomyterm__uuid=term)
        linked = set(diagnosis.values_list("courseoffer_id", flat=True)) | set(
            target.values_list("courseoffer_id", flat=True))
        public = CourseOffer.objects.public().filter(pk__in=sorted(linked)).values_list("pk", flat=True)
        return sorted(public)
    return cache.remember(("term_ids", term), compute, size=lambda ids: 8 * len(ids) + 100)


def location_uses(location: Location) -> list[tuple[CourseOffer, int]]:
    """The courses that list a place or have runs there, by title, each with its number of runs there."""
    runs = Counter(location.runs.values_list("offer_id", flat=True))
    offers = CourseOffer.objects.filter(Q(pk__in=location.offers.values("pk")) | Q(pk__in=list(runs)))
    return [(offer, runs[offer.pk]) for offer in offers.order_by("title")]
