"""The audit trail, read side: who changed what, shown to staff on each object's page."""
from __future__ import annotations

from auditlog.models import LogEntry


def history_for(user, obj, *, limit: int = 50) -> list[LogEntry] | None:
    """Change history of `obj`, newest first; None for people who may not see it."""
    if not (user.is_authenticated and user.is_worker):
        return None
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit])
