"""Offline SVG maps from the bundled boundaries."""
import pytest

from mestring.structure import maps

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("layer", "count"), [("kommuner", 357), ("fylker", 15)])
def test_every_area_has_a_shape(layer, count):
    base = maps.base_map(layer)
    assert len(base.shapes) == count
    assert all(s.path.startswith("M") and s.path.endswith("z") for s in base.shapes)
    assert base.width == 1000 and 1000 < base.height < 1400  # Norway is taller than wide


def test_the_kommune_map_stays_small_enough_for_a_page():
    assert sum(len(s.path) for s in maps.base_map("kommuner").shapes) < 120_000


def test_areas_without_a_category_are_grey():
    _, areas, legend = maps.category_map({"5501": "Nord", "1804": "Nord", "0301": "Sør"})
    fills = {a.code: a.fill for a in areas}
    assert fills["5501"] == fills["1804"] != fills["0301"]
    assert fills["4601"] == maps.NO_DATA_COLOUR
    assert [(e.label, e.count) for e in legend] == [("Nord", 2), ("Sør", 1)]


def test_region_map_page_shows_every_kommune_by_region_with_a_table(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/enheter/kart/")
    text = response.content.decode()
    assert text.count("<path ") == 357
    for region, count in [("Helse Nord RHF", 80), ("Helse Sør-Øst RHF", 146), ("Helse Vest RHF", 66),
                          ("Helse Midt-Norge RHF", 65)]:
        assert f"{region} ({count})" in text
    assert "Universitetssykehuset Nord-Norge HF" in text and 'role="img"' in text
