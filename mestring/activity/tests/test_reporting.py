"""Yearly activity reports: pre-filled from the registry, saved once per run, locked years refuse changes."""
import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from mestring.activity import services
from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
from mestring.registry.models import CourseRun
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year - 1


def url(offer, year=YEAR):
    return reverse("activity:report", args=[offer.service.pk, year])


def row_data(offer, *, patients="7", held="on", year=YEAR):
    data = {}
    for run in CourseRun.objects.filter(offer=offer, starts_on__year=year):
        prefix = f"run-{run.pk}-"
        data.update({prefix + "held": held, prefix + "participants_patients": patients,
                     prefix + "participants_relatives": "2", prefix + "sessions": "4", prefix + "hours": "12",
                     prefix + "language": "se", prefix + "experienced_users_taught": "on"})
    return data


def test_form_is_prefilled_with_that_years_runs_from_the_registry(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.get(url(offer))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("<legend") == 2  # the two runs of YEAR, not next year's
    assert 'value="se"' in text and 'value="12' in text and 'value="4"' in text


def test_coordinator_saves_the_report_and_the_change_is_audited(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.post(url(offer), row_data(offer))
    assert response.status_code == 302
    report = ActivityReport.objects.get(service=offer.service, reporting_year__year=YEAR)
    assert [r.participants_patients for r in report.runs.all()] == [7, 7]
    assert report.runs.first().experienced_users_taught and report.runs.first().language == "se"
    client.post(url(offer), row_data(offer, patients="9"))
    assert sorted(RunActivity.objects.values_list("participants_patients", flat=True)) == [9, 9]
    assert LogEntry.objects.get_for_object(report.runs.first()).count() == 2
    assert "Aktivitetsrapporten er lagret." in client.get(url(offer)).content.decode()


def test_bad_numbers_are_refused_with_a_norwegian_message_and_nothing_written(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    data = row_data(offer, patients="-3")
    data[next(k for k in data if k.endswith("-language"))] = "norsk"
    response = client.post(url(offer), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Noen rader har feil" in text and "Skriv én språkkode" in text
    assert not RunActivity.objects.exists()


def test_a_run_not_held_is_left_out_and_needs_no_numbers(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    data = {k: v for k, v in row_data(offer).items() if "participants" not in k}
    first = CourseRun.objects.filter(offer=offer, starts_on__year=YEAR).first()
    for key in [k for k in data if k.startswith(f"run-{first.pk}-")]:
        del data[key]
    response = client.post(url(offer), data)
    assert response.status_code == 400  # the other run is held but lacks participants
    assert "Fyll ut dette feltet" in response.content.decode()
    data = row_data(offer)
    del data[f"run-{first.pk}-held"]
    assert client.post(url(offer), data).status_code == 302
    assert list(RunActivity.objects.values_list("run", flat=True)) == [
        CourseRun.objects.filter(offer=offer, starts_on__year=YEAR).last().pk]


def test_the_same_run_can_never_be_reported_twice(coordinator_a, offer, unit_b):
    run = CourseRun.objects.filter(offer=offer, starts_on__year=YEAR).first()
    values = {"participants_patients": 5, "participants_relatives": 1, "sessions": 4, "hours": 12,
              "experienced_users_taught": True, "language": "nb", "is_digital": False}
    services.save_report(service=offer.service, year=YEAR, rows=[(run, values)], user=coordinator_a)
    # The offer moves to another service, which then reports the same run again.
    other = make_offer(unit_b, run_in_days=None).service
    offer.service = other
    offer.save()
    run.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.save_report(service=other, year=YEAR, rows=[(run, values)], user=coordinator_a)
    assert "er allerede rapportert av Mestringstjenesten i Tromsø" in refused.value.messages[0]
    assert "kan ikke rapporteres to ganger" in refused.value.messages[0]
    assert RunActivity.objects.count() == 1
    assert not ActivityReport.objects.filter(service=other).exists()


def test_a_run_of_another_service_is_refused(coordinator_a, offer, unit_b):
    foreign = make_offer(unit_b, run_in_days=0).runs.first()
    with pytest.raises(ValidationError, match="hører ikke til denne tjenesten"):
        services.save_report(service=offer.service, year=foreign.starts_on.year, rows=[(foreign, None)],
                             user=coordinator_a)


def test_locked_year_refuses_saving_and_shows_why(client, coordinator_a, offer):
    services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)
    client.force_login(coordinator_a)
    text = client.get(url(offer)).content.decode()
    assert "er låst" in text and "Lagre rapporten" not in text
    client.post(url(offer), row_data(offer))
    assert not RunActivity.objects.exists()
    with pytest.raises(ValidationError, match=f"Rapporteringsåret {YEAR} er låst"):
        services.save_report(service=offer.service, year=YEAR, rows=[], user=coordinator_a)


def test_national_admin_locks_and_reopens_a_year(client, admin_user):
    client.force_login(admin_user)
    status_url = reverse("activity:year_status", args=[YEAR])
    assert client.get(status_url).status_code == 405
    response = client.post(status_url, {"status": "locked"}, follow=True)
    assert f"Rapporteringsåret {YEAR} er låst." in response.content.decode()
    assert ReportingYear.objects.get(year=YEAR).is_locked
    client.post(status_url, {"status": "open"})
    assert not ReportingYear.objects.get(year=YEAR).is_locked
    assert LogEntry.objects.get_for_object(ReportingYear.objects.get(year=YEAR)).count() == 2


@pytest.mark.parametrize("who", ["coordinator_a", "outsider", "interviewer"])
def test_only_national_admin_may_lock_a_year(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("activity:year_status", args=[YEAR]), {"status": "locked"}).status_code == 403
    assert not ReportingYear.objects.exists()


def test_coordinator_lists_own_services_only(client, coordinator_a, offer, unit_b):
    make_offer(unit_b, title="Bodø-kurset")
    client.force_login(coordinator_a)
    text = client.get(reverse("activity:overview")).content.decode()
    assert "Mestringstjenesten i Tromsø" in text and "Mestringstjenesten i Bodø" not in text
    assert url(offer) in text and "Lås " not in text


@pytest.mark.parametrize("who, status", [("coordinator_b", 404), ("outsider", 403), ("interviewer", 403)])
def test_other_users_cannot_open_or_save_the_report(client, request, offer, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(offer)).status_code == status
    assert client.post(url(offer), row_data(offer)).status_code == status
    assert not RunActivity.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "interviewer"])
def test_people_without_a_coordinator_role_cannot_open_the_overview(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("activity:overview")).status_code == 403


def test_years_outside_reporting_are_not_found(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    assert client.get(url(offer, 2013)).status_code == 404
    assert client.get(url(offer, dt.date.today().year + 1)).status_code == 404


def test_pages_have_english_text(client, coordinator_a, offer):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Kursstarten %(run)s hører ikke til denne tjenesten og dette året.").startswith(
            "The course run")
        assert translation.gettext("Aktivitet") == "Activity"
        assert translation.gettext("Lagre og send inn") == "Save and submit"
        assert translation.gettext("Kolonnen «%(name)s» mangler i overskriftsraden.") % {"name": "timer"} == (
            "The column “timer” is missing from the header row.")


def test_demo_adds_last_years_runs_for_tromso_once(unit_a):
    from mestring.activity.demo import create_demo_runs

    offer = make_offer(unit_a, run_in_days=None)
    assert create_demo_runs() == 2
    assert create_demo_runs() == 0
    assert CourseRun.objects.filter(offer=offer, starts_on__year=YEAR).count() == 2
