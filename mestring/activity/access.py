"""Access helpers for activity reports: a coordinator reports only for services their units host."""
from __future__ import annotations

from django.http import Http404

from mestring.registry.access import services_for_user
from mestring.registry.models import Service


def get_service_for_user(user, pk: int) -> Service:
    """The service if the user coordinates its host unit; 404 otherwise (no existence leak)."""
    service = services_for_user(user).filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    return service
