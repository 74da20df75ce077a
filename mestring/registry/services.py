"""Writes to the registry that coordinators make (each in one transaction, audited by auditlog)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.registry.models import ApiToken, CourseOffer, Location, Service


@transaction.atomic
def confirm_offer(*, offer: CourseOffer, day: dt.date | None = None) -> CourseOffer:
    """The coordinator says the offer's data is still right: only `last_confirmed` changes."""
    offer.last_confirmed = day or timezone.localdate()
    offer.save(update_fields=["last_confirmed", "modified"])
    return offer


@transaction.atomic
def save_offer(*, form, service: Service | None = None) -> CourseOffer:
    """Save a new or edited offer (fields, terms, places) and count the edit as a confirmation."""
    offer = form.save(commit=False)
    if service is not None:
        offer.service = service
    offer.last_confirmed = timezone.localdate()
    offer.save()
    form.save_m2m()
    return offer


@transaction.atomic
def duplicate_offer(*, offer: CourseOffer) -> CourseOffer:
    """A copy to edit into a new course: same fields, terms and places, no runs, inactive until edited."""
    terms = (list(offer.diagnosis_groups.all()), list(offer.target_groups.all()), list(offer.locations.all()))
    copy = CourseOffer.objects.get(pk=offer.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.uuid = uuid.uuid4()
    copy.title = _("%(title)s (kopi)") % {"title": offer.title}
    copy.status = "inactive"
    copy.last_confirmed = timezone.localdate()
    copy.save()
    copy.diagnosis_groups.set(terms[0])
    copy.target_groups.set(terms[1])
    copy.locations.set(terms[2])
    return copy


@transaction.atomic
def save_part(*, form, **parent) -> models.Model:
    """Save a contact, place, opening hours, membership or run; `parent` is its service or offer."""
    obj = form.save(commit=False)
    for name, value in parent.items():
        setattr(obj, name, value)
    obj.save()
    return obj


@transaction.atomic
def delete_object(*, obj: models.Model) -> None:
    """Delete a course, run or part of a service (auditlog records the deletion and its fields)."""
    obj.delete()


@transaction.atomic
def delete_location_unless_used(*, location: Location) -> tuple[int, int]:
    """Delete a place no course or run uses; else keep it. Returns (courses, runs) that use it.

    The row lock makes a course or run that is being pointed at the place wait (PostgreSQL), so
    none can start using it between the count and the deletion.
    """
    list(Location.objects.select_for_update().filter(pk=location.pk).values_list("pk", flat=True))
    used = (location.offers.count(), location.runs.count())
    if used == (0, 0):
        location.delete()
    return used


@transaction.atomic
def delete_location(*, location: Location) -> None:
    """Delete a place the coordinator confirmed: its courses lose it, its runs stay without a place.

    Done row by row rather than by the foreign keys' cascade, so each course and run that loses the
    place gets its own audit entry (and the courses are indexed again by the m2m signal).
    """
    list(Location.objects.select_for_update().filter(pk=location.pk).values_list("pk", flat=True))
    for run in location.runs.all():
        run.location = None
        run.save()
    for offer in location.offers.all():
        offer.locations.remove(location)
    location.delete()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, user, name: str, expires: dt.datetime) -> tuple[ApiToken, str]:
    """A new write-API token; the secret is returned once and only its hash is stored."""
    secret = "mst_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, expires=expires, prefix=secret[4:12],
                                    secret_hash=hash_secret(secret))
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


@transaction.atomic
def save_planned_offer(*, offer: CourseOffer, terms: dict | None, locations: list | None,
                       runs: list | None) -> CourseOffer:
    """Save an offer validated by the write API. `None` leaves that part as it is; a list replaces it.

    Runs missing from `runs` are deleted (the list is the complete set). Saving counts as a confirmation.
    """
    offer.last_confirmed = timezone.localdate()
    offer.save()
    if terms is not None:
        offer.diagnosis_groups.set(terms["diagnosis_groups"])
        offer.target_groups.set(terms["target_groups"])
    if locations is not None:
        offer.locations.set(locations)
    if runs is not None:
        for run in runs:
            run.offer = offer
            run.save()
        for gone in offer.runs.exclude(pk__in=[run.pk for run in runs]):
            gone.delete()  # one by one, so each deletion is audited
    return offer
