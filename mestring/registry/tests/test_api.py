"""The HSDS 3.0 API: envelope, filters, ndjson, 400s, and responses valid against the published schemas."""
import json
from pathlib import Path

import jsonschema
import pytest

from mestring.registry.tests.factories import make_offer, term

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[1] / "hsds_schemas"
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def schema(name: str) -> dict:
    if name == "location":  # location.json refers to sibling files; the compiled copy is self-contained
        return schema("compiled_service_at_location_list")["properties"]["location"]
    return json.loads((SCHEMAS / f"{name}.json").read_text())


@pytest.fixture
def offers(unit_a, unit_b):
    return [make_offer(unit_a, title="Lære å leve med diabetes"),
            make_offer(unit_b, title="Leve med KOLS", description="Pust og trening.", diagnoses=("kols-lunge",))]


@pytest.mark.parametrize("path, item_schema", [
    ("/api/hsds/services", "compiled_service_list"), ("/api/hsds/organizations", "compiled_organization_list"),
    ("/api/hsds/locations", "location"), ("/api/hsds/service_at_locations", "compiled_service_at_location_list"),
    ("/api/hsds/taxonomies", "taxonomy"), ("/api/hsds/taxonomy_terms", "taxonomy_term"),
])
def test_lists_have_the_envelope_and_valid_items(client, offers, path, item_schema):
    body = client.get(path).json()
    assert set(body) == ENVELOPE and body["total_items"] >= 2 and not body["empty"]
    for item in body["contents"]:
        jsonschema.validate(item, schema(item_schema))


def test_one_service_validates_and_carries_runs(client, offers):
    body = client.get(f"/api/hsds/services/{offers[0].uuid}").json()
    jsonschema.validate(body, schema("compiled_service"))
    assert body["x_course_runs"][0]["seats_left"] == 4
    assert body["service_at_locations"][0]["location"]["latitude"] > 69
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {"Diabetes", "Pasienter og brukere"}


def test_one_organization_validates(client, offers):
    body = client.get(f"/api/hsds/organizations/{offers[0].service.uuid}").json()
    jsonschema.validate(body, schema("compiled_organization"))
    assert body["services"][0]["name"] == "Lære å leve med diabetes"


@pytest.mark.parametrize("params, titles", [
    ({"search": "diabetesen"}, {"Lære å leve med diabetes"}),
    ({"postcode": "Bodø", "proximity": "20000"}, {"Leve med KOLS"}),
    ({"modified_after": "2000-01-01T00:00:00Z"}, {"Lære å leve med diabetes", "Leve med KOLS"}),
])
def test_service_filters(client, offers, params, titles):
    body = client.get("/api/hsds/services", params).json()
    assert {s["name"] for s in body["contents"]} == titles


def test_filter_by_organization_and_term(client, offers):
    by_org = client.get("/api/hsds/services", {"organization_id": str(offers[1].service.uuid)}).json()
    by_term = client.get("/api/hsds/services", {"taxonomy_term_id": str(term("kols-lunge").uuid)}).json()
    assert [s["name"] for s in by_org["contents"]] == [s["name"] for s in by_term["contents"]] == ["Leve med KOLS"]


def test_paging(client, offers):
    body = client.get("/api/hsds/services", {"per_page": 1, "page": 2}).json()
    assert (body["total_pages"], body["page_number"], body["size"], body["last_page"]) == (2, 2, 1, True)


def test_ndjson_streams_one_object_per_line(client, offers):
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert response["Content-Type"] == "application/x-ndjson" and len(lines) == 2
    assert all(json.loads(line)["status"] == "active" for line in lines)


@pytest.mark.parametrize("params", [{"page": "0"}, {"per_page": "1000"}, {"page": "x"}, {"organization_id": "1"},
                                    {"modified_after": "i går"}, {"format": "xml"}, {"postcode": "Atlantis"},
                                    {"taxonomy_term_id": "'; drop"}])
def test_malformed_parameters_get_400_with_a_message(client, offers, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400 and "Ugyldige parametre" in response.json()["detail"]


def test_unknown_ids_are_404(client, offers):
    assert client.get("/api/hsds/services/00000000-0000-0000-0000-000000000000").status_code == 404


def test_openapi_document_lists_the_hsds_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/hsds/services", "/api/hsds/services/{service_id}", "/api/hsds/taxonomy_terms",
            "/api/hsds/taxonomies/{taxonomy_id}", "/api/hsds/taxonomy_terms/{taxonomy_term_id}",
            "/api/hsds/service_at_locations/{service_at_location_id}"} <= set(paths)


