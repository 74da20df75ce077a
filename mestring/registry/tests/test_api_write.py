"""The write API: tokens, scope, validation before writing, one transaction, audit, rate limit, OpenAPI."""
import datetime as dt
import json

import jsonschema
import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.utils import timezone

from mestring.registry import services
from mestring.registry.models import Contact, CourseOffer, CourseRun, Location, OpeningHours, Service
from mestring.registry.tests.factories import make_offer, term
from mestring.registry.tests.test_api import schema

pytestmark = pytest.mark.django_db
LATER = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def offer_a(unit_a):
    return make_offer(unit_a, title="Leve med KOLS", last_confirmed=dt.date(2024, 1, 1))


@pytest.fixture
def offer_b(unit_b):
    return make_offer(unit_b, title="Bodø-kurset")


@pytest.fixture
def secret_a(coordinator_a):
    return services.create_token(user=coordinator_a, name="Nettsiden", expires=LATER)[1]


def call(client, method, path, secret=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/hsds/{path}", data=data, content_type="application/json", **headers)


def service_body(offer, **changes):
    """A full body as a client builds it: the read shape with our extension."""
    location = offer.service.locations.get()
    body = {"organization_id": str(offer.service.uuid), "name": "Mestringskurs for pårørende",
            "description": "Et kurs for pårørende.", "application_process": "Meld deg på hos oss.",
            "status": "active", "x_format": "group", "minimum_age": 18,
            "attributes": [{"taxonomy_term_id": str(term("diabetes").uuid)},
                           {"taxonomy_term_id": str(term("parorende").uuid)}],
            "languages": [{"code": "nb"}, {"code": "en"}], "cost_options": [{"amount": 250}],
            "service_at_locations": [{"location_id": str(location.uuid)}],
            "x_course_runs": [{"starts_on": "2030-02-01", "schedule": "torsdager kl. 18",
                               "location_id": str(location.uuid), "seats_left": 12}]}
    body.update(changes)
    return body


def test_create_a_service_with_runs(client, offer_a, secret_a, coordinator_a):
    response = call(client, "post", "services", secret_a, service_body(offer_a))
    assert response.status_code == 201, response.content
    item = response.json()
    created = CourseOffer.objects.get(uuid=item["id"])
    assert created.title == "Mestringskurs for pårørende" and created.languages == "nb,en" and created.cost_nok == 250
    assert [r["schedule"] for r in item["x_course_runs"]] == ["torsdager kl. 18"]
    assert {a["taxonomy_term"]["code"] for a in item["attributes"]} == {"diabetes", "parorende"}
    entries = list(LogEntry.objects.get_for_object(created)) + list(LogEntry.objects.get_for_object(created.runs.get()))
    assert entries and {e.actor for e in entries} == {coordinator_a}


def test_patch_changes_only_given_fields_and_counts_as_confirmation(client, offer_a, secret_a, coordinator_a):
    response = call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_capacity": 14, "minimum_age": 16})
    assert response.status_code == 200, response.content
    offer_a.refresh_from_db()
    assert offer_a.capacity == 14 and offer_a.min_age == 16 and offer_a.title == "Leve med KOLS"
    assert offer_a.runs.count() == 1 and offer_a.last_confirmed == timezone.localdate()
    entry = LogEntry.objects.get_for_object(offer_a).filter(actor=coordinator_a).get()
    assert "capacity" in entry.changes_dict


def test_put_replaces_runs_keeping_known_ids(client, offer_a, secret_a):
    kept = offer_a.runs.get()
    body = service_body(offer_a, x_course_runs=[
        {"id": str(kept.uuid), "starts_on": "2031-01-10", "schedule": "mandager", "is_digital": True},
        {"starts_on": "2031-03-01", "schedule": "fredager", "is_digital": True}])
    response = call(client, "put", f"services/{offer_a.uuid}", secret_a, body)
    assert response.status_code == 200, response.content
    runs = list(offer_a.runs.order_by("starts_on"))
    assert [r.schedule for r in runs] == ["mandager", "fredager"] and runs[0].pk == kept.pk


def test_run_missing_from_the_list_is_deleted(client, offer_a, secret_a):
    response = call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_course_runs": []})
    assert response.status_code == 200 and not offer_a.runs.exists()


def test_delete_a_service(client, offer_a, secret_a, coordinator_a):
    response = call(client, "delete", f"services/{offer_a.uuid}", secret_a)
    assert response.status_code == 204 and not CourseOffer.objects.filter(pk=offer_a.pk).exists()
    assert LogEntry.objects.filter(object_repr="Leve med KOLS", action=LogEntry.Action.DELETE,
                                   actor=coordinator_a).exists()


def test_organization_create_change_delete(client, unit_a, secret_a, coordinator_a):
    body = {"name": "Frisklivssentralen i Tromsø", "x_form": "fls", "x_host_unit": {"kind": "kommune", "code": "5501"},
            "email": "fls@test.example"}
    response = call(client, "post", "organizations", secret_a, body)
    assert response.status_code == 201, response.content
    org = Service.objects.get(uuid=response.json()["id"])
    assert org.host_unit == unit_a and org.form == "fls"
    response = call(client, "patch", f"organizations/{org.uuid}", secret_a, {"x_status": "inactive"})
    assert response.status_code == 200 and response.json()["x_status"] == "inactive"
    assert LogEntry.objects.get_for_object(org).filter(actor=coordinator_a).count() == 2
    assert call(client, "delete", f"organizations/{org.uuid}", secret_a).status_code == 204
    assert not Service.objects.filter(pk=org.pk).exists()


@pytest.mark.parametrize("header", [None, "Bearer mst_feil", "Token abc"])
def test_401_without_a_valid_token(client, offer_a, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.patch(f"/api/hsds/services/{offer_a.uuid}", data="{}", content_type="application/json",
                            **headers)
    assert response.status_code == 401 and "API-nøkkel" in response.json()["detail"]


def test_401_with_an_expired_or_revoked_token(client, coordinator_a, offer_a):
    token, secret = services.create_token(user=coordinator_a, name="Gammel", expires=timezone.now() - dt.timedelta(1))
    assert call(client, "patch", f"services/{offer_a.uuid}", secret, {"x_capacity": 3}).status_code == 401
    token, secret = services.create_token(user=coordinator_a, name="Trukket", expires=LATER)
    assert call(client, "patch", f"services/{offer_a.uuid}", secret, {"x_capacity": 3}).status_code == 200
    services.revoke_token(token=token)
    assert call(client, "patch", f"services/{offer_a.uuid}", secret, {"x_capacity": 4}).status_code == 401
    offer_a.refresh_from_db()
    assert offer_a.capacity == 3


def test_token_of_a_user_who_lost_the_role_stops_working(client, coordinator_a, offer_a, secret_a):
    coordinator_a.role_assignments.all().delete()
    assert call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_capacity": 3}).status_code == 401


def test_token_records_when_it_was_last_used(client, coordinator_a, offer_a, secret_a):
    call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_capacity": 3})
    assert coordinator_a.api_tokens.get().last_used is not None


@pytest.mark.parametrize(("method", "path"), [("put", "services/{offer}"), ("patch", "services/{offer}"),
                                              ("delete", "services/{offer}"), ("put", "organizations/{org}"),
                                              ("patch", "organizations/{org}"), ("delete", "organizations/{org}")])
def test_404_for_objects_of_another_unit(client, offer_a, offer_b, secret_a, method, path):
    url = path.format(offer=offer_b.uuid, org=offer_b.service.uuid)
    body = None if method == "delete" else service_body(offer_a) | {"x_host_unit": {"kind": "kommune", "code": "5501"},
                                                                    "x_form": "fls"}
    response = call(client, method, url, secret_a, body)
    assert response.status_code == 404 and "koordinerer" in response.json()["detail"]
    offer_b.refresh_from_db()
    assert offer_b.title == "Bodø-kurset" and offer_b.service.name.startswith("Mestringstjenesten")


def test_403_for_creating_under_another_units_organization(client, offer_a, offer_b, secret_a):
    response = call(client, "post", "services", secret_a, service_body(offer_a, organization_id=str(offer_b.service.uuid)))
    assert response.status_code == 403
    body = {"name": "Kapret", "x_form": "fls", "x_host_unit": {"kind": "kommune", "code": "1804"}}
    assert call(client, "post", "organizations", secret_a, body).status_code == 403
    assert not CourseOffer.objects.filter(title="Mestringskurs for pårørende").exists()
    assert not Service.objects.filter(name="Kapret").exists()


def test_national_admin_token_reaches_every_unit(client, admin_user, offer_b):
    secret = services.create_token(user=admin_user, name="Admin", expires=LATER)[1]
    assert call(client, "patch", f"services/{offer_b.uuid}", secret, {"x_capacity": 9}).status_code == 200


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Feltet må fylles ut."),
    ({"minimum_age": 50, "maximum_age": 20}, "maximum_age", "Øvre alder kan ikke være lavere enn nedre alder."),
    ({"languages": [{"code": "NO!"}]}, "languages", "Skriv språkkoder"),
    ({"attributes": []}, "attributes", "Velg minst én diagnosegruppe"),
    ({"attributes": [{"taxonomy_term_id": "00000000-0000-0000-0000-000000000000"}]}, "attributes[0].taxonomy_term_id",
     "Ukjent term."),
    ({"x_course_runs": [{"starts_on": "2030-02-01", "ends_on": "2030-01-01", "schedule": "x", "is_digital": True}]},
     "x_course_runs[0].ends_on", "Sluttdato kan ikke være før startdato."),
    ({"x_course_runs": [{"starts_on": "2030-02-01", "schedule": "x"}]}, "x_course_runs[0].location_id",
     "Oppgi et sted"),
    ({"service_at_locations": [{"location_id": "00000000-0000-0000-0000-000000000000"}]},
     "service_at_locations[0].location_id", "hører ikke til"),
])
def test_invalid_bodies_get_400_in_norwegian_and_nothing_is_written(client, offer_a, secret_a, changes, field,
                                                                    message):
    before = (CourseOffer.objects.count(), CourseRun.objects.count(), LogEntry.objects.count())
    response = call(client, "post", "services", secret_a, service_body(offer_a, **changes))
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors
    assert not any("Constraint" in e["message"] or "Begrensning" in e["message"] for e in errors), errors
    assert (CourseOffer.objects.count(), CourseRun.objects.count(), LogEntry.objects.count()) == before


