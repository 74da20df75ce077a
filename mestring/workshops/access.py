"""Who may run a workshop: its organising unit's coordinators and national admins (views ask here)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mestring.accounts.access import can_coordinate
from mestring.workshops.models import Heading, MergeGroup, Note, Question, Workshop, WorkshopTable


def check_workshop(user, workshop: Workshop) -> Workshop:
    if not (user.is_authenticated and can_coordinate(user, workshop.unit)):
        raise PermissionDenied
    return workshop


def get_workshop_for_user(user, pk: int) -> Workshop:
    return check_workshop(user, get_object_or_404(Workshop.objects.select_related("unit", "event"), pk=pk))


def get_question_for_user(user, pk: int) -> Question:
    question = get_object_or_404(Question.objects.select_related("workshop__unit"), pk=pk)
    check_workshop(user, question.workshop)
    return question


def get_table_for_user(user, pk: int) -> WorkshopTable:
    table = get_object_or_404(WorkshopTable.objects.select_related("question__workshop__unit"), pk=pk)
    check_workshop(user, table.question.workshop)
    return table


def get_note_for_user(user, pk: int) -> Note:
    note = get_object_or_404(Note.objects.select_related("table__question__workshop__unit"), pk=pk)
    check_workshop(user, note.table.question.workshop)
    return note


def get_group_for_user(user, pk: int) -> MergeGroup:
    group = get_object_or_404(MergeGroup.objects.select_related("question__workshop__unit"), pk=pk)
    check_workshop(user, group.question.workshop)
    return group


def get_heading_for_user(user, pk: int) -> Heading:
    heading = get_object_or_404(Heading.objects.select_related("question__workshop__unit"), pk=pk)
    check_workshop(user, heading.question.workshop)
    return heading


def get_open_table(token: str) -> WorkshopTable:
    """The table behind a note link; 404 for an unknown token (a closed workshop is shown as closed)."""
    return get_object_or_404(WorkshopTable.objects.select_related("question__workshop"), token=token)
