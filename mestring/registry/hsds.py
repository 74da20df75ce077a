"""Registry rows as HSDS 3.0 objects (dicts ready for JSON), shared by the API and `export_hsds`.

Mapping: `Service` → organization, `CourseOffer` → service, `Location` → location (with one
address), offer × location → service_at_location, taxonomy terms → attributes. Objects HSDS wants
an id for but we keep no row for (addresses, languages, cost options, attributes) get uuid5 ids
derived from their owner, so they are stable between calls and exports.

Extension (not in HSDS): `x_course_runs` on a service lists its dated runs, each
`{id, starts_on, ends_on, schedule, location_id, is_digital, seats_left, sign_up_url, sign_up_deadline}`
(dates ISO 8601; `seats_left` null when unknown). `x_format`, `x_user_participation`,
`x_method`, `x_referral_required` and `x_capacity` carry the course fields HSDS has no place for.

Opening hours (`OpeningHours`) are HSDS schedules: one weekly RRULE per row (`freq` "WEEKLY",
`byday` one day such as "MO", `opens_at`/`closes_at` as "HH:MM" in Norwegian local time, which is
why they carry no UTC offset). They belong to our `Service`, an HSDS organization, which HSDS gives
no schedules: `x_organization_id` names it, `location_id` the place when the hours are for one place
only. They are shown as `x_schedules` on an organization and at `/api/hsds/schedules/{id}`.
"""
from __future__ import annotations

import uuid

from django.conf import settings

from mestring.registry.models import (Contact, CourseOffer, CourseRun, Location, OpeningHours, Service, Taxonomy,
                                      TaxonomyTerm)

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English", "ar": "العربية", "ur": "اردو",
                  "so": "Soomaali", "pl": "Polski", "se": "Davvisámegiella"}


def compact(item: dict) -> dict:
    """HSDS types optional fields as string/number: leave unknown ones out instead of sending null."""
    return {k: v for k, v in item.items() if v is not None}


def derived_id(owner: uuid.UUID, kind: str) -> str:
    return str(uuid.uuid5(owner, kind))


def taxonomy(t: Taxonomy) -> dict:
    return compact({"id": str(t.uuid), "name": t.name, "description": t.description, "version": t.version or None})


def taxonomy_term(t: TaxonomyTerm) -> dict:
    return compact({"id": str(t.uuid), "code": t.code, "name": t.name, "description": t.description or t.name,
            "parent_id": str(t.parent.uuid) if t.parent_id else None, "taxonomy": t.taxonomy.name,
            "taxonomy_id": str(t.taxonomy.uuid), "language": "nb"})


def organization(s: Service) -> dict:
    return compact({"id": str(s.uuid), "name": s.name, "alternate_name": s.get_form_display(),
            "description": s.description or s.name, "email": s.email or None, "website": s.website or None,
            "x_form": s.form, "x_host_unit": {"kind": s.host_unit.kind, "code": s.host_unit.code,
                                              "name": s.host_unit.name},
            "x_status": s.status})


def address(loc: Location) -> dict:
    return compact({"id": derived_id(loc.uuid, "address"), "location_id": str(loc.uuid), "address_1": loc.address,
            "city": loc.place or loc.kommune.name_nb, "state_province": loc.kommune.name_nb,
            "postal_code": loc.postcode or "", "country": "NO", "address_type": "physical"})


def location(loc: Location) -> dict:
    return compact({"id": str(loc.uuid), "location_type": "physical", "organization_id": str(loc.service.uuid),
            "name": loc.name, "description": loc.directions or None,
            "latitude": float(loc.latitude), "longitude": float(loc.longitude),
            "external_identifier": loc.kommune.code, "external_identifier_type": "kommunenummer",
            "addresses": [address(loc)]})