def test_every_problem_is_reported_at_once(client, offer_a, secret_a):
    body = service_body(offer_a, minimum_age=50, maximum_age=20, languages=[{"code": "??"}], x_course_runs=[
        {"starts_on": "2030-02-01", "schedule": "x"}])
    fields = {e["field"] for e in call(client, "post", "services", secret_a, body).json()["errors"]}
    assert {"maximum_age", "languages", "x_course_runs[0].location_id"} <= fields


@pytest.mark.parametrize(("body", "message"), [
    ({"minimum_age": "tolv"}, "må være et heltall"),
    ({"x_course_runs": [{"starts_on": "i morgen", "schedule": "x"}]}, "må være en dato"),
    ({"x_format": "kurs"}, "må være en av"),
    ({"organization_id": "abc"}, "må være en UUID"),
])
def test_wrongly_typed_fields_get_400_in_norwegian(client, offer_a, secret_a, body, message):
    response = call(client, "patch", f"services/{offer_a.uuid}", secret_a, body)
    assert response.status_code == 400
    assert any(message in e["message"] for e in response.json()["errors"]), response.json()


def test_a_bad_run_leaves_the_whole_put_unwritten(client, offer_a, secret_a):
    body = service_body(offer_a, name="Nytt navn", x_course_runs=[
        {"starts_on": "2030-01-01", "schedule": "ok", "is_digital": True},
        {"id": "00000000-0000-0000-0000-000000000000", "starts_on": "2030-01-01", "schedule": "x", "is_digital": True}])
    assert call(client, "put", f"services/{offer_a.uuid}", secret_a, body).status_code == 400
    offer_a.refresh_from_db()
    assert offer_a.title == "Leve med KOLS" and offer_a.runs.count() == 1


