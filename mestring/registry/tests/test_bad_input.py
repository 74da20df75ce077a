"""Bad input on the public search (API and finder): results or an empty list, never a 500."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db

FRAGMENTS = ['"', "'", '""', "*", "NEAR", "NEAR(diabetes kurs, 2)", "AND", "OR", "NOT", "(", ")", "^", ":", "-",
             "+", "stems:", "diabetes*", "' OR 1=1 --", "'; DROP TABLE registry_courseoffer; --", "%", "_", "\\",
             "\x00", "ǅ", "ﬁ", "İ", "ß", "🙂", "\u202e", "\u0301", "æøå", "ÆØÅ", "diabetesen", "kurs", "&", "|", "!",
             ":*", "<->", "\t", "\n"]
search_text = st.one_of(
    st.text(max_size=250),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=8).map("".join),
    st.integers(min_value=150, max_value=5000).map(lambda n: "diabetes " * (n // 9)),
)
fuzz = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def offer(unit_a):
    return make_offer(unit_a, title="Lære å leve med diabetes")


@fuzz
@given(text=search_text)
def test_api_search_answers_results_or_400_never_500(client, offer, text):
    response = client.get("/api/hsds/services", {"search": text, "per_page": 5})
    if len(text) > 200:
        assert response.status_code == 400 and "search" in response.json()["detail"]
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["total_items"] == len(body["contents"]) <= 1
        assert all(item["name"] == "Lære å leve med diabetes" for item in body["contents"])


@fuzz
@given(text=search_text)
def test_api_search_with_other_filters_never_500(client, offer, text):
    response = client.get("/api/hsds/services", {"search": text, "organization_id": str(offer.service.uuid)})
    assert response.status_code == (400 if len(text) > 200 else 200)


@fuzz
@given(text=search_text)
def test_finder_search_answers_a_page_never_500(client, offer, text):
    response = client.get("/kurs/", {"q": text})
    assert response.status_code == 200
    page = response.content.decode()
    if len(text) > 200 or "\x00" in text:  # too long, or a NUL character: the form says what to fix
        assert "Noe i søket må rettes" in page
    else:
        assert "kurs funnet" in page


@pytest.mark.parametrize("text, found", [
    ('"diabetes"', True), ("diabetes*", True), ("(diabetes)", True), ("^diabetes:", True), ("-diabetes", True),
    ("diabetes NEAR kurs", False),  # operators are plain words: "near" is not in the course text
    ("'diabetes' OR 1=1 --", False), ('"', False), ("*", False),
])
def test_quotes_and_operators_are_plain_text(client, offer, text, found):
    body = client.get("/api/hsds/services", {"search": text}).json()
    assert [s["name"] for s in body["contents"]] == (["Lære å leve med diabetes"] if found else [])


@pytest.mark.parametrize("path, params, parameter", [
    ("/api/hsds/organizations", {"per_page": "0"}, "per_page"),
    ("/api/hsds/organizations", {"search": "x" * 201}, "search"),
    ("/api/hsds/locations", {"page": "første"}, "page"),
    ("/api/hsds/taxonomies", {"format": "csv"}, "format"),
    ("/api/hsds/taxonomy_terms", {"taxonomy_id": "diagnoser"}, "taxonomy_id"),
    ("/api/hsds/service_at_locations", {"postcode": "Atlantis"}, "postcode"),
    ("/api/hsds/services", {"proximity": "5000"}, "proximity"),
    ("/api/hsds/services", {"proximity": "-1", "postcode": "Tromsø"}, "proximity"),
    ("/api/hsds/services", {"modified_after": "2026-13-45"}, "modified_after"),
    ("/api/hsds/services", {"taxonomy_id": "1"}, "taxonomy_id"),
    ("/api/hsds/services/123", {}, "service_id"),
    ("/api/hsds/organizations/ikke-en-id", {}, "organization_id"),
])
def test_malformed_parameters_on_every_list_get_400_naming_the_parameter(client, offer, path, params, parameter):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ugyldige parametre") and parameter in response.json()["detail"]
