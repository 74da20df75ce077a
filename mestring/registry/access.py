"""Access helpers for registry objects: coordinators reach only what their units host.

Each returns the object or raises 404 (never 403 for another unit's object: no existence leak).
"""
from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

from mestring.accounts.access import scoped_units
from mestring.registry.models import (ApiToken, Contact, CourseOffer, CourseRun, Location, OpeningHours, Service,
                                      ServiceMembership)

SERVICE_PARTS = (Contact, Location, OpeningHours, ServiceMembership)


def services_for_user(user) -> QuerySet[Service]:
    return Service.objects.filter(host_unit__in=scoped_units(user)).select_related("host_unit").order_by("name")


def found(queryset: QuerySet, pk: int) -> Model:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not found")
    return obj


def get_service_for_user(user, pk: int) -> Service:
    return found(services_for_user(user), pk)


def get_offer_for_user(user, pk: int) -> CourseOffer:
    """The offer if the user coordinates its service's host unit; 404 otherwise."""
    return found(CourseOffer.objects.filter(service__in=services_for_user(user)).select_related("service"), pk)


def get_part_for_user(user, model: type[Model], pk: int) -> Model:
    """A contact, location, opening hours row or membership of one of the user's services."""
    if model not in SERVICE_PARTS:
        raise Http404("Not found")
    return found(model.objects.filter(service__in=services_for_user(user)).select_related("service"), pk)


def get_run_for_user(user, pk: int) -> CourseRun:
    runs = CourseRun.objects.filter(offer__service__in=services_for_user(user)).select_related("offer__service")
    return found(runs, pk)


def get_token_for_user(user, pk: int) -> ApiToken:
    """Tokens are personal: even a national admin reaches only their own."""
    return found(ApiToken.objects.filter(user=user), pk)
