"""Public sign-up: seats, waitlist, duplicates, spam guards, e-mails with calendar files, self-service links."""
import datetime as dt
import json
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mestring.network import links, services
from mestring.network.forms import started_token
from mestring.network.models import Registration
from mestring.network.tests.conftest import form_data, make_event

pytestmark = pytest.mark.django_db


def sign_up(client, event, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("network:event", args=[event.slug]), form_data(**overrides), follow=True)


def participant(n: int) -> services.Participant:
    return services.Participant(name=f"Person {n}", email=f"p{n}@example.no", organisation="Bodø kommune")


def test_public_event_page_shows_programme_seats_and_purpose(client, event):
    page = client.get(reverse("network:event", args=[event.slug])).content.decode()
    assert "Dialogkafé" in page
    assert "200 ledige av 200" in page
    assert "Hvorfor vi ber om opplysningene" in page and "navneskilt" in page


def test_unpublished_event_is_not_found(client, db):
    event = make_event(is_published=False)
    assert client.get(reverse("network:event", args=[event.slug])).status_code == 404


def test_sign_up_gives_a_seat_and_a_confirmation_with_calendar_file(client, event, django_capture_on_commit_callbacks):
    response = sign_up(client, event, django_capture_on_commit_callbacks)
    assert "Du har plass" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED and registration.email == "kari@example.no"
    [message] = mail.outbox
    assert message.subject == "Du er påmeldt: Nettverkskonferansen 2027"
    assert links.token_for(registration) in message.body
    [(filename, ics, mimetype)] = message.attachments
    assert filename == "nettverkskonferansen-2027.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Nettverkskonferansen 2027" in ics
    assert event.starts_at.astimezone(dt.timezone.utc).strftime("DTSTART:%Y%m%dT%H%M%SZ") in ics


