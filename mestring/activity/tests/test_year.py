"""The national adviser's year: status per service, CSV/XLSX export, reminders only to those who have not submitted."""
import csv
import io
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from mestring.accounts.models import Role, RoleAssignment
from mestring.activity import services
from mestring.activity.models import ActivityReport, Reminder, ReportingYear
from mestring.activity.tasks import send_reminder_task
from mestring.activity.tests.conftest import YEAR, last_years_runs
from mestring.conftest import make_user
from mestring.core.testing.smtp import smtp  # noqa: F401  (fixture)
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db
VALUES = {"participants_patients": 5, "participants_relatives": 1, "sessions": 4, "hours": 12,
          "experienced_users_taught": True, "language": "nb", "is_digital": False}


@pytest.fixture
def three_services(offer, unit_b, coordinator_a, coordinator_b):
    """Tromsø submitted, Bodø a draft, Gamle Oslo (a bydel, reached through Oslo's coordinator) not started."""
    services.save_report(service=offer.service, year=YEAR, user=coordinator_a, submit=True,
                         rows=[(run, VALUES) for run in last_years_runs(offer)])
    bodo = make_offer(unit_b, run_in_days=None).service
    services.save_report(service=bodo, year=YEAR, rows=[], user=coordinator_b)
    from mestring.structure.models import Unit

    oslo = Unit.objects.current().get(kind="kommune", code="0301")
    gamle_oslo = Unit.objects.current().get(kind="bydel", code="030101")
    make_user("koord.oslo@test.example", Role.COORDINATOR, oslo)
    make_user("uten.rolle@test.example")
    return offer.service, bodo, make_offer(gamle_oslo, run_in_days=None).service


def test_status_per_service_is_shown_to_the_adviser(client, admin_user, three_services):
    tromso, bodo, gamle_oslo = three_services
    client.force_login(admin_user)
    text = client.get(reverse("activity:year", args=[YEAR])).content.decode()
    for service, label in ((tromso, "Sendt inn"), (bodo, "Utkast"), (gamle_oslo, "Ikke påbegynt")):
        row = text[text.index(service.name):]
        assert row[:row.index("</tr>")].count(f"<td>{label}</td>") == 1, service.name