def service_brief(o: CourseOffer) -> dict:
    """The flat service object (list pages: compiled_service_list.json)."""
    return compact({
        "id": str(o.uuid), "organization_id": str(o.service.uuid), "name": o.title,
        "alternate_name": o.title_en or None, "description": o.description,
        "url": f"{settings.SITE_URL}/kurs/{o.pk}/", "email": o.service.email or None, "status": o.status,
        "application_process": o.sign_up, "fees_description": o.cost_note or ("Gratis" if o.is_free else None),
        "minimum_age": o.min_age, "maximum_age": o.max_age, "assured_date": o.last_confirmed.isoformat(),
        "last_modified": o.modified.isoformat(),
        "x_format": o.format, "x_user_participation": o.user_participation, "x_method": o.method,
        "x_referral_required": o.referral_required, "x_capacity": o.capacity,
        "x_hours": float(o.hours) if o.hours is not None else None, "x_sessions": o.sessions,
    })



def attributes(o: CourseOffer) -> list[dict]:
    terms = list(o.diagnosis_groups.all()) + list(o.target_groups.all())
    return [{"id": derived_id(o.uuid, f"attribute/{t.uuid}"), "link_id": str(o.uuid), "link_type": "service",
             "link_entity": "service", "taxonomy_term_id": str(t.uuid), "taxonomy_term": taxonomy_term(t)}
            for t in terms]


def contact(c: Contact) -> dict:
    return compact({"id": str(c.uuid), "organization_id": str(c.service.uuid), "name": c.name, "title": c.role or None,
            "email": c.email or None,
            "phones": [{"id": derived_id(c.uuid, "phone"), "contact_id": str(c.uuid), "number": c.phone}]
            if c.phone else []})


BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # iCal day codes, Monday = OpeningHours.Weekday 1


def schedule(h: OpeningHours) -> dict:
    return compact({"id": str(h.uuid), "x_organization_id": str(h.service.uuid),
                    "location_id": str(h.location.uuid) if h.location_id else None,
                    "freq": "WEEKLY", "wkst": "MO", "byday": BYDAY[h.weekday - 1],
                    "opens_at": f"{h.opens:%H:%M}", "closes_at": f"{h.closes:%H:%M}"})


def run(r: CourseRun) -> dict:
    """Extension row; keeps nulls (documented in the module docstring)."""
    return {"id": str(r.uuid), "starts_on": r.starts_on.isoformat(),
            "ends_on": r.ends_on.isoformat() if r.ends_on else None, "schedule": r.schedule,
            "location_id": str(r.location.uuid) if r.location_id else None, "is_digital": r.is_digital,
            "seats_left": r.seats_left, "sign_up_url": r.sign_up_url or None,
            "sign_up_deadline": r.sign_up_deadline.isoformat() if r.sign_up_deadline else None}


def service_at_location(o: CourseOffer, loc: Location, *, nested: bool = True) -> dict:
    item = {"id": derived_id(o.uuid, f"sal/{loc.uuid}"), "service_id": str(o.uuid), "location_id": str(loc.uuid)}
    if nested:
        item["location"] = location(loc)
    return item


def service_full(o: CourseOffer) -> dict:
    """One service with everything (compiled_service.json), including the run extension."""
    item = service_brief(o)
    item.update({
        "organization": organization(o.service),
        "service_at_locations": [service_at_location(o, loc) for loc in o.locations.all()],
        "attributes": attributes(o),
        "languages": [compact({"id": derived_id(o.uuid, f"language/{code}"), "service_id": str(o.uuid), "code": code,
                       "name": LANGUAGE_NAMES.get(code, code)}) for code in o.language_codes],
        "cost_options": [compact({"id": derived_id(o.uuid, "cost"), "service_id": str(o.uuid), "currency": "NOK",
                                  "amount": o.cost_nok, "amount_description": o.cost_note or None})],
        "contacts": [contact(c) for c in o.service.contacts.all()],
        "x_course_runs": [run(r) for r in o.runs.all()],
    })
    return compact(item)