def test_full_event_puts_the_person_on_the_waitlist_with_its_place(client, db, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    services.register(event_id=event.pk, participant=participant(1))
    response = sign_up(client, event, django_capture_on_commit_callbacks)
    assert "Du står på venteliste som nummer 1" in response.content.decode()
    assert mail.outbox[-1].subject == "Venteliste: Nettverkskonferansen 2027"
    assert mail.outbox[-1].attachments == []


def test_same_email_twice_is_refused_with_a_clear_message(client, event, django_capture_on_commit_callbacks):
    sign_up(client, event, django_capture_on_commit_callbacks)
    response = sign_up(client, event, django_capture_on_commit_callbacks, email="KARI@example.no ", name="Kari N")
    assert response.status_code == 400
    assert "Denne e-postadressen er allerede påmeldt" in response.content.decode()
    assert Registration.objects.count() == 1


def test_after_cancelling_the_same_email_may_sign_up_again(event):
    first = services.register(event_id=event.pk, participant=participant(1))
    services.cancel(registration_id=first.pk)
    again = services.register(event_id=event.pk, participant=participant(1))
    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(("overrides", "message"), [
    ({"website": "http://spam.example"}, "Skjemaet kunne ikke sendes"),
    ({"started": lambda: started_token(time.time())}, "Skjemaet ble sendt for raskt"),
    ({"started": lambda: started_token(time.time() - 5 * 3600)}, "Skjemaet har vært åpent for lenge"),
    ({"started": "forfalsket"}, "Skjemaet er ugyldig"),
    ({"consent": ""}, "Du må samtykke for å kunne melde deg på"),
    ({"email": "ikke-en-adresse"}, "Oppgi en gyldig e-postadresse"),
    ({"name": ""}, "Feltet er påkrevet"),
])
def test_bad_or_robotic_input_is_refused_and_writes_nothing(client, event, overrides, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = client.post(reverse("network:event", args=[event.slug]), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists() and mail.outbox == []


def test_sign_ups_from_one_address_are_rate_limited(client, event):
    url = reverse("network:event", args=[event.slug])
    codes = [client.post(url, form_data(email=f"p{n}@example.no")).status_code for n in range(11)]
    assert codes[:10] == [302] * 10
    assert codes[10] == 429
    last = client.post(url, form_data(email="p99@example.no"))
    assert "For mange påmeldinger" in last.content.decode()
    assert Registration.objects.count() == 10


def test_closed_registration_is_refused(client, db):
    event = make_event(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(reverse("network:event", args=[event.slug])).content.decode()
    assert "Påmeldingen er stengt" in page
    response = client.post(reverse("network:event", args=[event.slug]), form_data())
    assert response.status_code == 400 and "Påmeldingen er stengt" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_moves_the_first_on_the_waitlist_up_and_tells_them(client, db, django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        seated = [services.register(event_id=event.pk, participant=participant(n)) for n in (1, 2)]
        waiting = [services.register(event_id=event.pk, participant=participant(n)) for n in (3, 4)]
    mail.outbox.clear()
    url = reverse("network:registration_cancel", args=[links.token_for(seated[0])])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Du er meldt av" in response.content.decode()
    statuses = {r.email: r.status for r in Registration.objects.all()}
    assert statuses == {"p1@example.no": "cancelled", "p2@example.no": "confirmed",
                        "p3@example.no": "confirmed", "p4@example.no": "waitlisted"}
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"p1@example.no": "Avmeldt: Nettverkskonferansen 2027",
                        "p3@example.no": "Du er påmeldt: Nettverkskonferansen 2027"}
    assert "Det har blitt ledig plass" in mail.outbox[-1].body
    assert waiting[1].waitlist_position() == 1


def test_status_email_is_sent_once_even_if_the_task_runs_twice(event):
    from mestring.network.tasks import send_status_email

    registration = services.register(event_id=event.pk, participant=participant(1))
    assert send_status_email.call(registration_id=registration.pk) is True
    assert send_status_email.call(registration_id=registration.pk) is False
    assert len(mail.outbox) == 1


def test_cancel_needs_post(client, event):
    registration = services.register(event_id=event.pk, participant=participant(1))
    response = client.get(reverse("network:registration_cancel", args=[links.token_for(registration)]))
    assert response.status_code == 405
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-1] + ("a" if token[-1] != "a" else "b"),
    lambda token: "9999." + token.split(".")[1],
    lambda token: token.split(".")[1],
])
def test_wrong_links_are_not_found(client, event, mangle):
    registration = services.register(event_id=event.pk, participant=participant(1))
    response = client.get(reverse("network:registration", args=[mangle(links.token_for(registration))]))
    assert response.status_code == 404


def test_link_expires_on_the_deletion_date(client, event, monkeypatch):
    registration = services.register(event_id=event.pk, participant=participant(1))
    url = reverse("network:registration", args=[links.token_for(registration)])
    assert client.get(url).status_code == 200
    monkeypatch.setattr(timezone, "localdate", lambda *a: event.delete_personal_data_on)
    assert client.get(url).status_code == 404


def test_cannot_cancel_once_the_event_has_started(client, db):
    event = make_event(starts_at=timezone.now() - dt.timedelta(hours=1), registration_closes_at=None)
    registration = Registration.objects.create(event=event, name="A", email="a@example.no", organisation="X",
                                               consent_at=timezone.now(), status="confirmed")
    token = links.token_for(registration)
    assert "Meld meg av" not in client.get(reverse("network:registration", args=[token])).content.decode()
    assert client.post(reverse("network:registration_cancel", args=[token])).status_code == 403


def test_person_can_download_everything_kept_about_them(client, event):
    registration = services.register(event_id=event.pk, participant=services.Participant(
        name="Ola", email="ola@example.no", organisation="Mental Helse", dietary_needs="Laktosefri"))
    response = client.get(reverse("network:registration_data", args=[links.token_for(registration)]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["email"] == "ola@example.no" and data["dietary_needs"] == "Laktosefri"
    assert data["kept_until"] == event.delete_personal_data_on.isoformat()
    assert "navneskilt" in data["purpose"]


def test_registration_page_shows_purpose_and_deletion_date(client, event):
    registration = services.register(event_id=event.pk, participant=participant(1))
    page = client.get(reverse("network:registration", args=[links.token_for(registration)])).content.decode()
    assert "Hvorfor vi har dem" in page and "Slettes" in page
    assert f"{event.delete_personal_data_on.day}." in page


def test_public_calendar_file(client, event):
    response = client.get(reverse("network:event_ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"LOCATION:Oslo\\, Storgata 1\\, Oslo" in response.content


def test_event_list_shows_published_upcoming_events_only(client, db):
    make_event(title="Kommende", slug="kommende")
    make_event(title="Skjult", slug="skjult", is_published=False)
    past = timezone.now() - dt.timedelta(days=3)
    make_event(title="Ferdig", slug="ferdig", starts_at=past, ends_at=past + dt.timedelta(hours=2))
    page = client.get(reverse("network:events")).content.decode()
    assert "Kommende" in page and "Skjult" not in page and "Ferdig" not in page