def test_list_query_count_is_bounded(client, offers, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/api/hsds/services", {"search": "diabetes", "per_page": 20})


def test_one_taxonomy_and_one_term_validate(client, offers):
    diabetes = term("diabetes")
    body = client.get(f"/api/hsds/taxonomies/{diabetes.taxonomy.uuid}").json()
    jsonschema.validate(body, schema("taxonomy"))
    assert body["id"] == str(diabetes.taxonomy.uuid) and body["name"] == diabetes.taxonomy.name
    body = client.get(f"/api/hsds/taxonomy_terms/{diabetes.uuid}").json()
    jsonschema.validate(body, schema("taxonomy_term"))
    assert body["id"] == str(diabetes.uuid) and body["taxonomy_id"] == str(diabetes.taxonomy.uuid)


def test_one_service_at_location_validates_and_matches_the_list(client, offers):
    listed = client.get("/api/hsds/service_at_locations").json()["contents"]
    wanted = next(item for item in listed if item["service_id"] == str(offers[1].uuid))
    body = client.get(f"/api/hsds/service_at_locations/{wanted['id']}").json()
    jsonschema.validate(body, schema("compiled_service_at_location"))
    assert body["id"] == wanted["id"] and body["location"] == wanted["location"]
    assert body["service"]["name"] == "Leve med KOLS"


def test_one_location_validates_and_matches_the_list(client, offers, django_assert_max_num_queries):
    listed = client.get("/api/hsds/locations").json()["contents"]
    body = client.get(f"/api/hsds/locations/{listed[1]['id']}").json()
    jsonschema.validate(body, schema("location"))
    assert body == listed[1] and body["external_identifier"] == "1804"
    with django_assert_max_num_queries(2):
        client.get(f"/api/hsds/locations/{listed[0]['id']}")


def test_inactive_course_has_no_service_at_location(client, offers):
    listed = client.get("/api/hsds/service_at_locations").json()["contents"]
    sal_id = next(item["id"] for item in listed if item["service_id"] == str(offers[0].uuid))
    offers[0].status = "inactive"
    offers[0].save()
    assert client.get(f"/api/hsds/service_at_locations/{sal_id}").status_code == 404


@pytest.mark.parametrize("path", ["taxonomies", "taxonomy_terms", "service_at_locations", "locations"])
def test_unknown_detail_ids_are_404_and_malformed_ids_400(client, offers, path):
    assert client.get(f"/api/hsds/{path}/00000000-0000-0000-0000-000000000000").status_code == 404
    response = client.get(f"/api/hsds/{path}/ikke-en-uuid")
    assert response.status_code == 400 and "Ugyldige parametre" in response.json()["detail"]


def test_rate_limit_answers_429_with_a_message(client, offers, monkeypatch):
    from types import SimpleNamespace

    from django.core.cache import cache
    from django.test import RequestFactory
    from django_ratelimit import core as ratelimit_core
    from django_ratelimit.core import _get_window

    from mestring.registry.api import api
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    cache.clear()
    try:
        # The window's last second: all three requests fall in it, and time_left is 0 there.
        window_end = _get_window(throttle.get_ident(RequestFactory().get("/")) or "", throttle.duration)
        monkeypatch.setattr(ratelimit_core, "time", SimpleNamespace(time=lambda: float(window_end)))
        assert [client.get("/api/hsds/taxonomies").status_code for _ in range(2)] == [200, 200]
        response = client.get("/api/hsds/taxonomies")
        assert response.status_code == 429 and "For mange forespørsler" in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
    finally:
        cache.clear()


def test_detail_query_counts_are_bounded(client, offers, django_assert_max_num_queries):
    sal_id = client.get("/api/hsds/service_at_locations").json()["contents"][0]["id"]
    with django_assert_max_num_queries(4):  # the id table of all links, then the one link
        client.get(f"/api/hsds/service_at_locations/{sal_id}")
    with django_assert_max_num_queries(2):  # both kept for this data version: only the version is read
        assert client.get(f"/api/hsds/service_at_locations/{sal_id}").json()["id"] == sal_id
    with django_assert_max_num_queries(2):
        client.get(f"/api/hsds/taxonomy_terms/{term('diabetes').uuid}")


def test_search_within_one_organization(client, offers, unit_a):
    other = make_offer(unit_a, title="Diabetes og mat")
    org = str(offers[0].service.uuid)
    body = client.get("/api/hsds/services", {"search": "diabetesen", "organization_id": org}).json()
    assert [s["name"] for s in body["contents"]] == ["Lære å leve med diabetes"] and body["total_items"] == 1
    body = client.get("/api/hsds/services", {"search": "kols", "organization_id": org}).json()
    assert body["contents"] == [] and body["total_items"] == 0
    assert other.service.uuid != offers[0].service.uuid
