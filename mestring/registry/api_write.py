"""The write API for coordinators: create, replace, change and delete HSDS organizations and services.

Design (also in the OpenAPI document): the read paths of `registry.api` get write methods.

- `POST /api/hsds/organizations`, `PUT|PATCH|DELETE /api/hsds/organizations/{id}`: our `Service`
  (HSDS organization), host unit given as `x_host_unit: {"kind", "code"}`.
- `POST /api/hsds/services`, `PUT|PATCH|DELETE /api/hsds/services/{id}`: a course offer (HSDS
  service) with its terms (`attributes`), `languages`, `cost_options`, places
  (`service_at_locations`) and dated runs (`x_course_runs`, our extension). In a PUT or PATCH that
  carries `x_course_runs`, the list is the complete set: runs with a known `id` are changed, runs
  without an `id` are added, runs left out are deleted.
- `POST /api/hsds/locations|contacts|schedules`, `PUT|PATCH|DELETE /api/hsds/locations/{id}`,
  `/api/hsds/contacts/{id}` and `/api/hsds/schedules/{id}`: an organization's places, contact persons
  and opening hours (`registry.api_write_parts`); a place that courses or runs use is not deleted (409).
- Authentication: `Authorization: Bearer <token>` (tokens made under /arbeid/registry/nokler/).
  A token acts as its user and reaches the units that user coordinates. 401 without a usable
  token; 404 for ids outside those units; 403 when a body points at an organization or host unit
  outside them; 400 with Norwegian messages for invalid bodies — nothing is written unless the
  whole body is valid, and each request is one transaction. The audit trail records the token's
  user as the one who made the change. Rate-limited per user (settings.REGISTRY_WRITE_API_RATE).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Literal

from auditlog.context import auditlog_value
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone
from ninja import Schema
from ninja import Status as Reply
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import Field

from mestring.accounts.access import scoped_units
from mestring.accounts.models import Role
from mestring.registry import access, hsds, services
from mestring.registry.api import api
from mestring.registry.models import (ApiToken, CourseOffer, CourseRun, Location, Service, Status, Taxonomy,
                                      TaxonomyTerm)
from mestring.structure.models import Unit


class WriteRejected(Exception):
    """A request the write API turns down with a status and a Norwegian message (and per-field errors)."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or []


@api.exception_handler(WriteRejected)
def rejected(request, exc: WriteRejected):
    body = {"detail": exc.detail}
    if exc.errors:
        body["errors"] = exc.errors
    return JsonResponse(body, status=exc.status)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return JsonResponse({"detail": "Mangler gyldig API-nøkkel. Send «Authorization: Bearer <nøkkel>»; nøkkelen "
                                   "kan være utløpt eller trukket tilbake."}, status=401)


class TokenAuth(HttpBearer):
    """A usable (not revoked, not expired) token of an active coordinator or national admin."""

    def authenticate(self, request, token: str) -> ApiToken | None:
        found = ApiToken.objects.select_related("user").filter(secret_hash=services.hash_secret(token)).first()
        if found is None or not found.is_usable:
            return None
        user = found.user
        if not (user.is_national_admin or user.has_role(Role.COORDINATOR)):
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)  # not audited: it is not a change
        return found


class TokenUserThrottle(AuthRateThrottle):
    """Counts calls per token owner, so several tokens of one person share one limit."""

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": "registry-write", "ident": request.auth.user_id}


WRITE = {"auth": TokenAuth(), "throttle": [TokenUserThrottle(getattr(settings, "REGISTRY_WRITE_API_RATE", "120/m"))],
         "tags": ["skriv"], "description": __doc__.split("\n\n", 1)[1]}


@contextlib.contextmanager
def acting_as(user):
    """Audit entries made inside name `user` as actor (the auditlog middleware only knows session users)."""
    current = auditlog_value.get(None)
    if current is None:
        yield
        return
    reset = auditlog_value.set({**current, "actor": user})
    try:
        yield
    finally:
        auditlog_value.reset(reset)


# --- bodies -------------------------------------------------------------------------------------

StatusValue = Literal["active", "inactive", "defunct", "temporarily closed"]