def test_an_offer_cannot_move_to_another_organization(client, unit_a, offer_a, secret_a):
    other = make_offer(unit_a, title="Annet")
    response = call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"organization_id": str(other.service.uuid)})
    assert response.status_code == 400 and offer_a.service.pk == CourseOffer.objects.get(pk=offer_a.pk).service_id


def test_write_calls_are_rate_limited_per_user(client, settings, offer_a, secret_a, monkeypatch):
    from mestring.registry import api_write

    monkeypatch.setattr(api_write.WRITE["throttle"][0], "rate", "2/m")
    monkeypatch.setattr(api_write.WRITE["throttle"][0], "num_requests", 2)
    codes = [call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_capacity": n}).status_code
             for n in range(3)]
    assert codes == [200, 200, 429]


def test_reads_stay_public_and_openapi_documents_the_bearer_scheme(client, offer_a):
    assert client.get(f"/api/hsds/services/{offer_a.uuid}").status_code == 200
    doc = client.get("/api/openapi.json").json()
    assert doc["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, method in [("/api/hsds/services", "post"), ("/api/hsds/services/{service_id}", "put"),
                         ("/api/hsds/services/{service_id}", "patch"), ("/api/hsds/services/{service_id}", "delete"),
                         ("/api/hsds/organizations", "post"), ("/api/hsds/organizations/{organization_id}", "patch")]:
        assert doc["paths"][path][method]["security"] == [{"TokenAuth": []}]
    assert "security" not in doc["paths"]["/api/hsds/services"]["get"]
    assert "x_course_runs" in doc["components"]["schemas"]["ServiceIn"]["properties"]


