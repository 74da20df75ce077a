"""Access helpers for registry objects: coordinators reach only what their units host."""
from __future__ import annotations

from django.http import Http404

from mestring.accounts.access import scoped_units
from mestring.registry.models import CourseOffer, Service


def services_for_user(user):
    return Service.objects.filter(host_unit__in=scoped_units(user)).select_related("host_unit").order_by("name")


def get_offer_for_user(user, pk: int) -> CourseOffer:
    """The offer if the user coordinates its service's host unit; 404 otherwise (no existence leak)."""
    offer = CourseOffer.objects.filter(pk=pk, service__in=services_for_user(user)).select_related("service").first()
    if offer is None:
        raise Http404("No such course offer")
    return offer
