"""Reads shared by the network views."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mestring.network.models import Event, PersonalDataAccess, Registration


def public_events() -> QuerySet[Event]:
    """Published events that have not ended, soonest first."""
    return Event.objects.filter(is_published=True, ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        checked_in_count=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)))


def seats_left(event: Event) -> int:
    return max(event.capacity - event.registrations.confirmed().count(), 0)


def participants(event: Event) -> QuerySet[Registration]:
    """Everyone with a seat or a waitlist place: seats first, then the queue in order."""
    return event.registrations.active().order_by("status", "created_at", "pk")


def confirmed_participants(event: Event) -> QuerySet[Registration]:
    return event.registrations.confirmed().order_by("name", "pk")


def recent_accesses(event: Event, limit: int = 20) -> QuerySet[PersonalDataAccess]:
    return event.data_accesses.select_related("user")[:limit]