# --- places (HSDS location) and contact persons ----------------------------------------------------------

def location_body(offer, **changes):
    """A place as a client sends it: the read shape of GET /api/hsds/locations/{id}."""
    body = {"organization_id": str(offer.service.uuid), "name": "Kvaløya helsesenter",
            "description": "Inngang fra parkeringsplassen.", "latitude": 69.6894012, "longitude": 18.6,
            "external_identifier": "5501", "external_identifier_type": "kommunenummer",
            "addresses": [{"address_1": "Kvaløyvegen 2", "city": "Kvaløysletta", "postal_code": "9100"}]}
    body.update(changes)
    return body


def contact_body(offer, **changes):
    body = {"organization_id": str(offer.service.uuid), "name": "Per Hansen", "title": "Koordinator",
            "email": "per@test.example", "phones": [{"number": "77 00 00 00"}]}
    body.update(changes)
    return body


@pytest.fixture
def contact_a(offer_a):
    return Contact.objects.create(service=offer_a.service, name="Kari Nordmann", role="Leder",
                                  email="kari@test.example")


@pytest.fixture
def contact_b(offer_b):
    return Contact.objects.create(service=offer_b.service, name="Ola Bodø", email="ola@test.example")


def test_create_a_location_and_read_it_at_once(client, offer_a, secret_a, coordinator_a):
    response = call(client, "post", "locations", secret_a, location_body(offer_a))
    assert response.status_code == 201, response.content
    created = Location.objects.get(uuid=response.json()["id"])
    assert created.service == offer_a.service and created.kommune.code == "5501" and created.postcode == "9100"
    assert str(created.latitude) == "69.68940" and created.directions == "Inngang fra parkeringsplassen."
    read = client.get(f"/api/hsds/locations/{created.uuid}").json()
    jsonschema.validate(read, schema("location"))
    assert read == response.json() and read["addresses"][0]["city"] == "Kvaløysletta"
    assert {e.actor for e in LogEntry.objects.get_for_object(created)} == {coordinator_a}


def test_patch_a_location_shows_in_reads_and_search_at_once(client, offer_a, secret_a, coordinator_a):
    location = offer_a.locations.get()
    url = f"/api/hsds/locations/{location.uuid}"
    assert client.get(url).json()["addresses"][0]["postal_code"] == "9008"  # now cached for this data version
    response = call(client, "patch", f"locations/{location.uuid}", secret_a,
                    {"addresses": [{"postal_code": "9019", "city": "Kvaløysletta"}]})
    assert response.status_code == 200, response.content
    read = client.get(url).json()
    assert read["addresses"][0]["postal_code"] == "9019" and read["addresses"][0]["address_1"] == "Storgata 1"
    assert read["name"] == "Helsehuset"
    found = client.get("/api/hsds/services", {"search": "Kvaløysletta"}).json()["contents"]
    assert [s["name"] for s in found] == ["Leve med KOLS"]
    entry = LogEntry.objects.get_for_object(location).filter(actor=coordinator_a).get()
    assert "postcode" in entry.changes_dict


def test_put_replaces_a_location_and_clears_what_is_left_out(client, offer_a, secret_a):
    location = offer_a.locations.get()
    location.directions = "Andre etasje."
    location.save()
    body = client.get(f"/api/hsds/locations/{location.uuid}").json()  # a client sends back what it read
    del body["description"]
    body["name"] = "Kvaløya helsesenter"
    response = call(client, "put", f"locations/{location.uuid}", secret_a, body)
    assert response.status_code == 200, response.content
    location.refresh_from_db()
    assert location.name == "Kvaløya helsesenter" and location.directions == "" and location.address == "Storgata 1"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"latitude": 12}, "latitude", "større enn eller lik 57"),
    ({"longitude": 40.5}, "longitude", "mindre enn eller lik 35"),
    ({"addresses": [{"address_1": "Veien 2", "city": "Tromsø", "postal_code": "90"}]}, "addresses[0].postal_code",
     "Postnummer har fire sifre"),
    ({"external_identifier": "1902"}, "external_identifier", "dagens kommuner"),  # Tromsø's number before 2020
    ({"name": ""}, "name", "Feltet er påkrevet."),
    ({"addresses": []}, "addresses[0].address_1", "Feltet er påkrevet."),
    ({"organization_id": None}, "organization_id", "Feltet må fylles ut."),
])
def test_invalid_locations_get_400_in_norwegian_and_nothing_is_written(client, offer_a, secret_a, changes, field,
                                                                       message):
    before = (Location.objects.count(), LogEntry.objects.count())
    response = call(client, "post", "locations", secret_a, location_body(offer_a, **changes))
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors
    assert (Location.objects.count(), LogEntry.objects.count()) == before


