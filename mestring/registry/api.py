"""The HSDS 3.0 read API under /api/hsds/ (public, rate-limited) and its OpenAPI document.

Paged lists use the specification's envelope; `format=ndjson` streams every matching item, one
JSON object per line, without paging. Malformed parameters get 400 with a message in Norwegian.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from typing import Literal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import Throttled, ValidationError
from pydantic import Field

from mestring.registry import cache, hsds, search, selectors
from mestring.registry.throttle import AddressThrottle
from mestring.registry.api_errors import norwegian_message
from mestring.registry.models import CourseOffer, CourseRun, Location, OpeningHours, Service, Taxonomy, TaxonomyTerm

api = NinjaAPI(title="mestring HSDS 3.0 API", version="3.0", urls_namespace="hsds", openapi_url="/openapi.json",
               docs_url=None, throttle=[AddressThrottle(getattr(settings, "HSDS_API_RATE", "600/m"), group="hsds-api")],
               description="Lærings- og mestringstilbud som åpne data etter Open Referral HSDS 3.0. "
                           "Utvidelser: `x_course_runs` (daterte kursstarter) på hver tjeneste, `x_schedules` "
                           "(åpningstider) på hver organisasjon.")
MAX_PER_PAGE = 100
ORGANIZATION_CANDIDATES = 2000  # more offers than this: the general query plan is cheaper


@api.exception_handler(ValidationError)
def bad_parameters(request, exc: ValidationError):
    fields = sorted({".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors} - {""})
    return JsonResponse({"detail": "Ugyldige parametre: " + (", ".join(fields) or "ukjent"),
                         "errors": [{"parameter": ".".join(str(p) for p in e.get("loc", [])[1:]),
                                     "message": norwegian_message(e)} for e in exc.errors]}, status=400)


@api.exception_handler(Throttled)
def too_many_requests(request, exc: Throttled):
    """The rate limit's answer says, in Norwegian, what happened and when to try again."""
    wait = math.ceil(exc.wait) if exc.wait is not None else None
    text = "For mange forespørsler fra samme adresse. Vent litt og prøv igjen."
    if wait is not None:
        text = f"For mange forespørsler fra samme adresse. Prøv igjen om {wait} sekunder."
    return JsonResponse({"detail": text}, status=429)


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)
    format: Literal["json", "ndjson"] = "json"


class SearchPaging(Paging):
    search: str = Field("", max_length=200)


class ServiceFilters(SearchPaging):
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None
    postcode: str = Field("", max_length=100, description="Postnummer eller kommunenavn som registeret kjenner")
    proximity: int | None = Field(None, ge=1, le=2_000_000, description="Meter fra punktet for `postcode`")


def envelope(items: list[dict], total: int, paging: Paging) -> dict:
    pages = max(1, math.ceil(total / paging.per_page))
    return {"total_items": total, "total_pages": pages, "page_number": paging.page, "size": len(items),
            "first_page": paging.page == 1, "last_page": paging.page >= pages, "empty": not items,
            "contents": items}


def respond(queryset: QuerySet, paging: Paging, render) -> dict | StreamingHttpResponse:
    if paging.format == "ndjson":
        lines = (json.dumps(render(row), ensure_ascii=False) + "\n" for row in queryset.iterator(chunk_size=500))
        return StreamingHttpResponse(lines, content_type="application/x-ndjson")
    start = (paging.page - 1) * paging.per_page
    rows = list(queryset[start:start + paging.per_page])
    return envelope([render(row) for row in rows], queryset.count(), paging)


def check_filters(f: ServiceFilters) -> ServiceFilters:
    """Combinations a schema cannot express: a distance needs a place to measure from."""
    if f.proximity and not f.postcode:
        raise ValidationError([{"loc": ["query", "proximity"], "msg": "proximity krever postcode"}])
    return f


def offer_query(f: ServiceFilters) -> selectors.OfferQuery:
    place = None
    if f.postcode:
        place = selectors.resolve_place(f.postcode)
        if place is None:
            raise ValidationError([{"loc": ["query", "postcode"], "msg": "ukjent postnummer eller sted"}])
    radius = (f.proximity / 1000) if f.proximity else selectors.DEFAULT_RADIUS_KM
    query = selectors.OfferQuery(text=f.search, organization=f.organization_id, term=f.taxonomy_term_id,
                                 modified_after=f.modified_after, place=place, radius_km=radius)
    return query


