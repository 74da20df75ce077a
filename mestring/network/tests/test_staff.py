"""Staff pages: who may open them, exports and badges (logged), check-in, editing capacity."""
import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mestring.network import services
from mestring.network.models import Event, PersonalDataAccess, Registration
from mestring.network.tests.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def tromso_event(unit_a):
    event = make_event(unit=unit_a, capacity=2)
    for n, (name, org) in enumerate([("Åse Ødegård", "=HYPERLINK(\"x\")"), ("Bjørn Berg", "Bodø kommune"),
                                      ("Cecilie Vent", "FFO")]):
        services.register(event_id=event.pk, participant=services.Participant(
            name=name, email=f"p{n}@example.no", organisation=org, dietary_needs="Vegetar" if n == 0 else ""))
    return event


def staff_urls(event):
    registration = event.registrations.confirmed().first()
    return {
        "list": ("get", reverse("network:staff_events")),
        "detail": ("get", reverse("network:staff_event", args=[event.pk])),
        "edit": ("get", reverse("network:staff_event_edit", args=[event.pk])),
        "csv": ("get", reverse("network:staff_export_csv", args=[event.pk])),
        "xlsx": ("get", reverse("network:staff_export_xlsx", args=[event.pk])),
        "badges": ("get", reverse("network:staff_badges", args=[event.pk])),
        "check_in": ("get", reverse("network:staff_check_in", args=[event.pk])),
        "toggle": ("post", reverse("network:staff_check_in_toggle", args=[event.pk, registration.pk])),
    }


OBJECT_VIEWS = ["detail", "edit", "csv", "xlsx", "badges", "check_in", "toggle"]


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("who", ["coordinator_a", "admin_user"])
def test_event_owner_and_admin_may_open_staff_views(client, tromso_event, request, who, view):
    client.force_login(request.getfixturevalue(who))
    method, url = staff_urls(tromso_event)[view]
    assert getattr(client, method)(url, {"present": "1"} if method == "post" else None).status_code in (200, 302)


@pytest.mark.parametrize("view", OBJECT_VIEWS)
@pytest.mark.parametrize("who", ["coordinator_b", "interviewer", "outsider"])
def test_other_staff_get_403_on_someone_elses_event(client, tromso_event, request, who, view):
    client.force_login(request.getfixturevalue(who))
    method, url = staff_urls(tromso_event)[view]
    assert getattr(client, method)(url).status_code == 403
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("view", OBJECT_VIEWS + ["list"])
def test_anonymous_is_sent_to_log_in(client, tromso_event, view):
    method, url = staff_urls(tromso_event)[view]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_missing_event_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("network:staff_event", args=[9999])).status_code == 404


def test_coordinator_list_shows_only_their_units_events(client, tromso_event, coordinator_b, unit_b):
    make_event(title="Bodø-møtet", slug="bodo", unit=unit_b)
    client.force_login(coordinator_b)
    page = client.get(reverse("network:staff_events")).content.decode()
    assert "Bodø-møtet" in page and tromso_event.title not in page


def test_participant_list_shows_seats_then_queue_and_logs_the_view(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("network:staff_event", args=[tromso_event.pk])).content.decode()
    assert page.index("Åse Ødegård") < page.index("Bjørn Berg") < page.index("Cecilie Vent")
    assert "2 / 2" in page
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.action) == (coordinator_a, "list")


