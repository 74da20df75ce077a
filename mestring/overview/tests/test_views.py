"""The overview pages: public aggregates, staff details, downloads, bad filters, cache invalidation."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mestring.overview.tests.conftest import YEAR, report_run
from mestring.registry.models import Service

pytestmark = pytest.mark.django_db
PUBLIC = ["index", "services", "per_capita", "dimension", "participation", "change", "access"]


@pytest.fixture
def reported(tromso_offer, bodo_offer):
    report_run(tromso_offer, patients=11, relatives=2, experienced=True, language="ar")
    report_run(bodo_offer, patients=6, relatives=0, digital=True)
    return tromso_offer


@pytest.mark.parametrize("name", PUBLIC)
def test_anonymous_sees_every_public_overview_with_its_table(client, reported, name):
    response = client.get(reverse(f"overview:{name}"), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<table" in html
    assert name == "index" or 'role="img"' in html


def test_front_page_says_how_many_reports_are_drafts_and_whether_the_year_is_final(client, reported):
    from mestring.activity.models import ActivityReport, ReportingYear

    ActivityReport.objects.filter(service=reported.service).update(status=ActivityReport.Status.SUBMITTED)
    html = client.get(reverse("overview:index"), {"year": YEAR}).content.decode()
    assert "Tallene bygger på 2 aktivitetsrapporter for 2025: 1 sendt inn og 1 utkast." in html
    assert "kan endre seg" in html
    ReportingYear.objects.filter(year=YEAR).update(status=ReportingYear.Status.LOCKED)
    ReportingYear.objects.get(year=YEAR).save()  # update() sends no signal; a lock through the page saves
    html = client.get(reverse("overview:index"), {"year": YEAR}).content.decode()
    assert "Året er låst, så tallene er endelige." in html


def test_per_capita_page_shows_tromsos_participants_and_units_without_offer(client, reported):
    html = client.get(reverse("overview:per_capita"), {"year": YEAR, "fylke": "55"}).content.decode()
    assert "<td>Tromsø</td>" in html and '<td class="num">13</td>' in html
    assert "Harstad" in html   # another kommune in Troms, without offers
    assert "<td>Bodø</td>" not in html


def test_fylke_level_draws_a_bar_per_fylke(client, reported):
    html = client.get(reverse("overview:per_capita"), {"year": YEAR, "level": "fylke"}).content.decode()
    assert html.count("<rect x=\"8\"") == 15


def test_dimension_page_counts_minority_language_and_digital_runs(client, reported):
    html = client.get(reverse("overview:dimension"), {"year": YEAR, "dimension": "sprak"}).content.decode()
    assert "1 av 2 kursstarter ble holdt på et annet språk enn norsk" in html
    assert "Arabisk" in html


def test_access_page_explains_the_indicator_and_ranks_gaps(client, reported):
    html = client.get(reverse("overview:access"), {"year": YEAR, "group": "kols-lunge"}).content.decode()
    assert "luftlinje" in html and "befolkningsvektet midtpunkt" in html and "GeoNames" in html
    assert "så vi bruker ikke et befolkningsvektet midtpunkt" not in html
    assert "Største avstander" in html


def test_change_page_states_the_method(client, reported):
    html = client.get(reverse("overview:change")).content.decode()
    assert "omregningsvekter" in html


@pytest.mark.parametrize("params", [{"year": "1999"}, {"kommune": "9999"}, {"level": "planet"}])
def test_bad_filter_gives_a_norwegian_error_and_no_figures(client, reported, params):
    response = client.get(reverse("overview:per_capita"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filteret kunne ikke brukes" in html and "<table" not in html


def test_csv_download_is_the_table_with_formula_safe_cells(client, reported):
    Service.objects.filter(pk=reported.service_id).update(name="=HYPERLINK(\"x\")")
    response = client.get(reverse("overview:services"), {"year": YEAR, "kommune": "5501", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nummer;Kommune;Bydel;")
    assert "'=HYPERLINK" in text


def test_xlsx_download_has_a_sheet_per_table(client, reported):
    response = client.get(reverse("overview:per_capita"), {"year": YEAR, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Per 10 000 innbyggere"]
    header, *rows = sheet.iter_rows(values_only=True)
    tromso = next(dict(zip(header, row)) for row in rows if row[1] == "Tromsø")
    assert tromso["Deltakere"] == 13


def test_changing_a_run_shows_the_new_figure(client, reported):
    url = reverse("overview:per_capita")
    params = {"year": YEAR, "kommune": "5501"}
    assert '<td class="num">13</td>' in client.get(url, params).content.decode()
    activity = reported.runs.get().activity.get()
    activity.participants_patients = 40
    activity.save()
    html = client.get(url, params).content.decode()
    assert '<td class="num">42</td>' in html and '<td class="num">13</td>' not in html


def test_deleting_a_run_removes_it_from_the_overview(client, reported):
    url = reverse("overview:dimension")
    reported.runs.get().activity.get().delete()
    html = client.get(url, {"year": YEAR, "dimension": "sprak"}).content.decode()
    assert "Arabisk" not in html


@pytest.mark.parametrize("name", PUBLIC)
def test_pages_stay_within_a_query_budget_once_cached(client, reported, name, django_assert_max_num_queries):
    client.get(reverse(f"overview:{name}"), {"year": YEAR})
    with django_assert_max_num_queries(1):
        client.get(reverse(f"overview:{name}"), {"year": YEAR})


@pytest.mark.parametrize("name", PUBLIC)
def test_pages_build_from_a_bounded_number_of_queries(client, reported, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        client.get(reverse(f"overview:{name}"), {"year": YEAR})


def test_service_details_are_for_staff(client, reported, coordinator_a):
    url = reverse("overview:service_details")
    assert client.get(url).status_code == 302
    client.force_login(coordinator_a)
    html = client.get(url, {"year": YEAR}).content.decode()
    assert "Mestringstjenesten i Tromsø" in html


def test_service_details_refuse_a_user_without_role(client, reported, outsider):
    client.force_login(outsider)
    assert client.get(reverse("overview:service_details")).status_code == 403


def test_bulk_created_runs_show_without_any_signal(client, reported, bodo_offer):
    """bulk_create sends no signal; the data fingerprint in the cache version still sees the new row."""
    url = reverse("overview:per_capita")
    params = {"year": YEAR, "kommune": "1804"}
    assert '<td class="num">6</td>' in client.get(url, params).content.decode()
    template = bodo_offer.runs.get().activity.get()
    run_model = type(template.run)
    [run] = run_model.objects.bulk_create([run_model(offer=bodo_offer, starts_on=template.run.starts_on, schedule="x")])
    type(template).objects.bulk_create([type(template)(
        report=template.report, run=run, participants_patients=4, participants_relatives=0, sessions=1,
        hours=template.hours, language="nb")])
    assert '<td class="num">10</td>' in client.get(url, params).content.decode()


def test_front_page_groups_thousands_in_the_key_figures_as_the_tables_do(client, tromso_offer):
    report_run(tromso_offer, patients=1500, relatives=234)
    html = client.get(reverse("overview:index"), {"year": YEAR}).content.decode()
    assert "<dt>Deltakere</dt><dd>1\u00a0734</dd>" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("overview:index"), {"year": YEAR}).content.decode()
    assert "<dd>1,734</dd>" in html
