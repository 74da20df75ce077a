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
