"""Brukerrepresentanter: register scoped to units, assignments on the rate table, approval, payment export,
and the representative's own page."""
import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mestring.conftest import make_user
from mestring.network.models import Assignment, PersonalDataAccess, Rate, Representative

pytestmark = pytest.mark.django_db


def make_person(unit, email="per@example.no", name="Per Bruker", user=None):
    person = Representative.objects.create(
        name=name, email=email, appointed_by="Mental Helse", experience="Psykisk helse, pårørende",
        consent_at=timezone.now(), keep_until=timezone.localdate() + dt.timedelta(days=365), user=user)
    person.units.add(unit)
    return person


@pytest.fixture
def rate(db):
    return Rate.objects.create(name="Standard", hourly_amount=Decimal("450.00"), travel_per_km=Decimal("4.50"))


@pytest.fixture
def person_a(unit_a):
    return make_person(unit_a)


@pytest.fixture
def assignment(person_a, unit_a, rate):
    return Assignment.objects.create(representative=person_a, unit=unit_a, title="KiD-kurs vår", rate=rate,
                                     starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 22), hours=Decimal("12"),
                                     travel_km=100, other_costs=Decimal("80"))


def test_amounts_follow_the_rate_table(assignment):
    assert assignment.honorarium == Decimal("5400.00")
    assert assignment.travel_costs == Decimal("530.00")
    assert assignment.total == Decimal("5930.00")


STAFF_VIEWS = [("get", "network:representative"), ("get", "network:representative_edit"),
               ("post", "network:assignment_add"), ("post", "network:training_add"),
               ("post", "network:representative_invite")]


@pytest.mark.parametrize(("method", "name"), STAFF_VIEWS)
def test_coordinator_b_cannot_reach_a_representative_of_unit_a(client, person_a, coordinator_b, method, name):
    client.force_login(coordinator_b)
    assert getattr(client, method)(reverse(name, args=[person_a.pk])).status_code == 403


@pytest.mark.parametrize(("method", "name"), [("get", "network:representative"), ("get", "network:representative_edit")])
@pytest.mark.parametrize("who", ["coordinator_a", "admin_user"])
def test_coordinator_of_the_unit_and_admin_can(client, person_a, request, who, method, name):
    client.force_login(request.getfixturevalue(who))
    assert getattr(client, method)(reverse(name, args=[person_a.pk])).status_code == 200


