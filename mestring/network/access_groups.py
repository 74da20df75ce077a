"""Who may see and change groups, meetings, attachments and directory entries.

A person is a member of a group through an active membership that names their log-in or their
e-mail address, or names a unit they coordinate. Leaders and secretaries edit their group's meetings;
national administrators manage everything. A group that is not public is a 404 for everyone else,
so its existence does not leak.
"""
from __future__ import annotations

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mestring.accounts.access import scoped_units
from mestring.network.models_groups import Attachment, DirectoryEntry, Group, Meeting, Membership
from mestring.structure.models import Unit

DIRECTORY_KINDS = [Unit.Kind.HF, Unit.Kind.KOMMUNE, Unit.Kind.BYDEL]
EDITOR_ROLES = [Membership.Role.LEADER, Membership.Role.SECRETARY]


class Access(IntEnum):
    PUBLIC = 0
    MEMBER = 1
    EDITOR = 2  # leader or secretary: edits meetings, minutes and attachments
    ADMIN = 3


def member_q(user) -> Q:
    """Memberships that belong to `user`: by log-in, by e-mail, or through a unit they coordinate."""
    q = Q(user=user) | Q(person_email__iexact=user.email)
    if user.is_coordinator:
        q |= Q(unit__in=scoped_units(user))
    return q


def own_memberships(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.active().filter(member_q(user))


def group_access(user, group: Group) -> Access | None:
    """The user's level in `group`, or None when they may not see it at all."""
    if user.is_authenticated and user.is_national_admin:
        return Access.ADMIN
    roles = set(own_memberships(user).filter(group=group).values_list("role", flat=True))
    if roles & set(EDITOR_ROLES):
        return Access.EDITOR
    if roles:
        return Access.MEMBER
    return Access.PUBLIC if group.is_public else None


def get_group_for_user(user, slug: str) -> tuple[Group, Access]:
    group = get_object_or_404(Group, slug=slug)
    access = group_access(user, group)
    if access is None:
        raise Http404("No such group")
    return group, access


def require(access: Access, needed: Access) -> None:
    if access < needed:
        raise PermissionDenied


def visible_meetings(group: Group, access: Access) -> QuerySet[Meeting]:
    meetings = group.meetings.all()
    return meetings if access >= Access.MEMBER else meetings.filter(is_public=True)


def get_meeting_for_user(user, slug: str, pk: int) -> tuple[Group, Access, Meeting]:
    group, access = get_group_for_user(user, slug)
    meeting = get_object_or_404(visible_meetings(group, access), pk=pk)
    return group, access, meeting


def visible_attachments(meeting: Meeting, access: Access) -> QuerySet[Attachment]:
    files = meeting.attachments.all()
    return files if access >= Access.MEMBER else files.filter(is_public=True)


def get_attachment_for_user(user, slug: str, pk: int) -> tuple[Group, Access, Attachment]:
    """The file if the user may download it: members always, others only public files of public meetings."""
    group, access = get_group_for_user(user, slug)
    found = get_object_or_404(Attachment.objects.select_related("meeting"), pk=pk, meeting__group=group)
    if access < Access.MEMBER and not (found.is_public and found.meeting.is_public):
        raise Http404("No such attachment")
    return group, access, found


# Contact directory --------------------------------------------------------------------------------

def directory_units(user) -> QuerySet[Unit]:
    """Units whose directory rows the user keeps: all for national admins, else their scoped units."""
    units = Unit.objects.current().filter(kind__in=DIRECTORY_KINDS)
    if user.is_national_admin:
        return units
    return units.filter(pk__in=scoped_units(user).values("pk"))


def editable_entries(user) -> QuerySet[DirectoryEntry]:
    if not user.is_authenticated:
        return DirectoryEntry.objects.none()
    if user.is_national_admin:
        return DirectoryEntry.objects.all()
    return DirectoryEntry.objects.filter(unit__in=scoped_units(user))


def get_entry_for_user(user, pk: int) -> DirectoryEntry:
    """A row the user may edit; 404 if it does not exist, 403 if it belongs to another unit."""
    entry = get_object_or_404(DirectoryEntry.objects.select_related("unit"), pk=pk)
    if not editable_entries(user).filter(pk=pk).exists():
        raise PermissionDenied
    return entry


def may_edit_directory(user) -> bool:
    return user.is_authenticated and (user.is_national_admin or user.is_coordinator)
