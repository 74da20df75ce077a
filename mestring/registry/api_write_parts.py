"""The write API for the places, contact persons and opening hours of an organization (HSDS location,
contact and schedule).

- `POST /api/hsds/locations`, `PUT|PATCH|DELETE /api/hsds/locations/{id}`: a place in the read shape
  of `GET /api/hsds/locations/{id}`: `name`, `description` (directions), `latitude`, `longitude`,
  `external_identifier` (the kommune number, `external_identifier_type` "kommunenummer") and one
  address `addresses[0]` with `address_1`, `city` and `postal_code`.
- `POST /api/hsds/contacts`, `PUT|PATCH|DELETE /api/hsds/contacts/{id}`: a contact person as
  `contacts` on `GET /api/hsds/services/{id}` shows it: `name`, `title`, `email`, `phones[0].number`.
  Contact persons are personal data: there is no public list or detail read of them.
- `POST /api/hsds/schedules`, `PUT|PATCH|DELETE /api/hsds/schedules/{id}`: opening hours in the read
  shape of `GET /api/hsds/schedules/{id}` (also `x_schedules` on `GET /api/hsds/organizations/{id}`):
  `byday` (one day: "MO" … "SU"), `opens_at` and `closes_at` ("HH:MM", Norwegian local time),
  `location_id` (optional: one of the organization's places; left out or null = all its places),
  `freq` "WEEKLY" if given. HSDS schedules have no organization field, so ours is
  `x_organization_id`; `service_id` is not used, since hours belong to the organization, not a course.

Each needs `organization_id` (schedules: `x_organization_id`) on POST and PUT (one of the
organizations of the token user's units); it cannot change afterwards. The rules are the coordinator
pages' own: the body becomes the data of `LocationForm` / `ContactForm` / `OpeningHoursForm`, which
check coordinates (WGS84, inside Norway's box on the model), postcode format, that the kommune is a
current one, that a place of opening hours is the organization's own and that they close after they
open. Coordinates are rounded to the five
decimals a place keeps (about a metre). A place that courses or runs still use is not deleted:
409 says how many, and the client first takes it out of those courses' `service_at_locations` and
`x_course_runs`. Everything else (tokens, 401/403/404/400, one transaction, audit actor, rate
limit) is as in `registry.api_write`.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django import forms
from django.db.models import Model
from django.forms.models import model_to_dict
from ninja import Schema
from ninja import Status as Reply
from pydantic import Field

from mestring.registry import access, hsds, services
from mestring.registry.api import api
from mestring.registry.api_write import WRITE, Problems, WriteRejected, acting_as, organization_for_user
from mestring.registry.forms import ContactForm, LocationForm, OpeningHoursForm
from mestring.registry.models import Contact, Location, OpeningHours

COORDINATE_DECIMALS = Location._meta.get_field("latitude").decimal_places


# --- bodies -------------------------------------------------------------------------------------

class AddressIn(Schema):
    address_1: str | None = None
    city: str | None = None
    postal_code: str | None = None


class LocationIn(Schema):
    """An HSDS location as `GET /api/hsds/locations/{id}` returns it; unknown fields are ignored."""

    organization_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    external_identifier: str | None = Field(None, max_length=10, description="Kommunenummer, for eksempel «5501»")
    external_identifier_type: Literal["kommunenummer"] | None = None
    addresses: list[AddressIn] | None = Field(None, max_length=1)


class PhoneIn(Schema):
    number: str | None = None


class ContactIn(Schema):
    """An HSDS contact as `contacts` on a service shows it; unknown fields are ignored."""

    organization_id: uuid.UUID | None = None
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phones: list[PhoneIn] | None = Field(None, max_length=1)


class ScheduleIn(Schema):
    """An HSDS schedule as `GET /api/hsds/schedules/{id}` returns it; unknown fields are ignored."""

    x_organization_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    freq: Literal["WEEKLY"] | None = None
    byday: str | None = Field(None, max_length=20, description="Én ukedag: MO, TU, WE, TH, FR, SA eller SU")
    opens_at: str | None = Field(None, max_length=20, description="Åpner, «HH:MM» norsk tid")
    closes_at: str | None = Field(None, max_length=20, description="Stenger, «HH:MM» norsk tid")


# --- from a body to the coordinator form's data -----------------------------------------------------

def flat_values(data: dict, nested: str, keys: tuple[str, ...]) -> dict:
    """Body values by API name, the one nested item spelled `nested[0].key`; an empty list clears it."""
    values = {k: v for k, v in data.items() if k != nested}
    if nested in data:
        item = (data[nested] or [{key: None for key in keys}])[0]
        values.update({f"{nested}[0].{key}": item[key] for key in keys if key in item})
    return values


def coordinate(value):
    return value if value is None else round(value, COORDINATE_DECIMALS)


def location_values(data: dict) -> dict:
    values = flat_values(data, "addresses", ("address_1", "city", "postal_code"))
    for key in ("latitude", "longitude"):
        if key in values:
            values[key] = coordinate(values[key])
    return values


class ApiLocationForm(LocationForm):
    """The coordinator page's form, with the kommune given by its number instead of a row id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kommune = self.fields["kommune"]
        kommune.to_field_name = "code"
        kommune.error_messages["invalid_choice"] = "Ukjent kommunenummer: oppgi nummeret til en av dagens kommuner."


