"""Coordinators keep their own courses: edit, confirm, reminders; others get 404/403."""
import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from mestring.registry.models import CourseOffer
from mestring.registry.tasks import queue_reminders, send_confirmation_reminder
from mestring.registry.tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(unit_a):
    return make_offer(unit_a, title="Leve med KOLS", last_confirmed=dt.date(2024, 1, 1))


def form_data(offer, **changes):
    data = {"title": offer.title, "description": offer.description, "languages": "nb", "format": "group",
            "method": "standard_metode", "cost_nok": "0", "sign_up": offer.sign_up, "status": "active",
            "diagnosis_groups": [t.pk for t in offer.diagnosis_groups.all()],
            "target_groups": [t.pk for t in offer.target_groups.all()], "user_participation": "on",
            "locations": [loc.pk for loc in offer.locations.all()]}
    data.update(changes)
    return data


def test_coordinator_sees_own_courses_only(client, coordinator_a, offer, unit_b):
    make_offer(unit_b, title="Bodø-kurset")
    client.force_login(coordinator_a)
    text = client.get(reverse("registry:overview")).content.decode()
    assert "Leve med KOLS" in text and "Bodø-kurset" not in text


@pytest.mark.parametrize("who, status", [("coordinator_b", 404), ("outsider", 403), ("interviewer", 403)])
def test_other_users_cannot_open_or_confirm_the_course(client, request, offer, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("registry:edit_offer", args=[offer.pk])).status_code == status
    assert client.post(reverse("registry:confirm_offer", args=[offer.pk])).status_code == status
    offer.refresh_from_db()
    assert offer.last_confirmed == dt.date(2024, 1, 1)


def test_anonymous_is_sent_to_log_in(client, offer):
    assert client.get(reverse("registry:overview")).status_code == 302


def test_coordinator_edits_and_the_change_is_audited(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:edit_offer", args=[offer.pk]), form_data(offer, cost_nok="300"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.cost_nok == 300 and offer.last_confirmed == dt.date.today()
    entry = LogEntry.objects.get_for_object(offer).filter(actor=coordinator_a).first()
    assert entry is not None and "cost_nok" in entry.changes_dict
    assert "koord.a@test.example" in client.get(reverse("registry:edit_offer", args=[offer.pk])).content.decode()


def test_bad_input_shows_a_message_and_writes_nothing(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    response = client.post(reverse("registry:edit_offer", args=[offer.pk]),
                           form_data(offer, languages="norsk!", title=""))
    assert response.status_code == 200 and "Skriv språkkoder" in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Leve med KOLS"


def test_confirm_is_post_only_and_sets_today(client, coordinator_a, offer):
    client.force_login(coordinator_a)
    assert client.get(reverse("registry:confirm_offer", args=[offer.pk])).status_code == 405
    client.post(reverse("registry:confirm_offer", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.last_confirmed == dt.date.today()


def test_reminder_goes_to_the_coordinator_of_stale_courses_only(coordinator_a, coordinator_b, offer,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert queue_reminders(older_than_days=180) == 1
    assert len(callbacks) == 1
    assert send_confirmation_reminder.call(coordinator_a.pk, 180) == 1
    assert mail.outbox[-1].to == ["koord.a@test.example"] and "Leve med KOLS" in mail.outbox[-1].body
    assert send_confirmation_reminder.call(coordinator_b.pk, 180) == 0


def test_recently_confirmed_courses_are_not_stale(unit_a):
    make_offer(unit_a)
    assert not CourseOffer.objects.needing_confirmation(older_than_days=180).exists()