def test_every_problem_of_a_location_is_reported_at_once(client, offer_a, secret_a):
    location = offer_a.locations.get()
    body = {"latitude": 90, "external_identifier": "0000", "addresses": [{"postal_code": "abcd"}]}
    response = call(client, "patch", f"locations/{location.uuid}", secret_a, body)
    assert {e["field"] for e in response.json()["errors"]} == {"latitude", "external_identifier",
                                                               "addresses[0].postal_code"}
    location.refresh_from_db()
    assert location.postcode == "9008" and location.latitude < 81


def test_a_location_used_by_courses_is_not_deleted(client, offer_a, secret_a, coordinator_a):
    location = offer_a.locations.get()
    response = call(client, "delete", f"locations/{location.uuid}", secret_a)
    assert response.status_code == 409 and "brukes av 1 kurs og 1 kursstart" in response.json()["detail"]
    assert Location.objects.filter(pk=location.pk).exists() and offer_a.runs.get().location == location
    body = {"service_at_locations": [], "x_course_runs": [{"starts_on": "2030-02-01", "schedule": "x",
                                                           "is_digital": True}]}
    assert call(client, "patch", f"services/{offer_a.uuid}", secret_a, body).status_code == 200
    assert call(client, "delete", f"locations/{location.uuid}", secret_a).status_code == 204
    assert not Location.objects.filter(pk=location.pk).exists()
    assert client.get(f"/api/hsds/locations/{location.uuid}").status_code == 404
    assert LogEntry.objects.filter(object_repr=str(location), action=LogEntry.Action.DELETE,
                                   actor=coordinator_a).exists()


def test_contact_create_change_delete_shows_on_the_public_service_at_once(client, offer_a, secret_a, coordinator_a):
    url = f"/api/hsds/services/{offer_a.uuid}"
    assert client.get(url).json().get("contacts", []) == []  # cached for this data version
    response = call(client, "post", "contacts", secret_a, contact_body(offer_a))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(uuid=response.json()["id"])
    shown = client.get(url).json()
    jsonschema.validate(shown, schema("compiled_service"))
    assert shown["contacts"] == [response.json()] and shown["contacts"][0]["phones"][0]["number"] == "77 00 00 00"
    response = call(client, "patch", f"contacts/{contact.uuid}", secret_a, {"title": "Leder", "phones": []})
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.role == "Leder" and contact.phone == "" and contact.email == "per@test.example"
    assert client.get(url).json()["contacts"][0]["title"] == "Leder"
    assert call(client, "delete", f"contacts/{contact.uuid}", secret_a).status_code == 204
    assert client.get(url).json().get("contacts", []) == []
    entries = LogEntry.objects.filter(object_repr="Per Hansen")
    assert entries.count() == 3 and {e.actor for e in entries} == {coordinator_a}


def test_put_replaces_a_contact(client, contact_a, offer_a, secret_a):
    body = contact_body(offer_a, title=None, phones=None)
    assert call(client, "put", f"contacts/{contact_a.uuid}", secret_a, body).status_code == 200
    contact_a.refresh_from_db()
    assert (contact_a.name, contact_a.role, contact_a.email, contact_a.phone) == ("Per Hansen", "", "per@test.example",
                                                                                "")


def test_invalid_contact_gets_every_problem_and_nothing_is_written(client, contact_a, offer_a, secret_a):
    response = call(client, "put", f"contacts/{contact_a.uuid}", secret_a,
                    contact_body(offer_a, name="", email="ikke-en-adresse", phones=[{"number": "1" * 40}]))
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"name", "email", "phones[0].number"}, response.json()
    contact_a.refresh_from_db()
    assert contact_a.name == "Kari Nordmann" and contact_a.email == "kari@test.example"


