"""Who may run which event: national admins all; coordinators the events of units in their scope."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mestring.accounts.access import scoped_units
from mestring.network.models import Assignment, Event, Representative


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


def visible_representatives(user) -> QuerySet[Representative]:
    """National admins see every brukerrepresentant; coordinators those linked to their units."""
    if not user.is_authenticated:
        return Representative.objects.none()
    if user.is_national_admin:
        return Representative.objects.all()
    return Representative.objects.filter(pk__in=Representative.objects.filter(units__in=scoped_units(user))
                                         .values("pk"))


def get_representative_for_user(user, pk: int) -> Representative:
    representative = get_object_or_404(Representative, pk=pk)
    if not visible_representatives(user).filter(pk=pk).exists():
        raise PermissionDenied
    return representative


def get_assignment_for_user(user, pk: int) -> Assignment:
    """An assignment the user may approve: its unit must be in their scope."""
    assignment = get_object_or_404(Assignment.objects.select_related("representative", "rate", "unit"), pk=pk)
    if not (user.is_national_admin or scoped_units(user).filter(pk=assignment.unit_id).exists()):
        raise PermissionDenied
    return assignment


def own_representative(user) -> Representative:
    """The representative record linked to the logged-in person; 404 for everyone else."""
    return get_object_or_404(Representative, user=user, user__isnull=False)
