"""The audit trail of a service or course with all its parts (also deleted ones), for the coordinator pages.

Every registry model stores its service (and course) id in the audit entry's `additional_data`
(`get_additional_data` on the models), so deletions stay findable after the row is gone.
"""
from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from mestring.registry.models import CourseOffer, Service


def entries(user, q: Q, limit: int) -> list[LogEntry] | None:
    if not (user.is_authenticated and user.is_worker):
        return None
    found = LogEntry.objects.filter(q).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    return list(found[:limit])


def service_history(user, service: Service, *, limit: int = 100) -> list[LogEntry] | None:
    own = Q(content_type=ContentType.objects.get_for_model(Service), object_id=service.pk)
    return entries(user, own | Q(additional_data__service=service.pk), limit)


def offer_history(user, offer: CourseOffer, *, limit: int = 100) -> list[LogEntry] | None:
    own = Q(content_type=ContentType.objects.get_for_model(CourseOffer), object_id=offer.pk)
    return entries(user, own | Q(additional_data__offer=offer.pk), limit)
