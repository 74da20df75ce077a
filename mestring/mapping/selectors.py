"""Reads for mapping: coverage of a campaign (computed from answers, never typed), links, call lists."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.mapping.models import (AccessToken, CallAttempt, CallList, CallTarget, Campaign, Message, Question,
                                     Questionnaire, Recipient, Response, hash_token)


@dataclass
class Coverage:
    """Sets of unit ids; the counts are what the campaign status shows."""

    targeted: set[int]
    answered: set[int]
    cooperation: set[int]
    covered: set[int]
    to_interview: set[int]
    not_to_interview: set[int]
    interviewed: set[int]
    eligible: set[int] = field(default_factory=set)

    @property
    def known(self) -> set[int]:
        return self.answered | self.covered

    @property
    def to_call(self) -> set[int]:
        return self.targeted - self.known

    def counts(self) -> dict[str, int]:
        return {"targeted": len(self.targeted), "answered": len(self.answered),
                "answered_reporting_cooperation": len(self.cooperation),
                "covered_through_cooperation": len(self.covered), "organisation_known": len(self.known),
                "to_interview": len(self.to_interview), "interviewed": len(self.interviewed),
                "to_call": len(self.to_call), "not_to_interview": len(self.not_to_interview)}


COUNT_LABELS = {
    "targeted": _("Enheter i kartleggingen"),
    "answered": _("Har svart"),
    "answered_reporting_cooperation": _("Svarte og oppga interkommunalt samarbeid"),
    "covered_through_cooperation": _("Dekket gjennom samarbeid uten eget svar"),
    "organisation_known": _("Organisering kjent"),
    "to_interview": _("Skal intervjues"),
    "interviewed": _("Intervjuet"),
    "to_call": _("Skal ringes"),
    "not_to_interview": _("Skal ikke intervjues (ingen felles organisering / ingen tilbud)"),
}


def survey_of(campaign: Campaign) -> Questionnaire | None:
    return campaign.questionnaires.filter(purpose=Questionnaire.Purpose.SURVEY).first()


def member_codes(data: dict[str, Any], campaign: Campaign) -> set[str]:
    rows = data.get(campaign.members_question)
    if not isinstance(rows, list):
        return set()
    return {str(row.get(campaign.member_code_field, "")).strip() for row in rows if isinstance(row, dict)} - {""}


def coverage(campaign: Campaign) -> Coverage:
    """The status of a campaign now, from submitted answers (web or phone) and interviews."""
    codes = dict(campaign.units.values_list("code", "pk"))
    targeted = set(codes.values())
    submitted = Response.objects.filter(status=Response.Status.SUBMITTED, unit_id__in=targeted,
                                        questionnaire__campaign=campaign)
    answers = submitted.filter(questionnaire__purpose=Questionnaire.Purpose.SURVEY).values_list("unit_id", "data")
    service, no_interview = Campaign.split(campaign.service_values), Campaign.split(campaign.no_interview_values)
    answered, cooperation, members, eligible, excluded = set(), set(), set(), set(), set()
    for unit_id, data in answers:
        answered.add(unit_id)
        reported = {codes[c] for c in member_codes(data, campaign) if c in codes} - {unit_id}
        if reported:
            cooperation.add(unit_id)
            members |= reported
        organisation = data.get(campaign.organisation_question)
        if organisation in service:
            eligible.add(unit_id)
        elif organisation in no_interview:
            excluded.add(unit_id)
    interviewed = set(submitted.filter(questionnaire__purpose=Questionnaire.Purpose.INTERVIEW)
                      .values_list("unit_id", flat=True))
    return Coverage(targeted=targeted, answered=answered, cooperation=cooperation, covered=members - answered,
                    to_interview=eligible - interviewed, not_to_interview=excluded, interviewed=interviewed,
                    eligible=eligible)


def token_for(raw: str) -> AccessToken | None:
    """The usable link for a raw token, or None for wrong, expired and revoked ones alike."""
    if not raw or len(raw) > 100:
        return None
    return (AccessToken.objects.usable().select_related("recipient__campaign", "recipient__unit")
            .filter(token_hash=hash_token(raw)).first())


def response_for(recipient: Recipient, questionnaire: Questionnaire) -> Response | None:
    return Response.objects.filter(questionnaire=questionnaire, unit=recipient.unit).first()


def recipients_with_state(campaign: Campaign) -> QuerySet[Recipient]:
    return campaign.recipients.select_related("unit").prefetch_related("responses").order_by("unit__code")


def messages_for(recipient: Recipient) -> QuerySet[Message]:
    return recipient.messages.select_related("mailing").order_by("-created_at")


def due_targets(user, *, only_own: bool = True) -> list[CallTarget]:
    """Open call targets, due callbacks first (earliest first), then never tried, then the rest."""
    targets = CallTarget.objects.filter(done=False).select_related("unit", "call_list__campaign", "assigned_to")
    if only_own:
        targets = targets.filter(assigned_to=user)
    now = timezone.now()
    bucket = Case(When(callback_at__lte=now, then=Value(0)), When(attempts_count=0, then=Value(1)),
                  default=Value(2), output_field=IntegerField())
    return list(targets.annotate(bucket=bucket).order_by("bucket", F("callback_at").asc(nulls_last=True),
                                                         "unit__code"))


def attempts_for(target: CallTarget) -> QuerySet[CallAttempt]:
    return target.attempts.select_related("interviewer").order_by("-at")


def questions_of(questionnaire: Questionnaire) -> QuerySet[Question]:
    return questionnaire.questions.prefetch_related("choices").order_by("position")


def form_for_call(target: CallTarget) -> Questionnaire | None:
    """Interview lists fill the interview form; follow-up calls fill the survey on the phone."""
    purpose = (Questionnaire.Purpose.INTERVIEW if target.call_list.rule == "interview"
               else Questionnaire.Purpose.SURVEY)
    return target.call_list.campaign.questionnaires.filter(purpose=purpose).first()


def call_response(target: CallTarget, questionnaire: Questionnaire | None) -> Response | None:
    if questionnaire is None:
        return None
    return Response.objects.filter(questionnaire=questionnaire, unit=target.unit).first()


def mailing_summaries(campaign: Campaign) -> list[dict[str, Any]]:
    """Each mailing with how many of its messages are in each state (one query)."""
    rows = (Message.objects.filter(mailing__campaign=campaign).values("mailing_id", "status")
            .annotate(n=Count("pk")))
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["mailing_id"], {})[row["status"]] = row["n"]
    labels = dict(Message.Status.choices)
    return [{"mailing": m, "counts": [(labels[k], v) for k, v in sorted(counts.get(m.pk, {}).items())]}
            for m in campaign.mailings.select_related("created_by")]


def call_list_summaries(campaign: Campaign) -> QuerySet[CallList]:
    return campaign.call_lists.annotate(total=Count("targets"), open=Count("targets", filter=Q(targets__done=False)),
                                        unassigned=Count("targets", filter=Q(targets__assigned_to__isnull=True)))


@dataclass
class QuestionRow:
    """One line of the builder's question list."""

    question: Question
    nested: bool
    first: bool
    last: bool
    problems: list[str]


def question_rows(questionnaire: Questionnaire, problems: dict[int, list[str]]) -> list[QuestionRow]:
    """Questions in form order (each repeat group followed by its questions), with what is wrong with each."""
    questions = list(questions_of(questionnaire).select_related("parent"))
    rows = []

    def add(siblings: list[Question], nested: bool) -> None:
        for index, q in enumerate(siblings):
            rows.append(QuestionRow(q, nested, index == 0, index == len(siblings) - 1, problems.get(q.pk, [])))
            if q.kind == Question.Kind.REPEAT:
                add([c for c in questions if c.parent_id == q.pk], True)

    add([q for q in questions if q.parent_id is None], False)
    return rows
