"""Writes for events and registrations. Each function is one transaction; e-mail leaves after commit.

Capacity holds under concurrent sign-ups because every change to an event's seats first locks the
event row: SELECT ... FOR UPDATE on PostgreSQL, and on SQLite the write lock that this project's
IMMEDIATE transactions take at BEGIN. Counting seats and inserting then happen one at a time.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.network.models import Event, PersonalDataAccess, Registration, new_nonce

ANONYMISED_NAME = "Anonymisert"


class RegistrationRefused(Exception):
    """A sign-up that cannot be accepted; the message is shown to the person as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    organisation: str
    role: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""


def _queue_email(registration: Registration) -> None:
    from mestring.network.tasks import send_status_email

    pk = registration.pk
    transaction.on_commit(lambda: send_status_email.enqueue(registration_id=pk))


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def register(*, event_id: int, participant: Participant) -> Registration:
    """Give the person a seat, or a place on the waitlist when the event is full.

    Raises RegistrationRefused when registration is closed or the e-mail is already signed up.
    """
    email = participant.email.strip().lower()
    try:
        with transaction.atomic():
            event = _locked_event(event_id)
            if not event.registration_open():
                raise RegistrationRefused(_("Påmeldingen til dette arrangementet er stengt."))
            if event.registrations.active().filter(email=email).exists():
                raise RegistrationRefused(_("Denne e-postadressen er allerede påmeldt. Se e-posten du fikk da du "
                                            "meldte deg på, der finner du lenken for å endre eller melde deg av."))
            full = event.registrations.confirmed().count() >= event.capacity
            registration = Registration.objects.create(
                event=event, name=participant.name.strip(), email=email,
                organisation=participant.organisation.strip(), role=participant.role.strip(),
                dietary_needs=participant.dietary_needs.strip(),
                accessibility_needs=participant.accessibility_needs.strip(), consent_at=timezone.now(),
                status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED)
            _queue_email(registration)
            return registration
    except IntegrityError as exc:  # the unique constraint is the last line of defence
        raise RegistrationRefused(_("Denne e-postadressen er allerede påmeldt.")) from exc


def _fill_from_waitlist(event: Event) -> list[Registration]:
    """Move people up from the waitlist while seats are free (event row already locked)."""
    free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(event.registrations.waitlisted()[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _queue_email(registration)
    return promoted


def cancel(*, registration_id: int) -> list[Registration]:
    """Cancel a sign-up and give its seat to the first on the waitlist. Returns those promoted."""
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        event = _locked_event(registration.event_id)
        registration.refresh_from_db()
        if registration.status == Registration.Status.CANCELLED:
            return []
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _queue_email(registration)
        return _fill_from_waitlist(event)


def save_event(*, event: Event) -> list[Registration]:
    """Save a new or changed event; a raised capacity moves people up from the waitlist."""
    with transaction.atomic():
        if event.pk:
            _locked_event(event.pk)
        event.full_clean()
        event.save()
        return _fill_from_waitlist(event)


def set_checked_in(*, registration: Registration, present: bool) -> Registration:
    """Record (or undo) that a participant has arrived."""
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


def anonymise_event(*, event_id: int) -> int:
    """Blank every participant's personal data for an event, keeping counts and attendance.

    Returns the number of registrations anonymised. Safe to run again.
    """
    with transaction.atomic():
        event = _locked_event(event_id)
        now = timezone.now()
        rows = list(event.registrations.filter(anonymised_at__isnull=True))
        for registration in rows:
            registration.name = ANONYMISED_NAME
            registration.email = ""
            registration.organisation = registration.role = ""
            registration.dietary_needs = registration.accessibility_needs = ""
            registration.anonymised_at = now
            registration.nonce = new_nonce()
            registration.save()
        event.personal_data_deleted_at = now
        event.save(update_fields=["personal_data_deleted_at"])
        return len(rows)


def anonymise_due(*, today=None) -> dict[str, int]:
    """Anonymise every event whose deletion date has come. Returns {event title: rows}."""
    today = today or timezone.localdate()
    due = Event.objects.filter(delete_personal_data_on__lte=today, personal_data_deleted_at__isnull=True)
    return {event.title: anonymise_event(event_id=event.pk) for event in due}


def log_access(*, event: Event, user, action: str) -> None:
    """Record that someone saw or took out participants' personal data."""
    PersonalDataAccess.objects.create(event=event, user=user, action=action)