def location_stored(loc: Location) -> dict:
    return model_to_dict(loc, fields=list(LOCATION.names)) | {"kommune": loc.kommune.code}


WEEKDAY_OF = {code: number for number, code in enumerate(hsds.BYDAY, start=1)}


def schedule_values(data: dict) -> dict:
    """`byday` "MO" → weekday 1; anything else goes on as given for the form to refuse."""
    byday = data.get("byday")
    if isinstance(byday, str):
        data["byday"] = WEEKDAY_OF.get(byday.strip().upper(), byday)
    return data


class ApiOpeningHoursForm(OpeningHoursForm):
    """The coordinator page's form, with the place given by its HSDS id and the day as an iCal code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        place, day = self.fields["location"], self.fields["weekday"]
        place.to_field_name = "uuid"
        place.error_messages["invalid_choice"] = "Stedet hører ikke til denne organisasjonen."
        day.error_messages["invalid_choice"] = "Oppgi én ukedag: MO, TU, WE, TH, FR, SA eller SU."


def schedule_stored(hours: OpeningHours) -> dict:
    return {"weekday": hours.weekday, "opens": hours.opens, "closes": hours.closes,
            "location": hours.location.uuid if hours.location_id else None}


@dataclass(frozen=True)
class Part:
    """One kind of organization part the API writes: its model, form, names, stored values and read shape."""

    model: type[Model]
    form: type[forms.ModelForm]
    names: dict[str, str]  # form field → API field
    values: Callable[[dict], dict]
    stored: Callable[[Model], dict]  # the form data of what is saved, for PATCH
    render: Callable[[Model], dict]
    related: tuple[str, ...]  # what `render` reads through foreign keys
    not_found: str
    organization_field: str = "organization_id"


LOCATION = Part(Location, ApiLocationForm,
                {"name": "name", "directions": "description", "latitude": "latitude", "longitude": "longitude",
                 "kommune": "external_identifier", "address": "addresses[0].address_1",
                 "place": "addresses[0].city", "postcode": "addresses[0].postal_code"},
                location_values, location_stored, hsds.location, ("service", "kommune"),
                "Finnes ikke blant stedene til enhetene du koordinerer.")
CONTACT = Part(Contact, ContactForm,
               {"name": "name", "role": "title", "email": "email", "phone": "phones[0].number"},
               lambda data: flat_values(data, "phones", ("number",)),
               lambda contact: model_to_dict(contact, fields=list(CONTACT.names)), hsds.contact, ("service",),
               "Finnes ikke blant kontaktpersonene til enhetene du koordinerer.")
SCHEDULE = Part(OpeningHours, ApiOpeningHoursForm,
                {"weekday": "byday", "opens": "opens_at", "closes": "closes_at", "location": "location_id"},
                schedule_values, schedule_stored, hsds.schedule, ("service", "location"),
                "Finnes ikke blant åpningstidene til enhetene du koordinerer.", "x_organization_id")


def form_data(part: Part, obj: Model, body: Schema, *, partial: bool) -> dict:
    """What the form gets: on PATCH the stored values with the body's on top; on PUT/POST the body's only."""
    data = part.stored(obj) if partial else {}
    values = part.values(body.model_dump(exclude_unset=partial))
    for field, name in part.names.items():
        if name in values:
            data[field] = "" if values[name] is None else values[name]
    return data


def validated_form(user, part: Part, obj: Model, body: Schema, *, partial: bool) -> forms.ModelForm:
    """The bound, valid form for `obj`; 400 listing every problem otherwise, 403 for another unit's organization."""
    problems, field = Problems(), part.organization_field
    if getattr(body, field) is not None:
        service = organization_for_user(user, getattr(body, field))
        if obj.pk and service.pk != obj.service_id:
            problems.add(field, "Kan ikke flyttes til en annen organisasjon; opprett den der.")
        obj.service = service
    elif not partial:
        problems.add(field, "Feltet må fylles ut.")
    form = part.form(form_data(part, obj, body, partial=partial), instance=obj,
                     service=obj.service if obj.service_id else None)
    for field, messages in form.errors.items():
        for message in messages:
            problems.add(part.names.get(field, ""), message)
    problems.raise_if_any()
    return form


def part_of_user(user, part: Part, part_id: uuid.UUID) -> Model:
    """The contact or place if one of the user's units hosts its organization; 404 otherwise."""
    found = part.model.objects.filter(uuid=part_id, service__in=access.services_for_user(user)).first()
    if found is None:
        raise WriteRejected(404, part.not_found)
    return found


