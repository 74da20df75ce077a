"""The selectors' figures from a handful of reported runs, checked by hand."""
import pytest

from mestring.overview import selectors
from mestring.overview.selectors import Filters
from mestring.overview.tests.conftest import YEAR, report_run
from mestring.registry import geo
from mestring.registry.models import Location

pytestmark = pytest.mark.django_db


def test_per_10k_counts_offers_and_participants_where_the_run_was_held(tromso_offer, bodo_offer):
    report_run(tromso_offer, patients=10, relatives=2)
    report_run(tromso_offer, patients=5, relatives=0, month=9)
    report_run(bodo_offer, patients=7, relatives=1)
    result = selectors.offers_per_10k(YEAR, "kommune")
    rows = {r.code: r for r in result.rows}
    assert len(result.rows) == 357
    assert (rows["5501"].offers, rows["5501"].runs, rows["5501"].participants) == (1, 2, 17)
    assert rows["5501"].participants_per_10k == round(17 * 10_000 / rows["5501"].population, 2)
    assert rows["1804"].participants == 8
    assert result.total.participants == 25 and result.total.offers == 2
    assert "5501" not in {c.code for c in result.without_offer}
    assert "0301" in {c.code for c in result.without_offer}


def test_filters_narrow_to_a_fylke_and_levels_add_up(tromso_offer, bodo_offer):
    report_run(tromso_offer, patients=10, relatives=0)
    report_run(bodo_offer, patients=7, relatives=0)
    troms = selectors.offers_per_10k(YEAR, "kommune", Filters(fylke="55"))
    assert {r.code for r in troms.rows} == set(selectors.kommuner_in(Filters(fylke="55")))
    assert troms.total.participants == 10
    fylker = {r.code: r for r in selectors.offers_per_10k(YEAR, "fylke").rows}
    assert fylker["55"].participants == 10 and fylker["18"].participants == 7
    assert len(fylker) == 15


def test_services_by_unit_counts_forms_and_lists_kommuner_without_service(tromso_offer, bodo_offer):
    result = selectors.services_by_unit(YEAR)
    rows = {r.code: r for r in result.rows}
    assert rows["5501"].services == 1 and rows["1804"].forms == ("Frisklivssentral",)
    assert {f.key: f.count for f in result.forms} == {"lm_kommune": 1, "fls": 1}
    assert len(result.without_service) == 355


def test_by_diagnosis_group_and_language(tromso_offer, bodo_offer):
    report_run(tromso_offer, patients=4, relatives=0, language="ar")
    report_run(bodo_offer, patients=6, relatives=0, digital=True)
    diagnoses = {r.key: r for r in selectors.by_dimension(YEAR, "diagnose").rows}
    assert diagnoses["diabetes"].participants == 4 and diagnoses["kols-lunge"].runs == 1
    assert diagnoses["kreft"].runs == 0
    languages = selectors.by_dimension(YEAR, "sprak")
    assert languages.minority_language_runs == 1 and languages.digital_runs == 1
    assert [r.label for r in languages.rows] == ["Norsk bokmål", "Arabisk"]
    targets = {r.key: r.runs for r in selectors.by_dimension(YEAR, "malgruppe").rows}
    assert targets["eldre"] == 1 and targets["pasienter"] == 2


def test_user_participation_share(tromso_offer, bodo_offer):
    report_run(tromso_offer, experienced=True)
    report_run(tromso_offer, experienced=False, month=9)
    report_run(bodo_offer, experienced=True)
    result = selectors.user_participation(YEAR, level="kommune")
    rows = {r.code: r for r in result.rows}
    assert rows["5501"].share == 50.0 and rows["1804"].share == 100.0
    assert rows["0301"].share is None
    assert (result.total.runs, result.total.with_users) == (3, 2)


def test_change_over_years_in_todays_borders(tromso_offer):
    report_run(tromso_offer, year=2024, patients=3, relatives=0)
    report_run(tromso_offer, year=2025, patients=5, relatives=0)
    change = selectors.change_over_years([2024, 2025], Filters(kommune="5501"))
    assert [r.participants for r in change.rows] == [3, 5]
    assert change.units[0].participants == (3, 5)


def test_distance_to_nearest_offer_per_diagnosis_group(tromso_offer, bodo_offer):
    report_run(tromso_offer)
    report_run(bodo_offer)
    result = selectors.distance_indicators(YEAR)
    groups = [g.code for g in result.groups]
    rows = {r.code: r for r in result.rows}
    assert rows["5501"].km[groups.index("diabetes")] < 5
    assert 300 < rows["5501"].km[groups.index("kols-lunge")] < 360   # Tromsø to Bodø, straight line
    assert rows["5501"].km[groups.index("kreft")] is None
    assert result.gaps[0].km >= result.gaps[-1].km


def test_distance_is_measured_from_the_population_weighted_centre(tromso_offer):
    """A course in Tromsø city is a few km from Tromsø's centre, not the 20 km from its polygon's middle."""
    Location.objects.filter(offers=tromso_offer).update(latitude="69.64890", longitude="18.95508")
    report_run(tromso_offer)
    result = selectors.distance_indicators(YEAR)
    km = {r.code: r for r in result.rows}["5501"].km[[g.code for g in result.groups].index("diabetes")]
    city = (69.65, 18.96)    # offer places are kept to two decimals
    assert km == round(geo.distance_km(geo.kommune_centres()["5501"], city), 1) < 7
    assert geo.distance_km(geo.polygon_centres()["5501"], city) > 20
