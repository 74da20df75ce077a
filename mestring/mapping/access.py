"""Access helpers for mapping: views ask these, never filter by owner themselves."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mestring.mapping.models import CallTarget, Campaign, Question, Questionnaire, Recipient, Response


def may_manage(user) -> bool:
    """Campaigns are the national competence service's work: national administrators run them."""
    return user.is_authenticated and user.is_national_admin


def get_campaign_for_user(user, slug: str) -> Campaign:
    campaign = get_object_or_404(Campaign, slug=slug)
    if not may_manage(user):
        raise PermissionDenied
    return campaign


def get_recipient_for_user(user, campaign: Campaign, pk: int) -> Recipient:
    return get_object_or_404(Recipient.objects.select_related("unit"), campaign=campaign, pk=pk)


def get_response_for_user(user, campaign: Campaign, pk: int) -> Response:
    return get_object_or_404(Response.objects.select_related("unit", "questionnaire"),
                             questionnaire__campaign=campaign, pk=pk)


def get_submitted_response_for_user(user, campaign: Campaign, pk: int) -> Response:
    """Only submitted answers can be reviewed into the registry; drafts are 404."""
    return get_object_or_404(Response.objects.select_related("unit", "questionnaire__campaign", "reviewed_by"),
                             questionnaire__campaign=campaign, pk=pk, status=Response.Status.SUBMITTED)


def get_call_target_for_user(user, pk: int) -> CallTarget:
    """Interviewers reach only targets assigned to them (404 otherwise, so ids reveal nothing)."""
    target = get_object_or_404(CallTarget.objects.select_related("unit", "call_list__campaign", "assigned_to"), pk=pk)
    if may_manage(user) or (user.is_authenticated and target.assigned_to_id == user.pk):
        return target
    raise_not_found()


def raise_not_found():
    from django.http import Http404

    raise Http404("No such call")


def get_questionnaire_for_user(user, campaign: Campaign, purpose: str) -> Questionnaire:
    if not may_manage(user):
        raise PermissionDenied
    return get_object_or_404(Questionnaire, campaign=campaign, purpose=purpose)


def get_question_for_user(user, questionnaire: Questionnaire, pk: int) -> Question:
    if not may_manage(user):
        raise PermissionDenied
    return get_object_or_404(Question.objects.select_related("parent", "questionnaire"), questionnaire=questionnaire,
                             pk=pk)