def test_contacts_have_no_public_read_of_their_own(client, contact_a):
    assert client.get("/api/hsds/contacts").status_code == 405
    assert client.get(f"/api/hsds/contacts/{contact_a.uuid}").status_code == 405


def test_places_and_contacts_cannot_move_to_another_organization(client, unit_a, offer_a, contact_a, secret_a):
    other = str(make_offer(unit_a, title="Annet").service.uuid)
    location = offer_a.locations.get()
    for path in (f"locations/{location.uuid}", f"contacts/{contact_a.uuid}"):
        response = call(client, "patch", path, secret_a, {"organization_id": other})
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "organization_id"
    assert Location.objects.get(pk=location.pk).service == offer_a.service
    assert Contact.objects.get(pk=contact_a.pk).service == offer_a.service


PART_CALLS = [("put", "locations/{location}"), ("patch", "locations/{location}"), ("delete", "locations/{location}"),
              ("put", "contacts/{contact}"), ("patch", "contacts/{contact}"), ("delete", "contacts/{contact}")]


@pytest.mark.parametrize(("method", "path"), PART_CALLS)
def test_404_for_places_and_contacts_of_another_unit(client, offer_a, offer_b, contact_b, secret_a, method, path):
    location = offer_b.locations.get()
    body = None
    if method != "delete":
        body = location_body(offer_a) if path.startswith("locations") else contact_body(offer_a)
    response = call(client, method, path.format(location=location.uuid, contact=contact_b.uuid), secret_a, body)
    assert response.status_code == 404 and "koordinerer" in response.json()["detail"]
    assert Location.objects.get(pk=location.pk).name == "Helsehuset"
    assert Contact.objects.get(pk=contact_b.pk).name == "Ola Bodø"


def test_403_for_places_and_contacts_under_another_units_organization(client, offer_a, offer_b, secret_a):
    before = (Location.objects.count(), Contact.objects.count())
    assert call(client, "post", "locations", secret_a,
                location_body(offer_a, organization_id=str(offer_b.service.uuid))).status_code == 403
    assert call(client, "post", "contacts", secret_a,
                contact_body(offer_a, organization_id=str(offer_b.service.uuid))).status_code == 403
    assert (Location.objects.count(), Contact.objects.count()) == before


@pytest.mark.parametrize(("method", "path"), [("post", "locations"), ("post", "contacts"), *PART_CALLS])
def test_401_for_places_and_contacts_without_a_usable_token(client, coordinator_a, offer_a, contact_a, method, path):
    location = offer_a.locations.get()
    url = path.format(location=location.uuid, contact=contact_a.uuid)
    body = None if method == "delete" else {"name": "Nytt navn"}
    expired = services.create_token(user=coordinator_a, name="Gammel", expires=timezone.now() - dt.timedelta(1))[1]
    revoked_token, revoked = services.create_token(user=coordinator_a, name="Trukket", expires=LATER)
    services.revoke_token(token=revoked_token)
    for secret in (None, expired, revoked):
        response = call(client, method, url, secret, body)
        assert response.status_code == 401 and "API-nøkkel" in response.json()["detail"]
    assert Location.objects.get(pk=location.pk).name == "Helsehuset"
    assert Contact.objects.get(pk=contact_a.pk).name == "Kari Nordmann"
    assert not Contact.objects.filter(name="Nytt navn").exists()


def test_places_and_contacts_share_the_write_rate_limit(client, offer_a, contact_a, secret_a, monkeypatch):
    from mestring.registry import api_write

    monkeypatch.setattr(api_write.WRITE["throttle"][0], "rate", "2/m")
    monkeypatch.setattr(api_write.WRITE["throttle"][0], "num_requests", 2)
    location = offer_a.locations.get()
    codes = [call(client, "patch", f"services/{offer_a.uuid}", secret_a, {"x_capacity": 3}).status_code,
             call(client, "patch", f"locations/{location.uuid}", secret_a, {"name": "Nytt"}).status_code,
             call(client, "patch", f"contacts/{contact_a.uuid}", secret_a, {"name": "Ny"}).status_code]
    assert codes == [200, 200, 429]