def test_csv_export_has_everyone_defuses_formulas_and_is_logged(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("network:staff_export_csv", args=[tromso_event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Navn", "E-post", "Organisasjon/enhet"]
    assert [r[0] for r in rows[1:]] == ["Åse Ødegård", "Bjørn Berg", "Cecilie Vent"]
    assert rows[1][2] == "'=HYPERLINK(\"x\")" and rows[3][6] == "På venteliste"
    assert PersonalDataAccess.objects.get().action == "csv"


def test_xlsx_export_opens_in_a_spreadsheet_and_is_logged(client, tromso_event, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("network:staff_export_xlsx", args=[tromso_event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] == ["Åse Ødegård", "p0@example.no"]
    assert sheet.max_row == 4
    assert PersonalDataAccess.objects.get().action == "xlsx"


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", content))


def test_badges_pdf_is_a_pdf_download_and_is_logged(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("network:staff_badges", args=[tromso_event.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert pdf_pages(response.content) == 1
    assert PersonalDataAccess.objects.get().action == "badges"


def test_badges_carry_the_names_of_those_with_a_seat(tromso_event):
    from mestring.network.exports import badges_pdf
    from mestring.network.selectors import confirmed_participants

    content = badges_pdf(confirmed_participants(tromso_event), title="Konferansen", compress=False)
    assert b"(Bj\\370rn Berg)" in content and b"Vent" not in content


def test_badges_for_many_participants_run_over_several_pages(tromso_event):
    from mestring.network.exports import badges_pdf

    people = [Registration(name=f"Person {n}", organisation="Org") for n in range(21)]
    assert pdf_pages(badges_pdf(people, title="T")) == 3


def test_check_in_marks_a_participant_present_and_can_be_undone(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    registration = tromso_event.registrations.get(email="p1@example.no")
    url = reverse("network:staff_check_in_toggle", args=[tromso_event.pk, registration.pk])
    client.post(url, {"present": "1"})
    page = client.get(reverse("network:staff_check_in", args=[tromso_event.pk])).content.decode()
    assert "Angre oppmøte for Bjørn Berg" in page
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    client.post(url, {"present": "0"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_with_htmx_returns_just_the_row(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    registration = tromso_event.registrations.get(email="p1@example.no")
    url = reverse("network:staff_check_in_toggle", args=[tromso_event.pk, registration.pk])
    response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith("<li") and "Møtt" in body and "<html" not in body


def test_waitlisted_person_cannot_be_checked_in(client, tromso_event, coordinator_a):
    client.force_login(coordinator_a)
    waiting = tromso_event.registrations.get(email="p2@example.no")
    url = reverse("network:staff_check_in_toggle", args=[tromso_event.pk, waiting.pk])
    assert client.post(url, {"present": "1"}).status_code == 404


def event_form(**overrides):
    start = timezone.localtime() + dt.timedelta(days=20)
    data = {"title": "Nettverksmøte Troms", "slug": "nettverksmote-troms", "kind": "meeting",
            "summary": "Møte.", "programme": "", "place": "Tromsø", "address": "",
            "starts_at": start.strftime("%Y-%m-%dT10:00"), "ends_at": start.strftime("%Y-%m-%dT14:00"),
            "capacity": "25", "registration_closes_at": "", "is_published": "on",
            "purpose": "Deltakerliste.", "delete_personal_data_on": (start + dt.timedelta(days=30)).strftime("%Y-%m-%d")}
    data.update(overrides)
    return data


def test_coordinator_creates_an_event_for_their_own_unit(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:staff_event_new"), event_form(unit=unit_a.pk), follow=True)
    assert "Arrangementet er lagret" in response.content.decode()
    assert Event.objects.get().unit == unit_a


def test_coordinator_cannot_create_an_event_for_another_unit(client, coordinator_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:staff_event_new"), event_form(unit=unit_b.pk))
    assert response.status_code == 400 and not Event.objects.exists()


def test_interviewer_may_not_create_events(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("network:staff_event_new")).status_code == 403


@pytest.mark.parametrize(("overrides", "message"), [
    ({"capacity": "0"}, "større enn eller lik 1"),
    ({"ends_at": "2020-01-01T10:00"}, "Arrangementet kan ikke slutte før det starter"),
    ({"delete_personal_data_on": "2020-01-01"}, "Slettedatoen kan ikke være før arrangementet er over"),
    ({"starts_at": "i morgen"}, "Oppgi gyldig dato og tidspunkt"),
])
def test_bad_event_input_gives_a_norwegian_message_and_saves_nothing(client, admin_user, overrides, message):
    client.force_login(admin_user)
    response = client.post(reverse("network:staff_event_new"), event_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_raising_capacity_moves_the_waitlist_up(client, tromso_event, coordinator_a, unit_a,
                                                 django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(coordinator_a)
    data = event_form(title=tromso_event.title, slug=tromso_event.slug, capacity="3", unit=unit_a.pk,
                      starts_at=timezone.localtime(tromso_event.starts_at).strftime("%Y-%m-%dT%H:%M"),
                      ends_at=timezone.localtime(tromso_event.ends_at).strftime("%Y-%m-%dT%H:%M"),
                      delete_personal_data_on=tromso_event.delete_personal_data_on.isoformat())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:staff_event_edit", args=[tromso_event.pk]), data, follow=True)
    assert "1 fikk plass fra ventelisten" in response.content.decode()
    assert tromso_event.registrations.get(email="p2@example.no").status == "confirmed"
    assert [m.to for m in mail.outbox] == [["p2@example.no"]]