@api.get("/hsds/", summary="Om API-et")
def root(request):
    return {"version": "3.0", "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri("/api/openapi.json")}


def text_and_organization(f: ServiceFilters) -> bool:
    """Search within one organization: its few offers are checked against the index (SQLite)."""
    others = (f.taxonomy_term_id, f.taxonomy_id, f.modified_after, f.postcode)
    return bool(f.search.strip()) and f.organization_id is not None and not any(others) and f.format == "json"


def only_term(f: ServiceFilters) -> bool:
    others = (f.search.strip(), f.taxonomy_id, f.organization_id, f.modified_after, f.postcode)
    return f.taxonomy_term_id is not None and not any(others) and f.format == "json"


def only_text(f: ServiceFilters) -> bool:
    others = (f.taxonomy_term_id, f.taxonomy_id, f.organization_id, f.modified_after, f.postcode)
    return bool(f.search.strip()) and not any(others) and f.format == "json"


def cached_json(key: tuple, compute) -> HttpResponse:
    """The JSON answer for `key`, computed once per registry data version (see registry.cache)."""
    body = cache.remember_bytes(key, lambda: json.dumps(compute(), cls=DjangoJSONEncoder, ensure_ascii=False).encode())
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def filters_key(name: str, f: Paging) -> tuple:
    """The parsed parameters, with the search text reduced to what the search uses (its stems)."""
    values = f.model_dump()
    if "search" in values:
        values["search"] = (bool(f.search.strip()), tuple(search.stems(f.search)[:search.MAX_QUERY_WORDS]))
    return (name, *sorted(values.items()))


@api.get("/hsds/services", summary="Kurstilbud (HSDS service)")
def services(request, filters: Query[ServiceFilters]):
    check_filters(filters)
    if filters.format == "ndjson":
        return services_answer(filters)
    return cached_json(filters_key("services", filters), lambda: services_answer(filters))


def services_answer(filters: ServiceFilters):
    start = (filters.page - 1) * filters.per_page
    found = None
    if only_text(filters):
        found = search.text_only_page(filters.search, start, filters.per_page)
    elif text_and_organization(filters):
        candidates = list(CourseOffer.objects.filter(service__uuid=filters.organization_id)
                          .values_list("pk", flat=True)[:ORGANIZATION_CANDIDATES + 1])
        if len(candidates) <= ORGANIZATION_CANDIDATES:
            found = search.text_page_within(filters.search, candidates, start, filters.per_page)
    elif only_term(filters):
        ids = selectors.public_ids_with_term(filters.taxonomy_term_id)
        found = len(ids), ids[start:start + filters.per_page]
    if found is not None:
        total, ids = found
        by_pk = CourseOffer.objects.select_related("service").in_bulk(ids)
        return envelope([hsds.service_brief(by_pk[pk]) for pk in ids if pk in by_pk], total, filters)
    offers = selectors.offers_matching(offer_query(filters))
    if filters.taxonomy_id:
        offers = offers.filter(Q(diagnosis_groups__taxonomy__uuid=filters.taxonomy_id)
                               | Q(target_groups__taxonomy__uuid=filters.taxonomy_id)).distinct()
    offers = offers.select_related("service").order_by("pk")
    return respond(offers, filters, hsds.service_brief)


def full_offers() -> QuerySet[CourseOffer]:
    return CourseOffer.objects.public().select_related("service__host_unit").prefetch_related(
        "diagnosis_groups__taxonomy", "target_groups__taxonomy", "locations__kommune", "locations__service",
        "service__contacts__service",
        Prefetch("runs", queryset=CourseRun.objects.select_related("location", "offer").order_by("starts_on")))


@api.get("/hsds/services/{service_id}", summary="Ett kurstilbud med steder, termer og kursstarter")
def service(request, service_id: uuid.UUID):
    return cached_json(("service", service_id), lambda: service_detail(service_id))


def service_detail(service_id: uuid.UUID) -> dict:
    offer = full_offers().filter(uuid=service_id).first()
    if offer is None:
        raise Http404
    return hsds.service_full(offer)


@api.get("/hsds/organizations", summary="Tjenester (HSDS organization)")
def organizations(request, paging: Query[SearchPaging]):
    if paging.format == "ndjson":
        return organizations_answer(paging)
    return cached_json(("organizations", *sorted(paging.model_dump().items())), lambda: organizations_answer(paging))


def organizations_answer(paging: SearchPaging):
    orgs = Service.objects.select_related("host_unit").order_by("pk")
    if paging.search.strip():
        orgs = orgs.filter(name__icontains=paging.search.strip())
    return respond(orgs, paging, hsds.organization)


@api.get("/hsds/organizations/{organization_id}", summary="Én tjeneste")
def organization(request, organization_id: uuid.UUID):
    return cached_json(("organization", organization_id), lambda: organization_detail(organization_id))


def organization_detail(organization_id: uuid.UUID) -> dict:
    org = Service.objects.select_related("host_unit").filter(uuid=organization_id).first()
    if org is None:
        raise Http404
    item = hsds.organization(org)
    item["services"] = [hsds.service_brief(o) for o in org.offers.public().select_related("service")]
    item["locations"] = [hsds.location(loc) for loc in org.locations.select_related("kommune", "service")]
    item["x_schedules"] = [hsds.schedule(h) for h in org.opening_hours.select_related("service", "location")]
    return item


@api.get("/hsds/locations", summary="Steder")
def locations(request, paging: Query[Paging]):
    if paging.format == "ndjson":
        return locations_answer(paging)
    return cached_json(("locations", *sorted(paging.model_dump().items())), lambda: locations_answer(paging))


def locations_answer(paging: Paging):
    rows = Location.objects.select_related("kommune", "service").order_by("pk")
    return respond(rows, paging, hsds.location)


@api.get("/hsds/locations/{location_id}", summary="Ett sted")
def location(request, location_id: uuid.UUID):
    return cached_json(("location", location_id), lambda: location_detail(location_id))


def location_detail(location_id: uuid.UUID) -> dict:
    found = Location.objects.select_related("kommune", "service").filter(uuid=location_id).first()
    if found is None:
        raise Http404
    return hsds.location(found)


@api.get("/hsds/schedules/{schedule_id}", summary="Én åpningstid (HSDS schedule)")
def schedule(request, schedule_id: uuid.UUID):
    return cached_json(("schedule", schedule_id), lambda: schedule_detail(schedule_id))


def schedule_detail(schedule_id: uuid.UUID) -> dict:
    found = OpeningHours.objects.select_related("service", "location").filter(uuid=schedule_id).first()
    if found is None:
        raise Http404
    return hsds.schedule(found)


@api.get("/hsds/service_at_locations", summary="Kurstilbud på steder")
def service_at_locations(request, filters: Query[ServiceFilters]):
    check_filters(filters)
    if filters.format == "ndjson":
        return service_at_locations_answer(filters)
    return cached_json(filters_key("service_at_locations", filters), lambda: service_at_locations_answer(filters))


def service_at_locations_answer(filters: ServiceFilters):
    offers = selectors.offers_matching(offer_query(filters)).values("pk")
    links = (CourseOffer.locations.through.objects.filter(courseoffer__in=offers)
             .select_related("courseoffer", "location__kommune", "location__service").order_by("pk"))
    return respond(links, filters, lambda link: hsds.service_at_location(link.courseoffer, link.location))


@api.get("/hsds/service_at_locations/{service_at_location_id}", summary="Ett kurstilbud på ett sted")
def service_at_location(request, service_at_location_id: uuid.UUID):
    found = public_link_ids().get(str(service_at_location_id))
    if found is None:
        raise Http404
    return cached_json(("service_at_location", found), lambda: service_at_location_detail(found))


def public_link_ids() -> dict[str, int]:
    """{HSDS id: link pk} of every public course–place link. The id is derived from the course and place
    ids rather than stored, so the links are read once per data version to look ids up."""
    def build() -> dict[str, int]:
        links = (CourseOffer.locations.through.objects.filter(courseoffer__in=CourseOffer.objects.public())
                 .values_list("pk", "courseoffer__uuid", "location__uuid"))
        return {hsds.derived_id(offer, f"sal/{place}"): pk for pk, offer, place in links.iterator(chunk_size=2000)}
    return cache.remember(("public_link_ids",), build, size=lambda ids: 150 * len(ids))


def service_at_location_detail(link_pk: int) -> dict:
    link = (CourseOffer.locations.through.objects.select_related("courseoffer__service", "location__kommune",
                                                                  "location__service").get(pk=link_pk))
    item = hsds.service_at_location(link.courseoffer, link.location)
    item["service"] = hsds.service_brief(link.courseoffer)
    return item


@api.get("/hsds/taxonomies", summary="Vokabularer")
def taxonomies(request, paging: Query[Paging]):
    if paging.format == "ndjson":
        return respond(Taxonomy.objects.order_by("pk"), paging, hsds.taxonomy)
    return cached_json(("taxonomies", *sorted(paging.model_dump().items())),
                       lambda: respond(Taxonomy.objects.order_by("pk"), paging, hsds.taxonomy))


@api.get("/hsds/taxonomies/{taxonomy_id}", summary="Ett vokabular")
def taxonomy(request, taxonomy_id: uuid.UUID):
    found = Taxonomy.objects.filter(uuid=taxonomy_id).first()
    if found is None:
        raise Http404
    return hsds.taxonomy(found)


@api.get("/hsds/taxonomy_terms/{taxonomy_term_id}", summary="Én term")
def taxonomy_term(request, taxonomy_term_id: uuid.UUID):
    found = TaxonomyTerm.objects.select_related("taxonomy", "parent").filter(uuid=taxonomy_term_id).first()
    if found is None:
        raise Http404
    return hsds.taxonomy_term(found)


@api.get("/hsds/taxonomy_terms", summary="Termer")
def taxonomy_terms(request, paging: Query[Paging], taxonomy_id: uuid.UUID | None = None):
    if paging.format == "ndjson":
        return taxonomy_terms_answer(paging, taxonomy_id)
    return cached_json(("taxonomy_terms", taxonomy_id, *sorted(paging.model_dump().items())),
                       lambda: taxonomy_terms_answer(paging, taxonomy_id))


def taxonomy_terms_answer(paging: Paging, taxonomy_id: uuid.UUID | None):
    terms = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("pk")
    if taxonomy_id:
        terms = terms.filter(taxonomy__uuid=taxonomy_id)
    return respond(terms, paging, hsds.taxonomy_term)


from mestring.registry import api_write  # noqa: E402,F401  (write methods on the same paths)
