"""The national structure over time, checked against the real SSB data."""
from decimal import Decimal

import pytest

from mestring.structure import selectors
from mestring.structure.models import Unit

pytestmark = pytest.mark.django_db


def kommune(code: str, from_year: int | None = None) -> Unit:
    units = Unit.objects.filter(kind="kommune", code=code)
    return units.get(valid_from__year=from_year) if from_year else units.get(valid_to__isnull=True)


@pytest.mark.parametrize(("year", "kind", "count"), [
    (2024, "kommune", 357), (2024, "fylke", 15), (2014, "kommune", 428), (2014, "fylke", 19),
    (2020, "kommune", 356), (2020, "fylke", 11), (2024, "rhf", 4), (2024, "hf", 22),
])
def test_units_as_of_a_year(year, kind, count):
    assert selectors.units_as_of(year, kind).count() == count


def test_mapping_units_count_oslo_as_its_fifteen_districts():
    units = selectors.mapping_units(2014)
    assert len(units) == 442
    oslo = [u for u in units if u.code.startswith("0301")]
    assert len(oslo) == 15 and all(u.kind == "bydel" for u in oslo)


def shares(result) -> dict[str, Decimal]:
    return {s.unit.code: s.weight for s in result}


def test_successors_of_a_split_municipality_carry_its_weights():
    assert shares(selectors.successors(kommune("1850", 2014))) == {"1806": Decimal("0.43"), "1875": Decimal("0.57")}


def test_successor_of_a_merged_municipality_is_the_whole_new_one():
    assert shares(selectors.successors(kommune("0627", 2014))) == {"3203": Decimal(1)}  # Røyken → Asker


def test_predecessors_of_a_2024_municipality_in_2014():
    # Ålesund 2024 = old Ålesund, Ørskog, Skodje, Sandøy; Haram left again in 2024.
    assert shares(selectors.predecessors(kommune("1508"), 2014)) == {
        "1504": Decimal(1), "1523": Decimal(1), "1529": Decimal(1), "1546": Decimal(1)}


def test_predecessors_through_the_2020_unit_use_its_population_split():
    assert shares(selectors.predecessors(kommune("1508"), 2020)) == {"1507": Decimal("0.8621")}


def test_successors_walk_intermediate_years():
    # Snillfjord was renumbered in 2018 and split in 2020.
    assert shares(selectors.successors(kommune("1613", 2014), 2019)) == {"5012": Decimal(1)}


def test_a_2014_count_is_carried_into_2024_borders():
    counted_2014 = {"0720": 1000, "0704": 100, "0706": 10}  # Stokke (split), Tønsberg, Sandefjord
    result = selectors.to_current_borders(counted_2014, 2014)
    assert result == pytest.approx({"3905": 100 + 196.0, "3907": 10 + 804.0})


def test_carrying_keeps_the_national_total():
    counts = {u.code: 1 for u in selectors.units_as_of(2014, "kommune")}
    assert sum(selectors.to_current_borders(counts, 2014).values()) == pytest.approx(428)


def test_unknown_codes_for_a_year_are_named():
    assert selectors.unknown_codes(["0301", "5501"], 2014) == ["5501"]


@pytest.mark.parametrize(("kind", "code", "hf", "rhf"), [
    ("kommune", "5501", "universitetssykehuset-nord-norge", "helse-nord"),
    ("kommune", "0301", "oslo-universitetssykehus", "helse-sor-ost"),
    ("bydel", "030102", "lovisenberg-diakonale-sykehus", "helse-sor-ost"),
    ("kommune", "4601", "helse-bergen", "helse-vest"),
])
def test_health_trust_of_a_unit(kind, code, hf, rhf):
    trust = selectors.health_trust_for(Unit.objects.current().get(kind=kind, code=code))
    assert (trust.hf.code, trust.rhf.code) == (hf, rhf)


def test_health_trust_of_a_former_municipality_follows_its_successor():
    trust = selectors.health_trust_for(kommune("1902", 2014))  # Tromsø before 2020
    assert trust.hf.code == "universitetssykehuset-nord-norge"


def test_search_finds_names_with_norwegian_letters_and_codes():
    assert "Ålesund" in [u.name for u in selectors.search_units("ålesund")]
    assert [u.code for u in selectors.search_units("5501")][0] == "5501"
    assert selectors.search_units("   ") == []


def test_search_lists_current_units_before_former_ones():
    results = selectors.search_units("tromsø")
    assert results[0].is_current and not results[-1].is_current


def test_population_is_known_per_year():
    series = selectors.population_series(kommune("5501"))
    assert [p.year for p in series] == list(range(2014, 2027))
    assert series[-1].population > 70000
