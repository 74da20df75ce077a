"""Participants' home kommuner in the browser form: «5501:4, 1804:2», checked against the year and the participants."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mestring.activity import services
from mestring.activity.homes import check_homes, parse_homes
from mestring.activity.models import ActivityReport, RunHomeMunicipality
from mestring.activity.selectors import kommuner_in
from mestring.activity.tests.conftest import YEAR, last_years_runs

pytestmark = pytest.mark.django_db


def form_data(offer, homes: str, *, patients="5", relatives="2") -> dict:
    data = {}
    first = last_years_runs(offer)[0].pk
    for run in last_years_runs(offer):
        prefix = f"run-{run.pk}-"
        data.update({prefix + "held": "on", prefix + "participants_patients": patients,
                     prefix + "participants_relatives": relatives, prefix + "sessions": "4", prefix + "hours": "12",
                     prefix + "language": "nb", prefix + "home_municipalities": homes if run.pk == first else ""})
    return data


def url(offer):
    return reverse("activity:report", args=[offer.service.pk, YEAR])


@pytest.mark.parametrize("text, pairs, problems", [
    ("5501:4, 1804:2", [("5501", 4), ("1804", 2)], 0),
    ("5501: 4; 301=1\n1804:2", [("5501", 4), ("0301", 1), ("1804", 2)], 0),
    ("", [], 0),
    ("Tromsø 4", [], 1),
    ("5501:4, :2, 1804", [("5501", 4)], 2),
])
def test_the_text_is_read_into_kommune_numbers_and_counts(text, pairs, problems):
    parsed, errors = parse_homes(text)
    assert parsed == pairs and len(errors) == problems


def test_unknown_repeated_and_too_many_are_named():
    known = {"5501": 1, "1804": 2}
    problems = check_homes([("5501", 4), ("1902", 1), ("5501", 3)], known=known, participants=7, year=YEAR)
    assert problems == [f"Kommunenummer 1902 fantes ikke i {YEAR}.", "Kommunenummer 5501 står mer enn én gang.",
                        "Summen for hjemkommunene (8) er større enn antall deltakere (7)."]


def test_kommuner_follow_the_year_of_the_report():
    assert "1902" in kommuner_in(2019) and "1902" not in kommuner_in(2020)  # Tromsø before and after 2020
    assert "5401" in kommuner_in(2020) and "5501" in kommuner_in(2024)


def test_coordinator_enters_home_kommuner_and_sees_them_again(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.post(url(offer), form_data(offer, "5501:4, 1804:2"))
    assert response.status_code == 302
    first = last_years_runs(offer)[0]
    rows = RunHomeMunicipality.objects.filter(run_activity__run=first)
    assert sorted(rows.values_list("unit__code", "participants")) == [("1804", 2), ("5501", 4)]
    assert 'value="1804:2, 5501:4"' in client.get(url(offer)).content.decode()
    client.post(url(offer), form_data(offer, "5501:3"))  # a correction replaces, never adds
    assert list(rows.values_list("unit__code", "participants")) == [("5501", 3)]


@pytest.mark.parametrize("homes, message", [
    ("5501:6, 1804:2", "Summen for hjemkommunene (8) er større enn antall deltakere (7)."),
    ("9999:1", f"Kommunenummer 9999 fantes ikke i {YEAR}."),
    ("Tromsø", "«Tromsø» er ikke på formen kommunenummer:antall"),
    ("5501:0", "Antallet for 5501 må være minst 1."),
])
def test_bad_home_kommuner_are_refused_with_the_reason_and_nothing_saved(client, coordinator_a, offer, homes, message):
    client.force_login(coordinator_a)
    response = client.post(url(offer), form_data(offer, homes))
    text = response.content.decode()
    assert response.status_code == 400 and message in text
    assert f'value="{homes}"' in text  # what was typed is kept
    assert not ActivityReport.objects.exists()


def test_the_service_refuses_more_home_participants_than_participants(coordinator_a, offer):
    run = last_years_runs(offer)[0]
    values = {"participants_patients": 1, "participants_relatives": 0, "sessions": 4, "hours": 12,
              "experienced_users_taught": True, "language": "nb", "is_digital": False,
              "homes": [(kommuner_in(YEAR)["5501"], 2)]}
    with pytest.raises(ValidationError, match="summen for hjemkommunene er større"):
        services.save_report(service=offer.service, year=YEAR, rows=[(run, values)], user=coordinator_a)
    assert not ActivityReport.objects.exists()


def test_demo_reports_have_home_kommuner_and_both_statuses(unit_a):
    from mestring.activity.demo import create_demo_reports, create_demo_runs
    from mestring.registry.tests.factories import make_offer

    make_offer(unit_a, run_in_days=None)
    make_offer(unit_a, run_in_days=None, title="Hjertekurs")
    create_demo_runs()
    assert create_demo_reports() == 2
    assert create_demo_reports() == 0
    reports = list(ActivityReport.objects.order_by("service__pk"))
    assert [r.status for r in reports] == ["submitted", "draft"]
    codes = set(RunHomeMunicipality.objects.values_list("unit__code", flat=True))
    assert codes == {"5501", "5520", "5524"}
    for report in reports:
        for row in report.runs.all():
            assert sum(row.home_municipalities.values_list("participants", flat=True)) <= row.participants


def test_demo_leaves_a_locked_year_alone(unit_a):
    from mestring.activity.demo import create_demo_reports, create_demo_runs
    from mestring.activity.models import ReportingYear
    from mestring.registry.tests.factories import make_offer

    make_offer(unit_a, run_in_days=None)
    create_demo_runs()
    services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)
    assert create_demo_reports() == 0 and not ActivityReport.objects.exists()