def test_openapi_documents_the_place_and_contact_writes(client):
    doc = client.get("/api/openapi.json").json()
    for path, method in [("/api/hsds/locations", "post"), ("/api/hsds/locations/{location_id}", "put"),
                         ("/api/hsds/locations/{location_id}", "patch"),
                         ("/api/hsds/locations/{location_id}", "delete"),
                         ("/api/hsds/contacts", "post"), ("/api/hsds/contacts/{contact_id}", "put"),
                         ("/api/hsds/contacts/{contact_id}", "patch"), ("/api/hsds/contacts/{contact_id}", "delete")]:
        assert doc["paths"][path][method]["security"] == [{"TokenAuth": []}]
    assert "security" not in doc["paths"]["/api/hsds/locations/{location_id}"]["get"]
    assert "get" not in doc["paths"]["/api/hsds/contacts"]
    assert "external_identifier" in doc["components"]["schemas"]["LocationIn"]["properties"]
    assert doc["paths"]["/api/hsds/locations/{location_id}"]["delete"]["summary"].startswith("Slett et sted")


# --- opening hours (HSDS schedule) --------------------------------------------------------------------------

def schedule_body(offer, **changes):
    """Opening hours as a client sends them: the read shape of GET /api/hsds/schedules/{id}."""
    body = {"x_organization_id": str(offer.service.uuid), "location_id": str(offer.locations.get().uuid),
            "freq": "WEEKLY", "byday": "TU", "opens_at": "08:30", "closes_at": "15:00"}
    body.update(changes)
    return body


@pytest.fixture
def hours_a(offer_a):
    return OpeningHours.objects.create(service=offer_a.service, weekday=1, opens=dt.time(8), closes=dt.time(15, 30))


@pytest.fixture
def hours_b(offer_b):
    return OpeningHours.objects.create(service=offer_b.service, weekday=3, opens=dt.time(9), closes=dt.time(14))


def test_create_opening_hours_and_read_them_at_once(client, offer_a, secret_a, coordinator_a):
    org_url = f"/api/hsds/organizations/{offer_a.service.uuid}"
    assert client.get(org_url).json()["x_schedules"] == []  # cached for this data version
    response = call(client, "post", "schedules", secret_a, schedule_body(offer_a))
    assert response.status_code == 201, response.content
    created = OpeningHours.objects.get(uuid=response.json()["id"])
    assert (created.weekday, created.opens, created.closes) == (2, dt.time(8, 30), dt.time(15))
    assert created.service == offer_a.service and created.location == offer_a.locations.get()
    read = client.get(f"/api/hsds/schedules/{created.uuid}").json()
    jsonschema.validate(read, schema("schedule"))
    assert read == response.json() and client.get(org_url).json()["x_schedules"] == [read]
    assert (read["byday"], read["opens_at"], read["closes_at"], read["freq"]) == ("TU", "08:30", "15:00", "WEEKLY")
    assert {e.actor for e in LogEntry.objects.get_for_object(created)} == {coordinator_a}


def test_opening_hours_read_change_and_write_back(client, hours_a, offer_a, secret_a, coordinator_a):
    org = client.get(f"/api/hsds/organizations/{offer_a.service.uuid}").json()
    body = org["x_schedules"][0]  # a client sends back what it read, with one change
    assert "location_id" not in body and body["byday"] == "MO"
    body["closes_at"] = "16:00"
    response = call(client, "put", f"schedules/{hours_a.uuid}", secret_a, body)
    assert response.status_code == 200, response.content
    assert client.get(f"/api/hsds/schedules/{hours_a.uuid}").json()["closes_at"] == "16:00"
    response = call(client, "patch", f"schedules/{hours_a.uuid}", secret_a,
                    {"byday": "fr", "location_id": str(offer_a.locations.get().uuid)})
    assert response.status_code == 200, response.content
    hours_a.refresh_from_db()
    assert (hours_a.weekday, hours_a.opens, hours_a.closes) == (5, dt.time(8), dt.time(16))
    assert hours_a.location == offer_a.locations.get()
    assert LogEntry.objects.get_for_object(hours_a).filter(actor=coordinator_a).count() == 2


def test_delete_opening_hours(client, hours_a, secret_a, coordinator_a):
    assert client.get(f"/api/hsds/schedules/{hours_a.uuid}").status_code == 200
    assert call(client, "delete", f"schedules/{hours_a.uuid}", secret_a).status_code == 204
    assert not OpeningHours.objects.filter(pk=hours_a.pk).exists()
    assert client.get(f"/api/hsds/schedules/{hours_a.uuid}").status_code == 404
    assert LogEntry.objects.filter(object_repr="mandag 08:00–15:30", action=LogEntry.Action.DELETE,
                                   actor=coordinator_a).exists()


