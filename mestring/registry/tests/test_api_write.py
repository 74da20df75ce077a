"""The write API: tokens, scope, validation before writing, one transaction, audit, rate limit, OpenAPI."""
import datetime as dt
import json

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.utils import timezone

from mestring.registry import services
from mestring.registry.models import CourseOffer, CourseRun, Service
from mestring.registry.tests.factories import make_offer, term

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