@pytest.mark.parametrize("who", ["interviewer", "outsider"])
@pytest.mark.parametrize("name", ["network:representatives", "network:representative_new", "network:payments"])
def test_non_coordinators_get_403(client, request, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


def test_list_shows_only_representatives_of_the_coordinators_units(client, person_a, unit_b, coordinator_b):
    make_person(unit_b, email="bodil@example.no", name="Bodil Bodø")
    client.force_login(coordinator_b)
    page = client.get(reverse("network:representatives")).content.decode()
    assert "Bodil Bodø" in page and "Per Bruker" not in page
    logged = PersonalDataAccess.objects.get()
    assert (logged.user, logged.action) == (coordinator_b, PersonalDataAccess.Action.REPRESENTATIVE_LIST)


def test_detail_shows_purpose_and_deletion_date_and_logs_the_view(client, person_a, coordinator_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("network:representative", args=[person_a.pk])).content.decode()
    assert "Hvorfor vi har opplysningene" in page and "Slettes senest" in page and "Mental Helse" in page
    assert PersonalDataAccess.objects.get().representative == person_a


def representative_form(unit, **overrides):
    data = {"name": "Ragnhild Rep", "email": "Ragnhild@Example.no", "phone": "", "appointed_by": "FFO",
            "experience": "Diabetes", "competence": "Kursleder", "units": [unit.pk], "consent": "on",
            "purpose": "Oppdrag og honorar.", "keep_until": (timezone.localdate() + dt.timedelta(days=700)).isoformat()}
    data.update(overrides)
    return data


def test_coordinator_registers_a_representative_for_their_unit(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:representative_new"), representative_form(unit_a), follow=True)
    assert "Brukerrepresentanten er lagret" in response.content.decode()
    person = Representative.objects.get()
    assert person.email == "ragnhild@example.no" and list(person.units.all()) == [unit_a]
    assert person.consent_at is not None


@pytest.mark.parametrize(("overrides", "message"), [
    ({"consent": ""}, "Registrering krever samtykke fra personen"),
    ({"keep_until": "2020-01-01"}, "Slettedatoen må være fram i tid"),
    ({"units": []}, "Feltet er påkrevet"),
])
def test_bad_representative_input_saves_nothing(client, coordinator_a, unit_a, overrides, message):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:representative_new"), representative_form(unit_a, **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Representative.objects.exists()


def test_coordinator_cannot_link_a_representative_to_another_unit(client, coordinator_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:representative_new"), representative_form(unit_b))
    assert response.status_code == 400 and not Representative.objects.exists()


def test_training_and_assignment_are_added(client, person_a, coordinator_a, unit_a, rate):
    client.force_login(coordinator_a)
    client.post(reverse("network:training_add", args=[person_a.pk]),
                {"title": "Brukermedvirkning i praksis", "completed_on": "2026-05-02"})
    client.post(reverse("network:assignment_add", args=[person_a.pk]), {
        "title": "Lyst på livet, høst", "unit": unit_a.pk, "starts_on": "2027-09-01", "ends_on": "2027-10-01",
        "hours": "8", "rate": rate.pk, "travel_km": "0", "other_costs": "0"})
    page = client.get(reverse("network:representative", args=[person_a.pk])).content.decode()
    assert "Brukermedvirkning i praksis" in page and "Lyst på livet, høst" in page and "3600" in page


def test_assignment_that_ends_before_it_starts_is_refused(client, person_a, coordinator_a, unit_a, rate):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:assignment_add", args=[person_a.pk]), {
        "title": "X", "unit": unit_a.pk, "starts_on": "2027-09-01", "ends_on": "2027-08-01",
        "hours": "8", "rate": rate.pk, "travel_km": "0", "other_costs": "0"})
    assert response.status_code == 400 and "Oppdraget kan ikke slutte før det starter" in response.content.decode()
    assert not Assignment.objects.exists()


def test_coordinator_approves_and_exports_for_payment_once(client, assignment, coordinator_a):
    client.force_login(coordinator_a)
    client.post(reverse("network:assignment_approve", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == "approved" and assignment.approved_by == coordinator_a
    response = client.post(reverse("network:payments"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:4] == ["Per Bruker", "per@example.no", "Mental Helse", "KiD-kurs vår"]
    assert rows[1][12] == "5930.0"
    assert Assignment.objects.get().status == "exported"
    again = client.post(reverse("network:payments"), {"format": "csv"}, follow=True)
    assert "Ingen godkjente oppdrag venter på utbetaling" in again.content.decode()


def test_payment_export_as_xlsx(client, assignment, admin_user):
    client.force_login(admin_user)
    client.post(reverse("network:assignment_approve", args=[assignment.pk]))
    response = client.post(reverse("network:payments"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Per Bruker" and sheet["M2"].value == 5930.0


def test_coordinator_b_neither_approves_nor_exports_unit_a_assignments(client, assignment, coordinator_b):
    client.force_login(coordinator_b)
    assert client.post(reverse("network:assignment_approve", args=[assignment.pk])).status_code == 403
    Assignment.objects.update(status="approved")
    response = client.post(reverse("network:payments"), {"format": "csv"}, follow=True)
    assert "Ingen godkjente oppdrag" in response.content.decode()
    assert Assignment.objects.get().status == "approved"


def test_approving_twice_is_refused_with_a_message(client, assignment, coordinator_a):
    client.force_login(coordinator_a)
    client.post(reverse("network:assignment_approve", args=[assignment.pk]))
    response = client.post(reverse("network:assignment_approve", args=[assignment.pk]), follow=True)
    assert "Oppdraget er allerede godkjent" in response.content.decode()


def test_invitation_links_a_login_and_the_person_sees_and_confirms_own_assignments(
        client, assignment, person_a, coordinator_a, django_capture_on_commit_callbacks):
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:representative_invite", args=[person_a.pk]))
    person_a.refresh_from_db()
    assert person_a.user.email == "per@example.no" and not person_a.user.role_assignments.exists()
    [message] = mail.outbox
    assert "/konto/nytt-passord/" in message.body and "/nettverk/mine-oppdrag/" in message.body
    client.force_login(person_a.user)
    page = client.get(reverse("network:my_assignments")).content.decode()
    assert "KiD-kurs vår" in page and "5400" in page and "Bekreft KiD-kurs vår" in page
    client.post(reverse("network:my_assignment_confirm", args=[assignment.pk]))
    assert Assignment.objects.get().confirmed_at is not None
    data = json.loads(client.get(reverse("network:my_data")).content)
    assert data["appointed_by"] == "Mental Helse" and data["assignments"][0]["title"] == "KiD-kurs vår"


def test_a_representative_cannot_confirm_someone_elses_assignment(client, assignment, unit_a):
    other_user = make_user("annen@example.no")
    make_person(unit_a, email="annen@example.no", name="Annen", user=other_user)
    client.force_login(other_user)
    assert client.post(reverse("network:my_assignment_confirm", args=[assignment.pk])).status_code == 404
    assert "KiD-kurs vår" not in client.get(reverse("network:my_assignments")).content.decode()


@pytest.mark.parametrize("name", ["network:my_assignments", "network:my_data"])
def test_people_without_a_representative_record_get_404(client, coordinator_a, name):
    client.force_login(coordinator_a)
    assert client.get(reverse(name)).status_code == 404


def test_anonymous_is_sent_to_log_in_for_own_page(client):
    response = client.get(reverse("network:my_assignments"))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]