class HostUnitIn(Schema):
    kind: Literal["hf", "kommune", "bydel"]
    code: str = Field(max_length=60)


class OrganizationIn(Schema):
    name: str | None = None
    description: str | None = None
    email: str | None = None
    website: str | None = None
    x_phone: str | None = None
    x_form: Literal[tuple(Service.Form.values)] | None = None  # type: ignore[valid-type]
    x_status: StatusValue | None = None
    x_host_unit: HostUnitIn | None = None


class AttributeIn(Schema):
    taxonomy_term_id: uuid.UUID


class LanguageIn(Schema):
    code: str = Field(max_length=3)


class CostOptionIn(Schema):
    amount: int = Field(0, ge=0)
    amount_description: str | None = None


class ServiceAtLocationIn(Schema):
    location_id: uuid.UUID


class RunIn(Schema):
    id: uuid.UUID | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None
    schedule: str
    location_id: uuid.UUID | None = None
    is_digital: bool = False
    seats_left: int | None = Field(None, ge=0)
    sign_up_url: str | None = None
    sign_up_deadline: dt.date | None = None


class ServiceIn(Schema):
    """An HSDS service as `GET /api/hsds/services/{id}` returns it; unknown fields are ignored."""

    organization_id: uuid.UUID | None = None
    name: str | None = None
    alternate_name: str | None = None
    description: str | None = None
    x_description_en: str | None = None
    status: StatusValue | None = None
    application_process: str | None = None
    x_sign_up_url: str | None = None
    fees_description: str | None = None
    minimum_age: int | None = Field(None, ge=0)
    maximum_age: int | None = Field(None, ge=0)
    x_format: Literal[tuple(CourseOffer.Format.values)] | None = None  # type: ignore[valid-type]
    x_user_participation: bool | None = None
    x_method: Literal[tuple(CourseOffer.Method.values)] | None = None  # type: ignore[valid-type]
    x_method_note: str | None = None
    x_referral_required: bool | None = None
    x_capacity: int | None = Field(None, ge=0)
    x_hours: float | None = Field(None, ge=0)
    x_sessions: int | None = Field(None, ge=0)
    attributes: list[AttributeIn] | None = None
    languages: list[LanguageIn] | None = None
    cost_options: list[CostOptionIn] | None = Field(None, max_length=1)
    service_at_locations: list[ServiceAtLocationIn] | None = None
    x_course_runs: list[RunIn] | None = Field(None, max_length=200)


REQUIRED_ORGANIZATION = ("name", "x_form", "x_host_unit")
REQUIRED_SERVICE = ("organization_id", "name", "description", "application_process")


# --- validation: everything is checked before anything is written ------------------------------------

