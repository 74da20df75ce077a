"""Who may see and change knowledge-base items.

Public items are open to everyone; staff-only documents and unpublished items to staff with a role.
National admins manage documents and projects; coordinators add and edit practice examples for
units in their scope.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from mestring.accounts.access import scoped_units
from mestring.network.knowledge_search import sees_internal
from mestring.network.models_knowledge import Document, PracticeExample, Project


def _visible_or_404(user, obj, is_public: bool):
    # 404 rather than 403: outsiders are not told that a staff-only item exists.
    if not (is_public or sees_internal(user)):
        raise Http404
    return obj


def get_document_for_user(user, pk: int) -> Document:
    document = get_object_or_404(Document.objects.select_related("owner_unit"), pk=pk)
    return _visible_or_404(user, document, document.is_public)


def get_practice_for_user(user, pk: int) -> PracticeExample:
    example = get_object_or_404(PracticeExample.objects.select_related("unit"), pk=pk)
    return _visible_or_404(user, example, example.is_published)


def get_project_for_user(user, pk: int) -> Project:
    project = get_object_or_404(Project, pk=pk)
    return _visible_or_404(user, project, project.is_public)


def may_manage_knowledge(user) -> bool:
    """Documents and projects are kept by the national team."""
    return bool(user.is_authenticated and user.is_national_admin)


def may_add_practice(user) -> bool:
    return bool(user.is_authenticated and (user.is_national_admin or user.is_coordinator))


def get_practice_to_edit(user, pk: int) -> PracticeExample:
    """A practice example the user may change: a national admin any, a coordinator their units'."""
    example = get_object_or_404(PracticeExample.objects.select_related("unit"), pk=pk)
    if not (user.is_national_admin or scoped_units(user).filter(pk=example.unit_id).exists()):
        raise PermissionDenied
    return example


def may_edit_practice(user, example: PracticeExample) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_national_admin or scoped_units(user).filter(pk=example.unit_id).exists()
