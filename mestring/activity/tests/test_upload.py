"""The XLSX template and its upload: every bad cell named with its place, nothing written unless all is valid."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mestring.activity import services
from mestring.activity.models import ActivityReport, ReportingYear, RunActivity, RunHomeMunicipality
from mestring.activity.tests.conftest import YEAR, last_years_runs
from mestring.activity.workbook import UploadInvalid, build_template, read_upload
from mestring.registry.models import CourseRun
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db


def template_book(offer, year=YEAR):
    return load_workbook(io.BytesIO(build_template(offer.service, year)))


def filled(offer, edit=None) -> bytes:
    """The template with both runs filled in and home kommuner for the first, then `edit(book)` applied."""
    book = template_book(offer)
    sheet = book["Aktivitet"]
    for row in (2, 3):
        sheet[f"E{row}"], sheet[f"F{row}"] = 7, 2
    first = last_years_runs(offer)[0].pk
    book["Hjemkommuner"].append([first, "5501", 4])
    book["Hjemkommuner"].append([first, "1804", 2])
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems_of(offer, content) -> list[str]:
    with pytest.raises(UploadInvalid) as invalid:
        read_upload(content, service=offer.service, year=YEAR)
    return [str(p) for p in invalid.value.problems]


def test_template_has_the_runs_codes_and_readme_with_drop_down_lists(offer):
    book = template_book(offer)
    assert book.sheetnames == ["Aktivitet", "Hjemkommuner", "Koder", "Les meg"]
    sheet = book["Aktivitet"]
    assert [c.value for c in sheet[1]][:4] == ["kursstart_id", "kurs", "startdato", "holdt"]
    runs = last_years_runs(offer)
    assert [sheet[f"A{r}"].value for r in (2, 3)] == [run.pk for run in runs]  # not next year's run
    assert sheet["D2"].value == "ja" and sheet["G2"].value == 4 and sheet["J2"].value == "se"
    assert sheet["E2"].value is None  # participants are not known before the coordinator says
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists["D2:D3 I2:I3 K2:K3"] == '"ja,nei"'
    home_lists = [v.formula1 for v in book["Hjemkommuner"].data_validations.dataValidation if v.type == "list"]
    assert "=Aktivitet!$A$2:$A$3" in home_lists and "=Koder!$A$2:$A$1000" in home_lists
    codes = [row[0] for row in book["Koder"].iter_rows(min_row=2, values_only=True)]
    assert "5501" in codes and "0301" in codes and "1902" not in codes  # Tromsø's pre-2020 number is gone
    assert book["Les meg"]["B2"].value == offer.service.pk and book["Les meg"]["B3"].value == YEAR


def test_a_valid_upload_saves_the_report_with_home_kommuner(offer, coordinator_a):
    report = services.import_report(service=offer.service, year=YEAR, content=filled(offer), user=coordinator_a)
    assert report.runs.count() == 2 and not report.is_submitted
    first = last_years_runs(offer)[0]
    homes = dict(RunHomeMunicipality.objects.filter(run_activity__run=first).values_list("unit__code", "participants"))
    assert homes == {"5501": 4, "1804": 2}
    # The next template carries what was saved, so a round trip changes nothing.
    book = template_book(offer)
    assert book["Aktivitet"]["E2"].value == 7
    assert sorted(book["Hjemkommuner"].iter_rows(min_row=2, values_only=True))[:2] == [
        (first.pk, "1804", 2), (first.pk, "5501", 4)]


def test_template_marks_a_run_left_out_of_a_saved_report_as_not_held(offer, coordinator_a):
    first, second = last_years_runs(offer)
    values = {"participants_patients": 5, "participants_relatives": 1, "sessions": 4, "hours": 12,
              "experienced_users_taught": True, "language": "nb", "is_digital": False}
    services.save_report(service=offer.service, year=YEAR, rows=[(first, None), (second, values)], user=coordinator_a)
    sheet = template_book(offer)["Aktivitet"]
    assert (sheet["D2"].value, sheet["D3"].value) == ("nei", "ja")


def _every_kind_of_error(book):
    activity, homes = book["Aktivitet"], book["Hjemkommuner"]
    activity["E2"] = "åtte"            # wrong type
    activity["F2"] = -2                # negative
    activity["H2"] = "mange"           # hours not a number
    activity["J3"] = "norsk"           # not a language code
    activity["I2"] = "kanskje"         # not ja/nei
    activity["G3"] = 0                 # sessions below 1
    activity.append([999999, "Ukjent", None, "ja", 1, 1, 1, 1, "nei", "nb", "nei"])  # unknown run id, row 4
    homes.append([last_years_runs_from(book)[0], "9999", 1])   # unknown kommune, row 4
    homes.append([last_years_runs_from(book)[0], "5501", 1])   # same kommune twice for a run, row 5
    homes.append([last_years_runs_from(book)[1], "1804", 50])  # more than the run's participants, row 6
    homes.append(["x", "1804", -1])                            # bad run id and count, row 7


def last_years_runs_from(book):
    return [book["Aktivitet"]["A2"].value, book["Aktivitet"]["A3"].value]


def test_every_bad_cell_is_listed_with_its_place_and_nothing_is_written(offer, coordinator_a):
    content = filled(offer, _every_kind_of_error)
    problems = problems_of(offer, content)
    expected = [
        ("Aktivitet!E2", "Skriv et helt tall, ikke «åtte»"),
        ("Aktivitet!F2", "kan ikke være negativt"),
        ("Aktivitet!H2", "Skriv timer som et tall"),
        ("Aktivitet!J3", "Skriv én språkkode"),
        ("Aktivitet!I2", "Skriv «ja» eller «nei»"),
        ("Aktivitet!G3", "må være fra 1 til 1000"),
        ("Aktivitet!A4", "Ukjent kursstart-ID 999999"),
        ("Hjemkommuner!B4", "Ukjent kommunenummer «9999»"),
        ("Hjemkommuner!B5", "står også på rad 2"),
        ("Hjemkommuner!C6", "Summen for kursstart"),
        ("Hjemkommuner!A7", "Skriv et helt tall"),
        ("Hjemkommuner!C7", "negativt"),
    ]
    for place, reason in expected:
        assert any(p.startswith(place + ":") and reason in p for p in problems), (place, reason, problems)
    response_problems = len(problems)
    assert response_problems == len(expected)
    with pytest.raises(UploadInvalid):
        services.import_report(service=offer.service, year=YEAR, content=content, user=coordinator_a)
    assert not RunActivity.objects.exists() and not ActivityReport.objects.exists()


def test_the_upload_page_lists_every_problem_and_keeps_the_saved_report(client, coordinator_a, offer):
    upload = SimpleUploadedFile("rapport.xlsx", filled(offer, _every_kind_of_error))
    services.import_report(service=offer.service, year=YEAR, content=filled(offer), user=coordinator_a)
    client.force_login(coordinator_a)
    response = client.post(reverse("activity:upload", args=[offer.service.pk, YEAR]), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Filen har 12 feil. Ingenting er lagret." in text
    assert "Aktivitet!E2" in text and "Hjemkommuner!C6" in text
    assert sorted(RunActivity.objects.values_list("participants_patients", flat=True)) == [7, 7]
    assert RunHomeMunicipality.objects.count() == 2


def test_wrong_sheets_and_columns_are_named(offer):
    def rename_and_break(book):
        book["Hjemkommuner"].title = "Ark1"
        activity = book["Aktivitet"]
        activity["E1"] = "pasienter"      # a renamed column: unknown, and the real one is missing
        activity["L1"] = "merknad"        # an extra column
        activity["M1"] = "timer"          # a column twice
    problems = problems_of(offer, filled(offer, rename_and_break))
    assert "Hjemkommuner: Arbeidsboka mangler arket «Hjemkommuner»." in problems[-1] or any(
        p.startswith("Hjemkommuner: Arbeidsboka mangler arket «Hjemkommuner»") for p in problems)
    assert any(p.startswith("Aktivitet!E1: Ukjent kolonne «pasienter»") for p in problems)
    assert any(p.startswith("Aktivitet!L1: Ukjent kolonne «merknad»") for p in problems)
    assert any(p.startswith("Aktivitet!M1: Kolonnen «timer» står to ganger") for p in problems)
    assert any(p.startswith("Aktivitet!1:1: Kolonnen «deltakere_pasienter» mangler") for p in problems)


def test_a_file_that_is_not_a_workbook_or_for_another_service_or_year_is_refused(offer, unit_b):
    assert problems_of(offer, b"not a zip") == ["Filen: Filen kan ikke leses som en XLSX-arbeidsbok."]
    other = make_offer(unit_b, run_in_days=None)
    foreign = build_template(other.service, YEAR - 1)
    problems = problems_of(offer, foreign)
    assert any(p.startswith("Les meg!B2: Filen er malen for en annen tjeneste") for p in problems)
    assert any(p.startswith(f"Les meg!B3: Filen er malen for {YEAR - 1}, ikke {YEAR}") for p in problems)


def test_a_run_deleted_from_the_sheet_is_reported_missing(offer):
    def delete_row(book):
        book["Aktivitet"].delete_rows(3)
    problems = problems_of(offer, filled(offer, delete_row))
    assert any(p.startswith("Aktivitet: Kursstarten") and "mangler" in p for p in problems)


def test_the_same_run_twice_in_one_upload_is_refused_not_summed(offer, coordinator_a):
    def repeat_first(book):
        sheet = book["Aktivitet"]
        sheet.append([c.value for c in sheet[2]])
    problems = problems_of(offer, filled(offer, repeat_first))
    first = last_years_runs(offer)[0].pk
    assert problems == [f"Aktivitet!A4: Kursstart {first} står også i Aktivitet!A2. "
                        "En kursstart kan bare rapporteres én gang."]
    assert not RunActivity.objects.exists()


def test_a_run_already_reported_by_another_service_is_refused_in_the_upload(offer, coordinator_a, unit_b):
    content = filled(offer)
    services.import_report(service=offer.service, year=YEAR, content=content, user=coordinator_a)
    # The offer moves to another service, whose coordinator uploads the same run again.
    other = make_offer(unit_b, run_in_days=None).service
    offer.service = other
    offer.save()
    book = load_workbook(io.BytesIO(build_template(other, YEAR)))
    for row in (2, 3):
        book["Aktivitet"][f"E{row}"], book["Aktivitet"][f"F{row}"] = 3, 1
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadInvalid) as invalid:
        services.import_report(service=other, year=YEAR, content=buffer.getvalue(), user=coordinator_a)
    problems = [str(p) for p in invalid.value.problems]
    assert len(problems) == 2 and all("er allerede rapportert av Mestringstjenesten i Tromsø" in p for p in problems)
    assert problems[0].startswith("Aktivitet!A2:")
    assert RunActivity.objects.count() == 2
    assert sorted(RunActivity.objects.values_list("participants_patients", flat=True)) == [7, 7]  # never 10


def test_uploading_again_replaces_the_report_and_never_adds_to_it(offer, coordinator_a):
    services.import_report(service=offer.service, year=YEAR, content=filled(offer), user=coordinator_a)
    again = io.BytesIO()
    template_book(offer).save(again)  # the new template already holds the saved numbers and kommuner
    services.import_report(service=offer.service, year=YEAR, content=again.getvalue(), user=coordinator_a)
    assert RunActivity.objects.count() == 2 and RunHomeMunicipality.objects.count() == 2
    assert sum(RunActivity.objects.values_list("participants_patients", flat=True)) == 14


def test_a_locked_year_refuses_the_upload(client, coordinator_a, offer):
    services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)
    client.force_login(coordinator_a)
    url = reverse("activity:upload", args=[offer.service.pk, YEAR])
    assert "er låst" in client.get(url).content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("r.xlsx", filled(offer))})
    assert response.status_code == 400
    assert not RunActivity.objects.exists()


def test_upload_through_the_page_saves_and_submits(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    url = reverse("activity:upload", args=[offer.service.pk, YEAR])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("r.xlsx", filled(offer)), "action": "submit"},
                           follow=True)
    assert "Filen er lest inn: 2 kursstarter er lagret i rapporten." in response.content.decode()
    assert ActivityReport.objects.get().is_submitted


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.post(reverse("activity:upload", args=[offer.service.pk, YEAR]),
                           {"file": SimpleUploadedFile("r.csv", b"a;b")})
    assert response.status_code == 400 and "Filen må være en XLSX-fil" in response.content.decode()


def test_the_coordinator_downloads_the_template(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.get(reverse("activity:template", args=[offer.service.pk, YEAR]))
    assert response.status_code == 200
    assert f"aktivitet-{YEAR}-tjeneste-{offer.service.pk}.xlsx" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content))["Aktivitet"]["A2"].value == last_years_runs(offer)[0].pk


@pytest.mark.parametrize("who, status", [("coordinator_b", 404), ("outsider", 403), ("interviewer", 403)])
def test_other_users_get_neither_template_nor_upload(client, request, offer, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("activity:template", args=[offer.service.pk, YEAR])).status_code == status
    url = reverse("activity:upload", args=[offer.service.pk, YEAR])
    assert client.get(url).status_code == status
    assert client.post(url, {"file": SimpleUploadedFile("r.xlsx", filled(offer))}).status_code == status
    assert not RunActivity.objects.exists()


def test_anonymous_is_sent_to_log_in(client, offer):
    response = client.get(reverse("activity:upload", args=[offer.service.pk, YEAR]))
    assert response.status_code == 302 and "logg-inn" in response["Location"]


def test_next_years_run_is_not_in_the_template(offer):
    assert CourseRun.objects.filter(offer=offer).count() == 3
    assert template_book(offer)["Aktivitet"].max_row == 3


@pytest.mark.parametrize("value, result", [(12, 12), (12.0, 12), ("7", 7), (" 7 ", 7)])
def test_whole_numbers_are_read_from_numbers_and_text(value, result):
    from mestring.activity.workbook import as_int

    assert as_int(value) == result


@pytest.mark.parametrize("value, reason", [
    (None, "Cellen er tom"), ("", "Cellen er tom"), (True, "Skriv et helt tall"), (7.5, "Skriv et helt tall"),
    ("sju", "Skriv et helt tall, ikke «sju»"), (-1, "kan ikke være negativt"), ("-4", "kan ikke være negativt"),
])
def test_bad_whole_numbers_say_why(value, reason):
    from mestring.activity.workbook import CellError, as_int

    with pytest.raises(CellError, match=reason):
        as_int(value)


@pytest.mark.parametrize("value, result", [(12, "12.0"), (1.5, "1.5"), ("2,5", "2.5"), (0, "0.0")])
def test_hours_are_read_with_one_decimal(value, result):
    from mestring.activity.workbook import as_hours

    assert str(as_hours(value)) == result


@pytest.mark.parametrize("value, reason", [
    ("NaN", "Skriv timer som et tall"), ("mange", "Skriv timer som et tall"), (1.25, "høyst én desimal"),
    (-2, "kan ikke være negativt"), (10000, "For mange timer"), (None, "Cellen er tom"),
])
def test_bad_hours_say_why(value, reason):
    from mestring.activity.workbook import CellError, as_hours

    with pytest.raises(CellError, match=reason):
        as_hours(value)
