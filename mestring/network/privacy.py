"""Brukerrepresentanter's personal data after their `keep_until` date: deleted, or anonymised when
assignments must stay for the payment records. Run daily by `mestring network_anonymise`.

The audit trail of a representative holds their old name, e-mail and phone in its change lists, so
it is removed with the data; one entry without personal data records that the anonymisation happened.
"""
from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from mestring.network.models import Representative, Training

ANONYMISED_NAME = "Anonymisert"


def due_representatives(today: dt.date):
    return Representative.objects.filter(keep_until__lte=today, anonymised_at__isnull=True)


def expire_representatives(*, today: dt.date | None = None) -> dict[str, int]:
    """Delete or anonymise every representative whose date has come. Safe to run again."""
    today = today or timezone.localdate()
    done = {"deleted": 0, "anonymised": 0}
    for pk in list(due_representatives(today).values_list("pk", flat=True)):
        done[expire_representative(representative_id=pk)] += 1
    return done


def expire_representative(*, representative_id: int) -> str:
    """'deleted' if nothing must be kept; 'anonymised' if assignments stay for the payment records."""
    with transaction.atomic(), disable_auditlog():
        person = Representative.objects.select_for_update().get(pk=representative_id)
        _forget_history(person)
        user = person.user
        if person.assignments.exists():
            _anonymise(person)
            result = "anonymised"
        else:
            person.delete()
            result = "deleted"
        if user is not None:
            _close_account(user)
    return result


def _forget_history(person: Representative) -> None:
    training_ids = [str(pk) for pk in person.trainings.values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Representative),
                            object_pk=str(person.pk)).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Training),
                            object_pk__in=training_ids).delete()


def _anonymise(person: Representative) -> None:
    now = timezone.now()
    person.name = ANONYMISED_NAME
    person.email = f"anonymisert-{person.pk}@invalid.example"  # the field is unique and required
    person.phone = person.experience = person.competence = ""
    person.user = None
    person.anonymised_at = now
    person.save()
    person.trainings.all().delete()
    LogEntry.objects.create(content_type=ContentType.objects.get_for_model(Representative),
                            object_pk=str(person.pk), object_id=person.pk, object_repr=ANONYMISED_NAME,
                            action=LogEntry.Action.UPDATE, changes={"anonymised_at": ["None", now.isoformat()]})


def _close_account(user) -> None:
    """A representative's log-in exists only for their own page: remove it (or, if other records point
    to it, make it unusable and nameless). People with staff roles keep their accounts."""
    if user.role_assignments.exists():
        return
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_pk=str(user.pk)).delete()
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        user.email, user.full_name, user.is_active = f"slettet-{user.pk}@invalid.example", "", False
        user.set_unusable_password()
        user.save()


# --- A person's own data (right of access) ------------------------------------------------------

PRACTICE_CONTACT_PURPOSE = ("Du er oppgitt som kontaktperson for et praksiseksempel, slik at andre tjenester kan "
                            "spørre om erfaringene. Opplysningene vises så lenge eksempelet er i kunnskapsbanken.")
PROJECT_CONTACT_PURPOSE = ("Du er oppgitt som kontaktperson for et prosjekt. Opplysningene vises så lenge "
                           "prosjektet er i kunnskapsbanken.")


def personal_data_for(user) -> dict:
    """Everything the network app holds about the logged-in person, found by their log-in e-mail,
    each item with why it is kept and until when."""
    from mestring.network.models import Registration
    from mestring.network.models_knowledge import PracticeExample, ProjectContact

    email = user.email
    registrations = (Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
                     .select_related("event").order_by("created_at"))
    person = Representative.objects.filter(user=user).prefetch_related("units", "trainings").first()
    return {
        "account": {"email": user.email, "name": user.get_full_name()},
        "representative": _representative_data(person) if person else None,
        "registrations": [{
            "event": r.event.title, "starts_at": r.event.starts_at, "status": r.get_status_display(),
            "name": r.name, "email": r.email, "organisation": r.organisation, "role": r.role,
            "dietary_needs": r.dietary_needs, "accessibility_needs": r.accessibility_needs,
            "consent_at": r.consent_at, "purpose": str(r.event.purpose), "kept_until": r.keep_until}
            for r in registrations],
        "practice_example_contact": [{
            "title": p.title, "name": p.contact_name, "email": p.contact_email, "phone": p.contact_phone,
            "purpose": PRACTICE_CONTACT_PURPOSE, "kept_until": None}
            for p in PracticeExample.objects.filter(contact_email__iexact=email)],
        "project_contact": [{
            "project": c.project.name, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone,
            "purpose": PROJECT_CONTACT_PURPOSE, "kept_until": None}
            for c in ProjectContact.objects.filter(email__iexact=email).select_related("project")],
    }


def _representative_data(person: Representative) -> dict:
    return {"name": person.name, "email": person.email, "phone": person.phone, "appointed_by": person.appointed_by,
            "experience": person.experience, "competence": person.competence, "consent_at": person.consent_at,
            "units": [str(u) for u in person.units.all()],
            "trainings": [{"title": t.title, "completed_on": t.completed_on} for t in person.trainings.all()],
            "purpose": str(person.purpose), "kept_until": person.keep_until}
