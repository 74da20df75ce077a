"""Cached API answers and finder pages follow every registry write, whichever code made it."""
import re

import pytest
from django.test import Client

from mestring.core import shared_pages
from mestring.registry import cache
from mestring.registry.models import CourseOffer, DataVersion
from mestring.registry.tests.factories import make_offer, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(unit_a):
    return make_offer(unit_a, title="Lære å leve med diabetes")


def names(client, **params) -> list[str]:
    return [s["name"] for s in client.get("/api/hsds/services", params).json()["contents"]]


def test_a_saved_change_shows_in_the_next_api_answer(client, offer):
    assert names(client, search="diabetes") == ["Lære å leve med diabetes"]
    offer.title = "Diabeteskurs for voksne"
    offer.save()
    assert names(client, search="diabetes") == ["Diabeteskurs for voksne"]


def test_a_bulk_update_without_signals_shows_too(client, offer):
    """Triggers, not signals, change the version: queryset.update() is covered."""
    assert names(client, search="diabetes") == ["Lære å leve med diabetes"]
    CourseOffer.objects.filter(pk=offer.pk).update(title="Nytt navn")
    assert names(client, search="diabetes") == ["Nytt navn"]


def test_term_and_place_changes_show_in_term_listing_and_detail(client, offer):
    kols = term("kols-lunge")
    assert names(client, taxonomy_term_id=str(kols.uuid)) == []
    offer.diagnosis_groups.add(kols)
    assert names(client, taxonomy_term_id=str(kols.uuid)) == ["Lære å leve med diabetes"]
    offer.service.contacts.create(name="Kari Nordmann", email="kari@test.example")
    body = client.get(f"/api/hsds/services/{offer.uuid}").json()
    assert [c["name"] for c in body["contacts"]] == ["Kari Nordmann"]


def test_deactivating_the_service_empties_the_search(client, offer):
    assert names(client, search="diabetes")
    offer.service.status = "inactive"
    offer.service.save()
    assert names(client, search="diabetes") == []


def test_finder_page_shows_a_change_at_once(client, offer):
    assert "Lære å leve med diabetes" in client.get("/kurs/", {"q": "diabetes"}).content.decode()
    CourseOffer.objects.filter(pk=offer.pk).update(title="Diabetes i hverdagen")
    page = client.get("/kurs/", {"q": "diabetes"}).content.decode()
    assert "Diabetes i hverdagen" in page and "Lære å leve med diabetes" not in page


def test_every_write_changes_the_version_token(offer):
    before = cache.data_version()
    offer.runs.all().delete()
    assert cache.data_version() != before


def test_without_a_version_row_nothing_is_cached(client, offer):
    DataVersion.objects.all().delete()
    assert cache.data_version() is None
    assert names(client, search="diabetes") == ["Lære å leve med diabetes"]


def test_local_cache_drops_the_oldest_past_its_bounds():
    lru = cache.LocalCache(max_items=2, max_bytes=100)
    lru.put("a", 1, 10)
    lru.put("b", 2, 10)
    lru.get("a")
    lru.put("c", 3, 10)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
    lru.put("big", 4, 95)
    assert lru.get("a") is None and lru.get("big") == 4


@pytest.mark.parametrize("params", [{"search": "diabetes", "per_page": 20}, {"search": "diabetes", "page": 2},
                                    {"taxonomy_term_id": "2125e209-22a9-56a6-acd3-b27480f539b6"}])
def test_a_repeated_api_answer_costs_one_query(client, offer, params, django_assert_max_num_queries):
    client.get("/api/hsds/services", params)
    with django_assert_max_num_queries(1):
        assert client.get("/api/hsds/services", params).status_code == 200


def test_another_server_process_answers_from_the_shared_cache(client, offer, django_assert_max_num_queries):
    """What one process computed, another serves without computing; a change is not hidden by it."""
    first = client.get("/api/hsds/services", {"search": "diabetes"}).content
    page = client.get("/kurs/", {"q": "diabetes"}).content.decode()
    cache.answers.clear()  # the other process has nothing of its own
    with django_assert_max_num_queries(1):
        assert client.get("/api/hsds/services", {"search": "diabetes"}).content == first
    with django_assert_max_num_queries(1):
        assert "Lære å leve med diabetes" in client.get("/kurs/", {"q": "diabetes"}).content.decode()
    offer.title = "Diabeteskurs for voksne"
    offer.save()
    cache.answers.clear()
    assert names(client, search="diabetes") == ["Diabeteskurs for voksne"]
    assert "Diabeteskurs for voksne" in client.get("/kurs/", {"q": "diabetes"}).content.decode()
    assert "Lære å leve med diabetes" in page


def test_a_repeated_finder_page_costs_few_queries(client, offer, django_assert_max_num_queries):
    client.get("/kurs/", {"q": "diabetes"})
    with django_assert_max_num_queries(6):
        assert client.get("/kurs/", {"q": "diabetes"}).status_code == 200


def test_anonymous_visitors_share_one_finder_page_with_their_own_csrf_token(client, offer,
                                                                              django_assert_max_num_queries):
    """The second visitor's page comes from the shared rendering (one query: the data version), yet
    carries that visitor's own CSRF token, and the language form accepts it."""
    first = client.get("/kurs/", {"q": "diabetes"})
    other = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(1):
        second = other.get("/kurs/", {"q": "diabetes"})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode()).group(1)
    assert shared_pages.marker() not in second.content.decode()
    assert token != re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode()).group(1)
    assert "Lære å leve med diabetes" in second.content.decode()
    answer = other.post("/i18n/setlang/", {"language": "en", "next": "/kurs/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert "Find" in other.get("/kurs/", {"q": "diabetes"}).content.decode()


def test_a_signed_in_coordinator_gets_their_own_menu_not_the_shared_page(client, offer, coordinator_a):
    client.get("/kurs/", {"q": "diabetes"})
    client.force_login(coordinator_a)
    page = client.get("/kurs/", {"q": "diabetes"}).content.decode()
    assert "Arbeidsflate" in page and "Logg inn" not in page
    client.logout()
    assert "Logg inn" in client.get("/kurs/", {"q": "diabetes"}).content.decode()


def test_a_typed_marker_lookalike_is_shown_as_typed(client, offer):
    """A visitor cannot make the page put a token into the search box: the marker is random per process."""
    page = client.get("/kurs/", {"q": "csrf0123456789abcdef"}).content.decode()
    assert 'value="csrf0123456789abcdef"' in page


def test_an_import_changes_the_version_once_and_keeps_the_triggers(tmp_path, offer):
    """SQLite's per-row triggers are set aside during an import; afterwards every write bumps again."""
    from mestring.registry import datapackage

    datapackage.export_package(tmp_path / "package")
    before = cache.data_version()
    datapackage.import_package(tmp_path / "package")
    after = cache.data_version()
    assert after != before
    CourseOffer.objects.filter(pk=offer.pk).update(title="Etter import")
    assert cache.data_version() != after