def test_opening_hours_that_close_before_they_open_list_every_problem_and_write_nothing(client, offer_a, secret_a):
    before = (OpeningHours.objects.count(), LogEntry.objects.count())
    body = schedule_body(offer_a, byday="MO,TU", opens_at="16:00", closes_at="09:00")
    response = call(client, "post", "schedules", secret_a, body)
    assert response.status_code == 400, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {"byday": "Oppgi én ukedag: MO, TU, WE, TH, FR, SA eller SU.",
                      "closes_at": "Stengetid må være etter åpningstid."}
    assert "Stengetid må være etter åpningstid" in response.json()["detail"]
    assert (OpeningHours.objects.count(), LogEntry.objects.count()) == before


def test_opening_hours_changed_to_close_before_they_open_stay_as_they_were(client, hours_a, secret_a):
    response = call(client, "patch", f"schedules/{hours_a.uuid}", secret_a, {"opens_at": "17:00", "closes_at": "kl 9"})
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"closes_at"}
    hours_a.refresh_from_db()
    assert (hours_a.opens, hours_a.closes) == (dt.time(8), dt.time(15, 30))


def test_opening_hours_cannot_use_a_place_of_another_organization(client, unit_a, offer_a, offer_b, secret_a):
    own_unit_other_org = make_offer(unit_a, title="Annet").locations.get()
    for place in (own_unit_other_org, offer_b.locations.get()):
        response = call(client, "post", "schedules", secret_a, schedule_body(offer_a, location_id=str(place.uuid)))
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == [{"field": "location_id",
                                              "message": "Stedet hører ikke til denne organisasjonen."}]
    assert not OpeningHours.objects.exists()


def test_opening_hours_need_an_organization_and_cannot_move(client, unit_a, hours_a, offer_a, secret_a):
    response = call(client, "post", "schedules", secret_a, schedule_body(offer_a, x_organization_id=None))
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "x_organization_id"
    other = str(make_offer(unit_a, title="Annet").service.uuid)
    response = call(client, "patch", f"schedules/{hours_a.uuid}", secret_a, {"x_organization_id": other})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "x_organization_id"
    assert OpeningHours.objects.get(pk=hours_a.pk).service == offer_a.service


def test_403_for_opening_hours_under_another_units_organization(client, offer_a, offer_b, secret_a):
    body = schedule_body(offer_a, x_organization_id=str(offer_b.service.uuid), location_id=None)
    response = call(client, "post", "schedules", secret_a, body)
    assert response.status_code == 403 and "koordinerer ikke" in response.json()["detail"]
    assert not OpeningHours.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_404_for_opening_hours_of_another_unit(client, offer_a, hours_b, secret_a, method):
    body = None if method == "delete" else schedule_body(offer_a, location_id=None)
    response = call(client, method, f"schedules/{hours_b.uuid}", secret_a, body)
    assert response.status_code == 404 and "koordinerer" in response.json()["detail"]
    hours_b.refresh_from_db()
    assert (hours_b.weekday, hours_b.opens) == (3, dt.time(9))


@pytest.mark.parametrize(("method", "path"), [("post", "schedules"), ("put", "schedules/{id}"),
                                              ("patch", "schedules/{id}"), ("delete", "schedules/{id}")])
def test_401_for_opening_hours_without_a_usable_token(client, coordinator_a, offer_a, hours_a, method, path):
    body = None if method == "delete" else schedule_body(offer_a, opens_at="10:00")
    expired = services.create_token(user=coordinator_a, name="Gammel", expires=timezone.now() - dt.timedelta(1))[1]
    revoked_token, revoked = services.create_token(user=coordinator_a, name="Trukket", expires=LATER)
    services.revoke_token(token=revoked_token)
    for secret in (None, expired, revoked):
        response = call(client, method, path.format(id=hours_a.uuid), secret, body)
        assert response.status_code == 401 and "API-nøkkel" in response.json()["detail"]
    assert list(OpeningHours.objects.values_list("opens", flat=True)) == [dt.time(8)]


def test_openapi_documents_the_opening_hours_writes(client):
    doc = client.get("/api/openapi.json").json()
    for path, method in [("/api/hsds/schedules", "post"), ("/api/hsds/schedules/{schedule_id}", "put"),
                         ("/api/hsds/schedules/{schedule_id}", "patch"),
                         ("/api/hsds/schedules/{schedule_id}", "delete")]:
        assert doc["paths"][path][method]["security"] == [{"TokenAuth": []}]
    assert "security" not in doc["paths"]["/api/hsds/schedules/{schedule_id}"]["get"]
    assert {"byday", "opens_at", "closes_at", "location_id"} <= set(doc["components"]["schemas"]["ScheduleIn"]
                                                                    ["properties"])
