"""Reads for groups, meetings and the contact directory."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from mestring.network.access_groups import Access, own_memberships, visible_meetings
from mestring.network.models_groups import Attachment, DirectoryEntry, DirectoryExport, Group, Meeting, Membership
from mestring.structure.models import Unit, searchable


def public_groups() -> QuerySet[Group]:
    return Group.objects.filter(is_public=True).annotate(
        public_meetings=Count("meetings", filter=Q(meetings__is_public=True)))


def groups_of(user) -> QuerySet[Group]:
    """Groups where the user is an active member, whether public or not."""
    return Group.objects.filter(pk__in=own_memberships(user).values("group")).order_by("name")


def all_groups() -> QuerySet[Group]:
    return Group.objects.annotate(member_count=Count("memberships", distinct=True),
                                  meeting_count=Count("meetings", distinct=True))


def members(group: Group) -> QuerySet[Membership]:
    return group.memberships.active().select_related("unit", "region")


def all_memberships(group: Group) -> QuerySet[Membership]:
    """Current and former members (with dates), for the administrators' page."""
    return group.memberships.select_related("unit", "region", "user")


def meetings_for(group: Group, access: Access) -> QuerySet[Meeting]:
    return visible_meetings(group, access).annotate(file_count=Count("attachments"))


def search_group(group: Group, access: Access, query: str) -> tuple[list[Meeting], list[Attachment]]:
    """Meetings (title, agenda, minutes) and attachments (name and extracted text) matching every word."""
    words = searchable(query).split()[:8]
    if not words:
        return [], []
    meetings = visible_meetings(group, access)
    files = Attachment.objects.filter(meeting__in=meetings).select_related("meeting")
    if access < Access.MEMBER:
        files = files.filter(is_public=True)
    for word in words:
        meetings = meetings.filter(search_text__contains=word)
        files = files.filter(search_text__contains=word)
    return list(meetings[:50]), list(files[:50])


def snippet(text: str, query: str, width: int = 160) -> str:
    """A piece of `text` around the first word of `query`, for showing why a file matched."""
    words = searchable(query).split()
    lowered = text.casefold()
    at = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(at - width // 3, 0)
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


# Contact directory --------------------------------------------------------------------------------

def directory(*, public_only: bool) -> QuerySet[DirectoryEntry]:
    entries = DirectoryEntry.objects.select_related("unit", "unit__parent", "unit__parent__parent")
    return entries.filter(is_public=True) if public_only else entries


def filter_directory(entries: QuerySet[DirectoryEntry], *, fylke: Unit | None = None, hf: Unit | None = None,
                     kommune: Unit | None = None, query: str = "") -> QuerySet[DirectoryEntry]:
    """Entries in a fylke, a helseforetak's area, or a kommune (its bydeler included), and matching words."""
    if fylke:
        entries = entries.filter(Q(unit=fylke) | Q(unit__parent=fylke) | Q(unit__parent__parent=fylke))
    if hf:
        # An HF's own row, and the kommuner and bydeler for which it is the local hospital trust.
        entries = entries.filter(Q(unit=hf) | Q(unit__catchment__hf=hf) | Q(unit__parent__catchment__hf=hf))
    if kommune:
        entries = entries.filter(Q(unit=kommune) | Q(unit__parent=kommune))
    for word in searchable(query).split()[:8]:
        entries = entries.filter(Q(search_text__contains=word) | Q(unit__search_text__contains=word))
    return entries.distinct()


def recent_exports(limit: int = 10) -> QuerySet[DirectoryExport]:
    return DirectoryExport.objects.select_related("user")[:limit]


def registry_contacts_for(units) -> list:
    """Contact persons of registry services hosted by `units` (kept in the registry, shown, not copied)."""
    from mestring.registry.models import Contact

    return list(Contact.objects.filter(service__host_unit__in=units).select_related("service", "service__host_unit")
                .order_by("service__host_unit__name", "service__name", "name")[:200])
