"""Participants' personal data disappears on the event's deletion date; counts and attendance stay."""
import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse

from mestring.network import links, services
from mestring.network.models import Registration
from mestring.network.tests.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(db):
    event = make_event()
    for n in range(3):
        registration = services.register(event_id=event.pk, participant=services.Participant(
            name=f"Navn Navnesen {n}", email=f"p{n}@example.no", organisation="Tromsø kommune",
            dietary_needs="Nøtteallergi", accessibility_needs="Tolk"))
    services.set_checked_in(registration=registration, present=True)
    return event


def test_command_anonymises_on_the_deletion_date_and_keeps_counts(past_event, capsys):
    day_before = past_event.delete_personal_data_on - dt.timedelta(days=1)
    call_command("network_anonymise", date=day_before.isoformat())
    assert Registration.objects.filter(email="p0@example.no").exists()
    call_command("network_anonymise", date=past_event.delete_personal_data_on.isoformat())
    assert "3 participants anonymised" in capsys.readouterr().out
    rows = list(Registration.objects.values("name", "email", "organisation", "dietary_needs",
                                            "accessibility_needs", "status"))
    assert rows == [{"name": "Anonymisert", "email": "", "organisation": "", "dietary_needs": "",
                     "accessibility_needs": "", "status": "confirmed"}] * 3
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    past_event.refresh_from_db()
    assert past_event.personal_data_deleted_at is not None


def test_audit_log_keeps_no_names_or_addresses(past_event):
    services.anonymise_event(event_id=past_event.pk)
    logged = " ".join(str(e.changes) + e.object_repr for e in LogEntry.objects.all())
    assert "Navnesen" not in logged and "example.no" not in logged and "Nøtteallergi" not in logged


def test_anonymising_twice_changes_nothing_more(past_event):
    assert services.anonymise_event(event_id=past_event.pk) == 3
    assert services.anonymise_event(event_id=past_event.pk) == 0


def test_old_links_stop_working_after_anonymisation(client, past_event):
    registration = Registration.objects.first()
    token = links.token_for(registration)
    services.anonymise_event(event_id=past_event.pk)
    assert client.get(reverse("network:registration", args=[token])).status_code == 404


def test_anonymised_event_takes_no_new_sign_ups(past_event):
    services.anonymise_event(event_id=past_event.pk)
    with pytest.raises(services.RegistrationRefused):
        services.register(event_id=past_event.pk, participant=services.Participant(
            name="Ny", email="ny@example.no", organisation="X"))


def test_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="is not a date"):
        call_command("network_anonymise", date="31.12.2026")
