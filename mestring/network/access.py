"""Who may run which event: national admins all; coordinators the events of units in their scope."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mestring.accounts.access import scoped_units
from mestring.network.models import Event


def manageable_events(user) -> QuerySet[Event]:
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_national_admin:
        return Event.objects.all()
    return Event.objects.filter(unit__in=scoped_units(user))


def may_create_events(user) -> bool:
    return user.is_authenticated and (user.is_national_admin or user.is_coordinator)


def get_event_for_user(user, pk: int) -> Event:
    """The event if `user` may run it; 404 if it does not exist, 403 if it is someone else's."""
    event = get_object_or_404(Event.objects.select_related("unit"), pk=pk)
    if not manageable_events(user).filter(pk=event.pk).exists():
        raise PermissionDenied
    return event