def item(part: Part, obj: Model) -> dict:
    return part.render(part.model.objects.select_related(*part.related).get(pk=obj.pk))


def write_part(request, part: Part, obj: Model, body: Schema, *, partial: bool, status: int = 200):
    user = request.auth.user
    form = validated_form(user, part, obj, body, partial=partial)
    with acting_as(user):
        saved = services.save_part(form=form)
    return Reply(status, item(part, saved))


# --- endpoints ------------------------------------------------------------------------------------------

@api.post("/hsds/locations", response={201: dict}, summary="Opprett et sted (krever API-nøkkel)", **WRITE)
def create_location(request, payload: LocationIn):
    return write_part(request, LOCATION, Location(), payload, partial=False, status=201)


@api.put("/hsds/locations/{location_id}", response={200: dict}, summary="Erstatt et sted", **WRITE)
def replace_location(request, location_id: uuid.UUID, payload: LocationIn):
    return write_part(request, LOCATION, part_of_user(request.auth.user, LOCATION, location_id), payload,
                      partial=False)


@api.patch("/hsds/locations/{location_id}", response={200: dict}, summary="Endre felter i et sted", **WRITE)
def change_location(request, location_id: uuid.UUID, payload: LocationIn):
    return write_part(request, LOCATION, part_of_user(request.auth.user, LOCATION, location_id), payload,
                      partial=True)


def in_use(courses: int, runs: int) -> str:
    uses = [f"{courses} kurs"] if courses else []
    uses += [f"{runs} {'kursstart' if runs == 1 else 'kursstarter'}"] if runs else []
    return (f"Stedet brukes av {' og '.join(uses)} og er ikke slettet. Ta det først ut av kursenes "
            "service_at_locations og x_course_runs.")


@api.delete("/hsds/locations/{location_id}", response={204: None, 409: dict},
            summary="Slett et sted som ingen kurs eller kursstarter bruker", **WRITE)
def delete_location(request, location_id: uuid.UUID):
    location = part_of_user(request.auth.user, LOCATION, location_id)
    with acting_as(request.auth.user):
        courses, runs = services.delete_location_unless_used(location=location)
    if courses or runs:
        raise WriteRejected(409, in_use(courses, runs))
    return Reply(204, None)


@api.post("/hsds/contacts", response={201: dict}, summary="Opprett en kontaktperson (krever API-nøkkel)", **WRITE)
def create_contact(request, payload: ContactIn):
    return write_part(request, CONTACT, Contact(), payload, partial=False, status=201)


@api.put("/hsds/contacts/{contact_id}", response={200: dict}, summary="Erstatt en kontaktperson", **WRITE)
def replace_contact(request, contact_id: uuid.UUID, payload: ContactIn):
    return write_part(request, CONTACT, part_of_user(request.auth.user, CONTACT, contact_id), payload,
                      partial=False)


@api.patch("/hsds/contacts/{contact_id}", response={200: dict}, summary="Endre felter i en kontaktperson", **WRITE)
def change_contact(request, contact_id: uuid.UUID, payload: ContactIn):
    return write_part(request, CONTACT, part_of_user(request.auth.user, CONTACT, contact_id), payload,
                      partial=True)


@api.delete("/hsds/contacts/{contact_id}", response={204: None}, summary="Slett en kontaktperson", **WRITE)
def delete_contact(request, contact_id: uuid.UUID):
    contact = part_of_user(request.auth.user, CONTACT, contact_id)
    with acting_as(request.auth.user):
        services.delete_object(obj=contact)
    return Reply(204, None)


@api.post("/hsds/schedules", response={201: dict}, summary="Opprett en åpningstid (krever API-nøkkel)", **WRITE)
def create_schedule(request, payload: ScheduleIn):
    return write_part(request, SCHEDULE, OpeningHours(), payload, partial=False, status=201)


@api.put("/hsds/schedules/{schedule_id}", response={200: dict}, summary="Erstatt en åpningstid", **WRITE)
def replace_schedule(request, schedule_id: uuid.UUID, payload: ScheduleIn):
    return write_part(request, SCHEDULE, part_of_user(request.auth.user, SCHEDULE, schedule_id), payload,
                      partial=False)


@api.patch("/hsds/schedules/{schedule_id}", response={200: dict}, summary="Endre felter i en åpningstid", **WRITE)
def change_schedule(request, schedule_id: uuid.UUID, payload: ScheduleIn):
    return write_part(request, SCHEDULE, part_of_user(request.auth.user, SCHEDULE, schedule_id), payload,
                      partial=True)


@api.delete("/hsds/schedules/{schedule_id}", response={204: None}, summary="Slett en åpningstid", **WRITE)
def delete_schedule(request, schedule_id: uuid.UUID):
    hours = part_of_user(request.auth.user, SCHEDULE, schedule_id)
    with acting_as(request.auth.user):
        services.delete_object(obj=hours)
    return Reply(204, None)
