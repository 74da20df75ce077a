"""The finder's map view: same filters as the list, counts per kommune that add up to the list's total."""
import re

import pytest

from mestring.finder.result_map import band_of
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(unit_a, unit_b):
    tromso = [make_offer(unit_a, title=f"Diabeteskurs {i}") for i in range(3)]
    bodo = [make_offer(unit_b, title="Kurs for pårørende", description="For pårørende.", diagnoses=("demens",),
                       targets=("parorende",))]
    return tromso + bodo


def table_rows(text: str) -> dict[str, int]:
    table = text.split("<caption>Antall kurs per kommune</caption>", 1)[1].split("</table>", 1)[0]
    return {name: int(n) for name, n in re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a></th><td>(\d+)</td>', table)}


def status_count(text: str) -> int:
    return int(re.search(r'role="status">(\d+) kurs funnet', text).group(1))


@pytest.mark.parametrize("params", [{}, {"q": "diabetesen"}, {"diagnose": "demens"}, {"fylke": "55"}])
def test_map_counts_match_the_list_for_the_same_search(client, offers, params):
    as_list = client.get("/kurs/", params).content.decode()
    as_map = client.get("/kurs/", {**params, "visning": "kart"}).content.decode()
    assert status_count(as_map) == status_count(as_list)
    assert sum(table_rows(as_map).values()) == status_count(as_list)  # every course here has one place


def test_map_shows_kommuner_coloured_by_band_with_legend(client, offers):
    text = client.get("/kurs/", {"visning": "kart"}).content.decode()
    assert table_rows(text) == {"Bodø": 1, "Tromsø": 3}
    assert "<title>Tromsø: 3 kurs</title>" in text and "<title>Bodø: 1 kurs</title>" in text
    assert "1–2 kurs i kommunen (1)" in text and "3–9 kurs i kommunen (1)" in text
    assert "<title>Oslo</title>" in text  # kommuner without courses are drawn, grey and unlabelled


def test_filtered_map_leaves_out_other_kommuner(client, offers):
    text = client.get("/kurs/", {"diagnose": "demens", "visning": "kart"}).content.decode()
    assert table_rows(text) == {"Bodø": 1}
    assert "Tromsø: 3 kurs" not in text


def test_toggle_links_and_form_keep_the_filters(client, offers):
    as_list = client.get("/kurs/", {"q": "diabetes", "gratis": "on", "side": "1"}).content.decode()
    assert '/kurs/?q=diabetes&amp;gratis=on&amp;visning=kart">Vis som kart' in as_list
    as_map = client.get("/kurs/", {"q": "diabetes", "gratis": "on", "visning": "kart"}).content.decode()
    assert '/kurs/?q=diabetes&amp;gratis=on">Vis som liste' in as_map
    assert '<input type="hidden" name="visning" value="kart">' in as_map
    assert "/kurs/?q=diabetes&amp;gratis=on&amp;kommune=5501" in as_map  # a table row opens that kommune's list


def test_courses_without_a_place_are_counted_apart(client, offers):
    offers[0].locations.clear()
    text = client.get("/kurs/", {"visning": "kart"}).content.decode()
    assert "4 kurs funnet. 1 av dem har ikke fast sted" in text and table_rows(text) == {"Bodø": 1, "Tromsø": 2}


def test_empty_map_search_says_so_and_bad_input_gets_the_message(client, offers):
    assert "Ingen kurs passer med søket" in client.get("/kurs/", {"q": "zzzqqq", "visning": "kart"}).content.decode()
    text = client.get("/kurs/", {"nar": "Atlantis", "visning": "kart"}).content.decode()
    assert "Vi kjenner ikke «Atlantis»" in text and "<svg class=\"map\"" not in text


@pytest.mark.parametrize("count, band", [(1, 0), (2, 0), (3, 1), (9, 1), (10, 2), (250, 2)])
def test_bands(count, band):
    assert band_of(count) == band


def test_map_query_count_is_bounded(client, offers, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get("/kurs/", {"q": "kurs", "visning": "kart"})
