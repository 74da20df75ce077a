"""Bydeler as their own rows: counted for the bydel and still for the kommune, per the bydel's own people."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mestring.overview import selectors
from mestring.overview.selectors import Filters
from mestring.overview.tests.conftest import YEAR, kommune, report_run
from mestring.registry.models import ServiceMembership
from mestring.registry.tests.factories import make_offer
from mestring.structure.models import Population, Unit

pytestmark = pytest.mark.django_db


def bydel(code: str) -> Unit:
    return Unit.objects.current().get(kind=Unit.Kind.BYDEL, code=code)


def people(code: str) -> int:
    return Population.objects.get(unit__code=code, unit__valid_to__isnull=True, year=YEAR).population


@pytest.fixture
def gamle_oslo_offer(db):
    """A course of the service Bydel Gamle Oslo runs, held at its place in Oslo."""
    offer = make_offer(bydel("030101"), title="Hverdagsmestring", run_in_days=None)
    report_run(offer, patients=9, relatives=3)
    return offer


def test_a_bydels_service_counts_for_the_bydel_and_its_kommune(gamle_oslo_offer):
    result = selectors.services_by_unit(YEAR)
    districts = {r.code: r for r in result.districts}
    oslo = next(r for r in result.rows if r.code == "0301")
    assert (districts["030101"].name, districts["030101"].kommune) == ("Gamle Oslo", "Oslo")
    assert (districts["030101"].services, districts["030101"].hosted) == (1, 1)
    assert districts["030102"].services == 0
    assert oslo.services == 1 and oslo.service_names == ("Mestringstjenesten i Gamle Oslo",)
    assert districts["030101"].hf == "Lovisenberg Diakonale Sykehus AS"   # the bydel's own local hospital
    assert len(result.rows) == 357 and len(result.districts) == 38


def test_per_10k_of_a_bydel_uses_its_own_population(gamle_oslo_offer):
    result = selectors.offers_per_10k(YEAR, "kommune")
    gamle_oslo = {r.code: r for r in result.districts}["030101"]
    oslo = {r.code: r for r in result.rows}["0301"]
    assert gamle_oslo.population == people("030101") < oslo.population == people("0301")
    assert (gamle_oslo.offers, gamle_oslo.runs, gamle_oslo.participants) == (1, 1, 12)
    assert gamle_oslo.participants_per_10k == round(12 * 10_000 / people("030101"), 2)
    assert oslo.participants == 12 and oslo.participants_per_10k == round(12 * 10_000 / people("0301"), 2)
    assert result.total.participants == 12       # counted once in the total, not once per row
    assert selectors.offers_per_10k(YEAR, "fylke").districts == ()


def test_runs_of_oslos_own_service_count_for_no_bydel(db):
    report_run(make_offer(kommune("0301"), run_in_days=None), patients=5, relatives=0)
    result = selectors.offers_per_10k(YEAR, "kommune", Filters(kommune="0301"))
    assert {r.code: r.participants for r in result.rows} == {"0301": 5}
    assert sum(r.participants for r in result.districts) == 0
    assert {r.code[:4] for r in result.districts} == {"0301"}


def test_a_bydel_member_of_a_service_is_served_by_it(db):
    offer = make_offer(kommune("4601"), run_in_days=None)
    ServiceMembership.objects.create(service=offer.service, unit=bydel("460103"), valid_from=dt.date(2020, 1, 1))
    districts = {r.code: r for r in selectors.services_by_unit(YEAR, Filters(kommune="4601")).districts}
    assert districts["460103"].services == 1 and districts["460103"].hosted == 0
    assert districts["460101"].services == 0


def test_a_filter_outside_the_cities_has_no_bydel_rows(gamle_oslo_offer):
    assert selectors.services_by_unit(YEAR, Filters(fylke="55")).districts == ()
    assert selectors.offers_per_10k(YEAR, "kommune", Filters(fylke="55")).districts == ()


def test_services_page_lists_the_bydel_under_its_kommune(client, gamle_oslo_offer):
    html = client.get(reverse("overview:services"), {"year": YEAR, "kommune": "0301"}).content.decode()
    assert "<td>Gamle Oslo</td>" in html and "teller for bydelen og også for kommunen" in html
    assert "vi ikke har grenser for bydelene" in html
    assert html.index("<td>0301</td>") < html.index("<td>030101</td>") < html.index("<td>030102</td>")


def test_services_csv_has_the_bydel_rows(client, gamle_oslo_offer):
    response = client.get(reverse("overview:services"), {"year": YEAR, "format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Nummer;Kommune;Bydel;")
    assert lines[1].startswith("0301;Oslo;;") and lines[2].startswith("030101;Oslo;Gamle Oslo;")
    gamle_oslo = lines[2].split(";")
    assert gamle_oslo[5:7] == ["1", "1"]
    assert len(lines) == 1 + 357 + 38


def test_per_capita_xlsx_has_the_bydel_rows_with_their_figures(client, gamle_oslo_offer):
    response = client.get(reverse("overview:per_capita"), {"year": YEAR, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Per 10 000 innbyggere"]
    header, *rows = sheet.iter_rows(values_only=True)
    by_code = {row[0]: dict(zip(header, row)) for row in rows}
    assert by_code["030101"]["Bydel"] == "Gamle Oslo" and by_code["030101"]["Kommune"] == "Oslo"
    assert by_code["030101"]["Deltakere"] == 12 and by_code["0301"]["Deltakere"] == 12
    assert by_code["030101"]["Deltakere per 10 000"] == round(12 * 10_000 / people("030101"), 2)
    assert by_code["030101"]["Innbyggere"] == people("030101")


def test_per_capita_page_shows_bydeler_only_at_kommune_level(client, gamle_oslo_offer):
    url = reverse("overview:per_capita")
    kommuner = client.get(url, {"year": YEAR, "fylke": "03"}).content.decode()
    assert "<td>Gamle Oslo</td>" in kommuner and "bydelens egne innbyggere" in kommuner
    fylker = client.get(url, {"year": YEAR, "level": "fylke"}).content.decode()
    assert "Gamle Oslo" not in fylker and "bydelens egne innbyggere" not in fylker


def test_the_map_stays_at_kommune_level(client, gamle_oslo_offer):
    html = client.get(reverse("overview:services"), {"year": YEAR}).content.decode()
    start = html.index('<figure class="overview-map">')
    svg = html[start:html.index("</svg>", start)]
    assert svg.count("<path") == 357 and "<title>Oslo: 1 tjenester</title>" in svg
    assert "Gamle Oslo" not in svg
