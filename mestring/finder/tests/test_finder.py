"""The public course finder: search, filters in the URL, near me, downloads, detail page."""
import io

import pytest
from openpyxl import load_workbook

from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(unit_a, unit_b):
    return [make_offer(unit_a, title="Lære å leve med diabetes"),
            make_offer(unit_b, title="Kurs for pårørende", description="For pårørende.", diagnoses=("demens",),
                       targets=("parorende",), cost=300, languages="nb,ar", run_in_days=None)]


def titles(response) -> set[str]:
    text = response.content.decode()
    return {t for t in ("Lære å leve med diabetes", "Kurs for pårørende") if f">{t}</a>" in text}


@pytest.mark.parametrize("params, expected", [
    ({}, {"Lære å leve med diabetes", "Kurs for pårørende"}),
    ({"q": "diabetesen"}, {"Lære å leve med diabetes"}),
    ({"q": "pårørendes"}, {"Kurs for pårørende"}),
    ({"diagnose": "demens"}, {"Kurs for pårørende"}),
    ({"malgruppe": "pasienter"}, {"Lære å leve med diabetes"}),
    ({"sprak": "ar"}, {"Kurs for pårørende"}),
    ({"kommune": "1804"}, {"Kurs for pårørende"}),
    ({"fylke": "55"}, {"Lære å leve med diabetes"}),
    ({"hf": "universitetssykehuset-nord-norge"}, {"Lære å leve med diabetes"}),
    ({"nar": "Bodø", "radius": "25"}, {"Kurs for pårørende"}),
    ({"kommende": "on"}, {"Lære å leve med diabetes"}),
    ({"gratis": "on"}, {"Lære å leve med diabetes"}),
    ({"q": "\"; DROP TABLE x; --"}, set()),
])
def test_filters(client, offers, params, expected):
    response = client.get("/kurs/", params)
    assert response.status_code == 200 and titles(response) == expected


def test_near_me_shows_distance_and_unknown_place_gets_a_message(client, offers):
    assert "km unna" in client.get("/kurs/", {"nar": "Bodø"}).content.decode()
    text = client.get("/kurs/", {"nar": "Atlantis"}).content.decode()
    assert "Vi kjenner ikke «Atlantis»" in text


def test_filter_state_is_kept_in_the_form_and_links(client, offers):
    text = client.get("/kurs/", {"q": "diabetes", "gratis": "on"}).content.decode()
    assert 'value="diabetes"' in text and "kurs.csv?q=diabetes&amp;gratis=on" in text


def test_csv_and_xlsx_hold_the_filtered_result(client, offers):
    csv_text = client.get("/kurs/kurs.csv", {"q": "diabetes"}).content.decode("utf-8-sig")
    assert "Lære å leve med diabetes" in csv_text and "pårørende" not in csv_text.split("\n", 1)[1].lower()
    book = load_workbook(io.BytesIO(client.get("/kurs/kurs.xlsx", {"gratis": "on"}).content))
    assert [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)] == ["Lære å leve med diabetes"]


def test_detail_page_says_how_to_sign_up(client, offers):
    text = client.get(f"/kurs/{offers[0].pk}/").content.decode()
    for expected in ("Slik melder du deg på", "Ring oss på 000 00 000.", "tirsdager kl. 17–19", "Brukermedvirkning",
                     "Sist bekreftet", "Mestringstjenesten i Tromsø"):
        assert expected in text


def test_inactive_and_unknown_courses_are_404(client, offers):
    offers[0].status = "inactive"
    offers[0].save()
    assert client.get(f"/kurs/{offers[0].pk}/").status_code == 404
    assert client.get("/kurs/999999/").status_code == 404


def test_finder_query_count_is_bounded(client, offers, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get("/kurs/", {"q": "kurs"})


def test_many_searches_from_one_address_get_429_with_a_message(client, offers, settings):
    settings.FINDER_RATE = "2/m"
    from django.core.cache import cache

    cache.clear()
    try:
        codes = [client.get("/kurs/", {"q": "kols"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert "Vent et minutt" in client.get("/kurs/").content.decode()
    finally:
        cache.clear()
