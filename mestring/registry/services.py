"""Writes to the registry that coordinators make (each in one transaction, audited by auditlog)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mestring.registry.models import CourseOffer


@transaction.atomic
def confirm_offer(*, offer: CourseOffer, day: dt.date | None = None) -> CourseOffer:
    """The coordinator says the offer's data is still right: only `last_confirmed` changes."""
    offer.last_confirmed = day or timezone.localdate()
    offer.save(update_fields=["last_confirmed", "modified"])
    return offer


@transaction.atomic
def save_offer(*, form) -> CourseOffer:
    """Save an edited offer (fields and vocabulary terms) and count the edit as a confirmation."""
    offer = form.save(commit=False)
    offer.last_confirmed = timezone.localdate()
    offer.save()
    form.save_m2m()
    return offer
