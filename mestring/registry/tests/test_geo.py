"""Population-weighted kommune centres: near where people live, inside the kommune where it matters."""
import pytest

from mestring.registry import geo

TROMSO_CITY = (69.6489, 18.95508)      # GeoNames 3133895
OSLO_CITY = (59.91273, 10.74609)       # GeoNames 3143244
BERGEN_CITY = (60.39299, 5.32415)      # GeoNames 3161732


def test_tromsos_centre_is_near_the_city_not_on_the_mainland_or_kvaloya():
    centre, polygon = geo.kommune_centres()["5501"], geo.polygon_centres()["5501"]
    assert geo.distance_km(centre, TROMSO_CITY) < 7
    assert geo.distance_km(polygon, TROMSO_CITY) > 20
    assert centre[1] > 18.9                 # east of Tromsøya: Kvaløya lies to the west


@pytest.mark.parametrize("code, city", [("0301", OSLO_CITY), ("4601", BERGEN_CITY)])
def test_city_centres_sit_in_the_city(code, city):
    assert geo.distance_km(geo.kommune_centres()[code], city) < 2


@pytest.mark.parametrize("code", ["0301", "4601", "5001", "1103", "5501"])
def test_centre_lies_inside_its_kommune(code):
    assert geo.kommune_at(*geo.kommune_centres()[code]) == code


def test_a_kommune_without_a_place_keeps_its_polygon_centre():
    assert geo.kommune_centres()["5636"] == geo.polygon_centres()["5636"]     # Nesseby: no place ≥ 500
    assert geo.kommune_centres()["5501"] != geo.polygon_centres()["5501"]


def test_places_at_sea_go_to_the_nearest_kommune_and_far_out_to_none():
    drobak = (59.66239, 10.62801)           # left in the Oslofjord by the simplified coastline
    assert geo.kommune_at(*drobak) == "" and geo.nearest_kommune(*drobak) == "3214"   # Frogn
    assert geo.nearest_kommune(66.0, 2.0) == ""                                      # the Norwegian Sea


def test_every_kommune_has_a_centre_in_norway():
    centres = geo.kommune_centres()
    assert len(centres) == 357
    assert all(57.9 < lat < 71.2 and 4.4 < lon < 31.2 for lat, lon in centres.values())