def test_status_exports_as_csv_and_xlsx_with_formula_safe_cells(client, admin_user, three_services):
    tromso, bodo, _ = three_services
    bodo.name = "=HYPERLINK(\"http://x\")"
    bodo.save()
    client.force_login(admin_user)
    csv_text = client.get(reverse("activity:year_csv", args=[YEAR])).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("Tjeneste;Vertsenhet;Enhetskode;Status")
    assert any(line.startswith(f"{tromso.name};Tromsø;5501;Sendt inn;2;") for line in lines)
    assert "'=HYPERLINK(\"http://x\")" in [row[0] for row in csv.reader(lines, delimiter=";")]
    response = client.get(reverse("activity:year_xlsx", args=[YEAR]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[tromso.name][3] == "Sendt inn" and rows[tromso.name][4] == 2
    assert "'=HYPERLINK(\"http://x\")" in rows


@pytest.mark.parametrize("who", ["coordinator_a", "coordinator_b", "outsider", "interviewer"])
def test_only_national_admins_see_the_year_export_it_and_send_reminders(client, request, who, offer):
    client.force_login(request.getfixturevalue(who))
    for name in ("activity:year", "activity:year_csv", "activity:year_xlsx"):
        assert client.get(reverse(name, args=[YEAR])).status_code == 403, name
    assert client.post(reverse("activity:reminders", args=[YEAR])).status_code == 403
    assert not Reminder.objects.exists()


def test_reminders_go_only_to_coordinators_of_services_that_have_not_submitted(
        admin_user, three_services, smtp, django_capture_on_commit_callbacks):
    services.set_year_status(year=YEAR, status=ReportingYear.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        queued, already = services.queue_reminders(year=YEAR, created_by=admin_user)
    assert (queued, already) == (2, 0)
    assert set(Reminder.objects.values_list("to", flat=True)) == {"koord.b@test.example", "koord.oslo@test.example"}
    assert DBTaskResult.objects.count() == 2  # one worker task per recipient
    for pk in Reminder.objects.values_list("pk", flat=True):
        send_reminder_task.func(pk)  # what the worker runs
    delivered = {to[0]: body for to, body in smtp.received}
    assert set(delivered) == {"koord.b@test.example", "koord.oslo@test.example"}
    assert "Mestringstjenesten i Bodø" in delivered["koord.b@test.example"]
    assert f"/arbeid/aktivitet/{three_services[1].pk}/{YEAR}/" in delivered["koord.b@test.example"]
    assert "Mestringstjenesten i Gamle Oslo" in delivered["koord.oslo@test.example"]
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_reminders_are_idempotent(admin_user, three_services, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_reminders(year=YEAR, created_by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(year=YEAR, created_by=admin_user) == (0, 2)  # pressed twice the same day
    pk = Reminder.objects.get(to="koord.b@test.example").pk
    assert send_reminder_task.func(pk) == "sent"
    assert send_reminder_task.func(pk) == "sent"  # the worker retries: nothing sent again
    assert [to for to, _ in smtp.received] == [["koord.b@test.example"]]


def test_a_reminder_is_not_sent_when_the_report_came_in_meanwhile(admin_user, three_services, smtp, coordinator_b):
    services.queue_reminders(year=YEAR, created_by=admin_user)
    services.save_report(service=three_services[1], year=YEAR, rows=[], user=coordinator_b, submit=True)
    reminder = Reminder.objects.get(to="koord.b@test.example")
    assert send_reminder_task.func(reminder.pk) == "skipped"
    assert smtp.received == []


def test_the_adviser_sends_reminders_from_the_page(client, admin_user, three_services,
                                                  django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    client.post(reverse("activity:year_status", args=[YEAR]), {"status": "open", "back": "year"})
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("activity:reminders", args=[YEAR]), follow=True)
    text = response.content.decode()
    assert "2 påminnelser er lagt i kø for sending. 0 koordinatorer har allerede fått påminnelse i dag." in text
    assert "koord.oslo@test.example" in text
    assert client.get(reverse("activity:reminders", args=[YEAR])).status_code == 405


def test_no_reminders_for_a_locked_year(client, admin_user, three_services):
    services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)
    client.force_login(admin_user)
    response = client.post(reverse("activity:reminders", args=[YEAR]), follow=True)
    assert "er låst; det sendes ikke påminnelser" in response.content.decode()
    assert not Reminder.objects.exists()


def test_the_adviser_opens_a_year_from_its_page(client, admin_user):
    client.force_login(admin_user)
    url = reverse("activity:year", args=[YEAR])
    assert f"Åpne {YEAR} for rapportering" in client.get(url).content.decode()
    response = client.post(reverse("activity:year_status", args=[YEAR]), {"status": "open", "back": "year"},
                           follow=True)
    assert response.redirect_chain[-1][0] == url
    assert f"{YEAR} er åpent for rapportering." in response.content.decode()
    assert ReportingYear.objects.get(year=YEAR).status == "open"


def test_coordinator_submits_and_cannot_edit_once_locked(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    url = reverse("activity:report", args=[offer.service.pk, YEAR])
    data = {"action": "submit"}
    for run in last_years_runs(offer):
        prefix = f"run-{run.pk}-"
        data.update({prefix + "held": "on", prefix + "participants_patients": "6",
                     prefix + "participants_relatives": "1",
                     prefix + "sessions": "4", prefix + "hours": "12", prefix + "language": "nb"})
    response = client.post(url, data, follow=True)
    assert "Aktivitetsrapporten er sendt inn." in response.content.decode()
    report = ActivityReport.objects.get()
    assert report.is_submitted and report.submitted_at is not None
    services.set_year_status(year=YEAR, status=ReportingYear.Status.LOCKED)
    text = client.get(url).content.decode()
    assert "Lagre og send inn" not in text and "er låst" in text
    data[next(k for k in data if k.endswith("participants_patients"))] = "60"
    client.post(url, data)
    assert sorted(report.runs.values_list("participants_patients", flat=True)) == [6, 6]


def test_a_service_without_runs_can_submit_an_empty_report(client, coordinator_b, unit_b):
    service = make_offer(unit_b, run_in_days=None).service
    client.force_login(coordinator_b)
    url = reverse("activity:report", args=[service.pk, YEAR])
    assert "Registeret har ingen kursstarter" in client.get(url).content.decode()
    client.post(url, {"action": "submit"})
    assert ActivityReport.objects.get(service=service).is_submitted


def test_coordinators_of_a_bydel_host_are_found_through_the_kommune(three_services):
    from mestring.activity.selectors import coordinators_of

    assert [u.email for u in coordinators_of(three_services[2])] == ["koord.oslo@test.example"]
    RoleAssignment.objects.filter(user__email="koord.oslo@test.example").delete()
    assert coordinators_of(three_services[2]) == []


def test_the_year_page_reads_a_fixed_number_of_queries_however_many_services(client, admin_user, three_services,
                                                                            unit_b, django_assert_max_num_queries):
    services.queue_reminders(year=YEAR, created_by=admin_user)
    client.force_login(admin_user)
    url = reverse("activity:year", args=[YEAR])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        make_offer(unit_b, run_in_days=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_failed_send_is_recorded_and_shown_to_the_adviser(client, admin_user, three_services, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    services.queue_reminders(year=YEAR, created_by=admin_user)
    reminder = Reminder.objects.get(to="koord.b@test.example")
    assert send_reminder_task.func(reminder.pk) == "failed"
    reminder.refresh_from_db()
    assert reminder.detail and reminder.sent_at is None
    client.force_login(admin_user)
    assert "Feilet" in client.get(reverse("activity:year", args=[YEAR])).content.decode()