class Problems:
    """Per-field errors collected over a whole body, so the client sees all of them at once."""

    def __init__(self):
        self.errors: list[dict] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append({"field": field, "message": str(message)})

    def add_django(self, prefix: str, exc: DjangoValidationError, names: dict[str, str]) -> None:
        for field, messages in exc.message_dict.items():
            where = names.get(field, field) if field != "__all__" else ""
            for message in messages:
                self.add(f"{prefix}{where}".rstrip("."), message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise WriteRejected(400, "Ugyldig innhold: " + "; ".join(f"{e['field'] or 'body'}: {e['message']}"
                                                                     for e in self.errors[:10]), self.errors)


def require(body: Schema, names: tuple[str, ...], problems: Problems) -> None:
    for name in names:
        if getattr(body, name) in (None, ""):
            problems.add(name, "Feltet må fylles ut.")


def clean(obj, problems: Problems, prefix: str, names: dict[str, str], exclude: list[str]) -> None:
    try:
        # Constraints are checked above with field-level Norwegian messages, not Django's generic one.
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        problems.add_django(prefix, exc, names)


ORGANIZATION_NAMES = {"name": "name", "description": "description", "email": "email", "website": "website",
                      "phone": "x_phone", "form": "x_form", "status": "x_status", "host_unit": "x_host_unit"}
OFFER_NAMES = {"title": "name", "title_en": "alternate_name", "description": "description",
               "description_en": "x_description_en", "status": "status", "sign_up": "application_process",
               "sign_up_url": "x_sign_up_url", "cost_note": "fees_description", "min_age": "minimum_age",
               "max_age": "maximum_age", "format": "x_format", "user_participation": "x_user_participation",
               "method": "x_method", "method_note": "x_method_note", "referral_required": "x_referral_required",
               "capacity": "x_capacity", "hours": "x_hours", "sessions": "x_sessions", "languages": "languages",
               "cost_nok": "cost_options[0].amount"}
RUN_NAMES = {"starts_on": "starts_on", "ends_on": "ends_on", "schedule": "schedule", "location": "location_id",
             "seats_left": "seats_left", "sign_up_url": "sign_up_url", "sign_up_deadline": "sign_up_deadline"}


def host_unit_for(user, ref: HostUnitIn) -> Unit:
    unit = Unit.objects.current().filter(kind=ref.kind, code=ref.code).first()
    if unit is None:
        raise WriteRejected(400, f"Ukjent enhet: {ref.kind} {ref.code}.",
                            [{"field": "x_host_unit", "message": "Finnes ikke blant dagens enheter."}])
    if not scoped_units(user).filter(pk=unit.pk).exists():
        raise WriteRejected(403, "Du koordinerer ikke denne enheten.")
    return unit


def organization_for_user(user, org_id: uuid.UUID) -> Service:
    service = access.services_for_user(user).filter(uuid=org_id).first()
    if service is not None:
        return service
    if Service.objects.filter(uuid=org_id).exists():
        raise WriteRejected(403, "Du koordinerer ikke enheten som driver denne organisasjonen.")
    raise WriteRejected(400, "Ukjent organization_id.", [{"field": "organization_id", "message": "Finnes ikke."}])


def apply_organization(user, service: Service, body: OrganizationIn, *, partial: bool) -> Service:
    problems = Problems()
    if not partial:
        require(body, REQUIRED_ORGANIZATION, problems)
        problems.raise_if_any()
    data = body.model_dump(exclude_unset=partial)
    simple = {"name": "name", "description": "description", "email": "email", "website": "website",
              "x_phone": "phone", "x_form": "form", "x_status": "status"}
    for key, attr in simple.items():
        if key in data:
            default = Status.ACTIVE if attr == "status" else ""
            setattr(service, attr, data[key] if data[key] is not None else default)
    if body.x_host_unit is not None:
        service.host_unit = host_unit_for(user, body.x_host_unit)
    clean(service, problems, "", ORGANIZATION_NAMES, exclude=["uuid"])
    problems.raise_if_any()
    return service


class OfferPlan:
    """A validated course offer ready to save: the instance, its terms and places, runs to keep and to drop."""

    def __init__(self, offer: CourseOffer):
        self.offer = offer
        self.terms: dict[str, list[TaxonomyTerm]] | None = None
        self.locations: list[Location] | None = None
        self.runs: list[CourseRun] | None = None


def offer_fields(offer: CourseOffer, data: dict) -> None:
    defaults = {"title_en": "", "description_en": "", "status": Status.ACTIVE, "sign_up_url": "", "cost_note": "",
                "format": CourseOffer.Format.GROUP, "user_participation": True, "method": CourseOffer.Method.STANDARD,
                "method_note": "", "referral_required": False}
    for attr, key in OFFER_NAMES.items():
        if key in data and attr not in ("languages", "cost_nok"):
            value = data[key]
            setattr(offer, attr, value if value is not None else defaults.get(attr))
    if "languages" in data:
        codes = [lang["code"].strip().lower() for lang in data["languages"] or []]
        offer.languages = ",".join(codes) or "nb"
    if "cost_options" in data:
        options = data["cost_options"] or []
        offer.cost_nok = options[0]["amount"] if options else 0
        if options and options[0].get("amount_description") and not data.get("fees_description"):
            offer.cost_note = options[0]["amount_description"]


def plan_terms(body: ServiceIn, problems: Problems) -> dict[str, list[TaxonomyTerm]]:
    wanted = [a.taxonomy_term_id for a in body.attributes or []]
    found = {t.uuid: t for t in TaxonomyTerm.objects.filter(uuid__in=wanted).select_related("taxonomy")}
    terms = {"diagnosis_groups": [], "target_groups": []}
    for i, term_id in enumerate(wanted):
        term = found.get(term_id)
        if term is None:
            problems.add(f"attributes[{i}].taxonomy_term_id", "Ukjent term.")
            continue
        key = "diagnosis_groups" if term.taxonomy.slug == Taxonomy.DIAGNOSIS else "target_groups"
        terms[key].append(term)
    if not terms["diagnosis_groups"]:
        problems.add("attributes", "Velg minst én diagnosegruppe (eller «Diagnoseuavhengig»).")
    if not terms["target_groups"]:
        problems.add("attributes", "Velg minst én målgruppe.")
    return terms


def locations_of(service: Service, ids: list[uuid.UUID | None], field: str, problems: Problems) -> dict:
    known = {loc.uuid: loc for loc in service.locations.all()}
    for i, loc_id in enumerate(ids):
        if loc_id is not None and loc_id not in known:
            problems.add(field.format(i=i), "Stedet hører ikke til denne organisasjonen.")
    return known


def plan_runs(offer: CourseOffer, service: Service, body: ServiceIn, problems: Problems) -> list[CourseRun]:
    existing = {r.uuid: r for r in offer.runs.all()} if offer.pk else {}
    known = locations_of(service, [r.location_id for r in body.x_course_runs],
                         "x_course_runs[{i}].location_id", problems)
    runs = []
    for i, item in enumerate(body.x_course_runs):
        if item.id is not None and item.id not in existing:
            problems.add(f"x_course_runs[{i}].id", "Ukjent kursstart for dette kurset; utelat id for en ny.")
            continue
        run = existing.get(item.id) or CourseRun(offer=offer)
        for attr in ("starts_on", "ends_on", "schedule", "is_digital", "seats_left", "sign_up_deadline"):
            setattr(run, attr, getattr(item, attr))
        run.sign_up_url = item.sign_up_url or ""
        run.location = known.get(item.location_id)
        if run.ends_on and run.ends_on < run.starts_on:
            problems.add(f"x_course_runs[{i}].ends_on", "Sluttdato kan ikke være før startdato.")
        if run.location is None and not run.is_digital:
            problems.add(f"x_course_runs[{i}].location_id", "Oppgi et sted, eller sett is_digital til true.")
        clean(run, problems, f"x_course_runs[{i}].", RUN_NAMES, exclude=["offer", "uuid", "location"])
        runs.append(run)
    return runs


def plan_offer(user, offer: CourseOffer, body: ServiceIn, *, partial: bool) -> OfferPlan:
    problems = Problems()
    if not partial:
        require(body, REQUIRED_SERVICE, problems)
        problems.raise_if_any()
    if body.organization_id is not None:
        service = organization_for_user(user, body.organization_id)
        if offer.pk and service.pk != offer.service_id:
            problems.add("organization_id", "Et kurs kan ikke flyttes til en annen organisasjon; opprett det der.")
            problems.raise_if_any()
        offer.service = service
    data = body.model_dump(exclude_unset=partial)
    offer_fields(offer, data)
    plan = OfferPlan(offer)
    if "attributes" in data:
        plan.terms = plan_terms(body, problems)
    if "service_at_locations" in data:
        ids = [s.location_id for s in body.service_at_locations or []]
        known = locations_of(offer.service, ids, "service_at_locations[{i}].location_id", problems)
        plan.locations = [known[i] for i in ids if i in known]
    if "x_course_runs" in data:
        plan.runs = plan_runs(offer, offer.service, body, problems) if body.x_course_runs else []
    if offer.min_age is not None and offer.max_age is not None and offer.max_age < offer.min_age:
        problems.add("maximum_age", "Øvre alder kan ikke være lavere enn nedre alder.")
    clean(offer, problems, "", OFFER_NAMES, exclude=["uuid", "service", "diagnosis_groups", "target_groups",
                                                     "locations", "search_text"])
    problems.raise_if_any()
    return plan


# --- reads of what was written ------------------------------------------------------------------------

def offer_item(pk: int) -> dict:
    offer = (CourseOffer.objects.filter(pk=pk).select_related("service__host_unit")
             .prefetch_related("diagnosis_groups__taxonomy", "target_groups__taxonomy", "locations__kommune",
                               "locations__service", "service__contacts__service",
                               Prefetch("runs", queryset=CourseRun.objects.select_related("location", "offer")
                                        .order_by("starts_on"))).get())
    return hsds.service_full(offer)


def organization_item(service: Service) -> dict:
    return hsds.organization(Service.objects.select_related("host_unit").get(pk=service.pk))


def offer_of_user(user, service_id: uuid.UUID) -> CourseOffer:
    offer = CourseOffer.objects.filter(uuid=service_id, service__in=access.services_for_user(user)).first()
    if offer is None:
        raise WriteRejected(404, "Finnes ikke blant tjenestene til enhetene du koordinerer.")
    return offer


def organization_of_user(user, organization_id: uuid.UUID) -> Service:
    service = access.services_for_user(user).filter(uuid=organization_id).first()
    if service is None:
        raise WriteRejected(404, "Finnes ikke blant organisasjonene til enhetene du koordinerer.")
    return service


# --- endpoints ------------------------------------------------------------------------------------------

def write_offer(request, offer: CourseOffer, body: ServiceIn, *, partial: bool, status: int = 200):
    user = request.auth.user
    plan = plan_offer(user, offer, body, partial=partial)
    with acting_as(user):
        services.save_planned_offer(offer=plan.offer, terms=plan.terms, locations=plan.locations, runs=plan.runs)
    return Reply(status, offer_item(plan.offer.pk))


@api.post("/hsds/services", response={201: dict}, summary="Opprett et kurstilbud (krever API-nøkkel)", **WRITE)
def create_service(request, payload: ServiceIn):
    return write_offer(request, CourseOffer(), payload, partial=False, status=201)


@api.put("/hsds/services/{service_id}", response={200: dict}, summary="Erstatt et kurstilbud", **WRITE)
def replace_service(request, service_id: uuid.UUID, payload: ServiceIn):
    return write_offer(request, offer_of_user(request.auth.user, service_id), payload, partial=False)


@api.patch("/hsds/services/{service_id}", response={200: dict}, summary="Endre felter i et kurstilbud", **WRITE)
def change_service(request, service_id: uuid.UUID, payload: ServiceIn):
    return write_offer(request, offer_of_user(request.auth.user, service_id), payload, partial=True)


@api.delete("/hsds/services/{service_id}", response={204: None}, summary="Slett et kurstilbud", **WRITE)
def delete_service(request, service_id: uuid.UUID):
    offer = offer_of_user(request.auth.user, service_id)
    with acting_as(request.auth.user):
        services.delete_object(obj=offer)
    return Reply(204, None)


def write_organization(request, service: Service, body: OrganizationIn, *, partial: bool, status: int = 200):
    user = request.auth.user
    apply_organization(user, service, body, partial=partial)
    with acting_as(user), transaction.atomic():
        service.save()
    return Reply(status, organization_item(service))


@api.post("/hsds/organizations", response={201: dict}, summary="Opprett en organisasjon (krever API-nøkkel)",
          **WRITE)
def create_organization(request, payload: OrganizationIn):
    return write_organization(request, Service(), payload, partial=False, status=201)


@api.put("/hsds/organizations/{organization_id}", response={200: dict}, summary="Erstatt en organisasjon", **WRITE)
def replace_organization(request, organization_id: uuid.UUID, payload: OrganizationIn):
    service = organization_of_user(request.auth.user, organization_id)
    return write_organization(request, service, payload, partial=False)


@api.patch("/hsds/organizations/{organization_id}", response={200: dict}, summary="Endre felter i en organisasjon",
           **WRITE)
def change_organization(request, organization_id: uuid.UUID, payload: OrganizationIn):
    service = organization_of_user(request.auth.user, organization_id)
    return write_organization(request, service, payload, partial=True)


@api.delete("/hsds/organizations/{organization_id}", response={204: None},
            summary="Slett en organisasjon med alle kursene", **WRITE)
def delete_organization(request, organization_id: uuid.UUID):
    service = organization_of_user(request.auth.user, organization_id)
    with acting_as(request.auth.user):
        services.delete_object(obj=service)
    return Reply(204, None)


from mestring.registry import api_write_parts  # noqa: E402,F401  (places and contacts, same rules)
