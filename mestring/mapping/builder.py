"""The questionnaire builder: staff write questions in the browser; the result is the same Question rows an
XLSForm import makes, and exports as an XLSForm (`xlsform.write_xlsform`).

A questionnaire that has answers can still get new questions and choices, new texts, rules and order, but
nothing that would orphan a stored answer: deleting, renaming, retyping or moving a question into or out
of a repeat group while an answer uses it, or removing a choice someone picked, is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mestring.mapping.expressions import ExpressionError, compile_expression
from mestring.mapping.models import Campaign, Choice, Question, Questionnaire
from mestring.mapping.xlsform import specs_for, write_xlsform

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
CHOICE_VALUE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
RESERVED = {"meta", "instanceID"}
SELECTS = {Question.Kind.SELECT_ONE, Question.Kind.SELECT_MULTIPLE}


class BuilderRefused(Exception):
    """The change would lose answers or break the form; the message says why (bokmål)."""


@dataclass
class QuestionData:
    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    parent: Question | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)


# Checks -----------------------------------------------------------------------------------------

def expression_problem(label: str, source: str, names: set[str]) -> str | None:
    if not source:
        return None
    try:
        unknown = compile_expression(source).references - names
    except ExpressionError as exc:
        return _("%(column)s: ugyldig uttrykk (%(error)s).") % {"column": label, "error": exc}
    if unknown:
        return _("%(column)s viser til ukjent spørsmål: %(names)s.") % {"column": label,
                                                                       "names": ", ".join(sorted(unknown))}
    return None


def rule_problems(relevant: str, constraint: str, names: set[str]) -> list[str]:
    found = [expression_problem(_("Vises når"), relevant, names),
             expression_problem(_("Begrensning"), constraint, names)]
    return [p for p in found if p]


def question_problems(questionnaire: Questionnaire) -> dict[int, list[str]]:
    """What is wrong with each question now (pk → messages), e.g. after a rule's target was renamed."""
    questions = list(questionnaire.questions.prefetch_related("choices", "children"))
    names = {q.name for q in questions}
    problems: dict[int, list[str]] = {}
    for q in questions:
        found = rule_problems(q.relevant, q.constraint, names)
        if q.kind in SELECTS and not q.choices.all():
            found.append(_("Spørsmålet har ingen valg."))
        if q.kind == Question.Kind.REPEAT and not q.children.all():
            found.append(_("Gruppen har ingen spørsmål ennå."))
        if found:
            problems[q.pk] = found
    return problems


def parse_choices(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Lines of «kode = tekst» → choices, and the problems of each bad line."""
    choices, problems, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, sep, label = (part.strip() for part in line.partition("="))
        if not sep or not label:
            problems.append(_("Linje %(n)s: skriv «kode = tekst».") % {"n": number})
        elif not CHOICE_VALUE.match(value):
            problems.append(_("Linje %(n)s: koden «%(code)s» kan bare ha bokstaver a–z, tall, _ . og -.")
                            % {"n": number, "code": value})
        elif value in seen:
            problems.append(_("Linje %(n)s: koden «%(code)s» står to ganger.") % {"n": number, "code": value})
        else:
            seen.add(value)
            choices.append((value, label[:300]))
    return choices, problems


def choices_text(question: Question | None) -> str:
    return "" if question is None else "\n".join(f"{c.value} = {c.label}" for c in question.choices.all())


# Which answers use what -------------------------------------------------------------------------

def values_of(data: Any, question: Question) -> list[Any]:
    """The stored answers to `question` in one response's data (one per repeat row for grouped questions)."""
    if not isinstance(data, dict):
        return []
    if question.parent_id is None:
        return [data.get(question.name)]
    rows = data.get(question.parent.name)
    return [row.get(question.name) for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def answers_using(question: Question, value: str | None = None) -> int:
    """How many saved answers (drafts included) hold an answer to `question` (or picked choice `value`)."""
    count = 0
    for data in question.questionnaire.responses.values_list("data", flat=True):
        answers = values_of(data, question)
        if question.kind == Question.Kind.REPEAT:
            answers = [a for a in answers if a]
        used = [a for a in answers if a not in (None, "", [])]
        if value is not None:
            used = [a for a in used if a == value or (isinstance(a, list) and value in a)]
        count += bool(used)
    return count


def used_by(question: Question) -> list[str]:
    """Names of other questions whose rules refer to `question`."""
    others = question.questionnaire.questions.exclude(pk=question.pk)
    refs = "${" + question.name + "}"
    return sorted(q.name for q in others if refs in q.relevant or refs in q.constraint)


def answered(question: Question) -> int:
    return sum(answers_using(q) for q in [question, *question.children.all()])


def refusals(question: Question, data: QuestionData) -> list[str]:
    """Why this edit of a question with answers (or rules pointing at it) cannot be made."""
    problems = []
    renamed = data.name != question.name
    if renamed and used_by(question):
        problems.append(_("Andre spørsmål bruker «%(name)s» i reglene sine (%(users)s); endre dem først.")
                        % {"name": question.name, "users": ", ".join(used_by(question))})
    structural = renamed or data.kind != question.kind or data.parent != question.parent
    if structural and answered(question):
        problems.append(_("Spørsmålet har svar i %(n)s besvarelser: navn, type og gruppe kan ikke endres, ellers "
                          "mistes svarene. Endre teksten, eller lag et nytt spørsmål.") % {"n": answered(question)})
    if question.kind == Question.Kind.REPEAT and data.kind != question.kind and question.children.exists():
        problems.append(_("Gruppen har spørsmål; flytt eller slett dem før du endrer typen."))
    kept = {value for value, _label in data.choices}
    for choice in question.choices.all():
        if choice.value not in kept and answers_using(question, choice.value):
            problems.append(_("Valget «%(value)s» er brukt i %(n)s besvarelser og kan ikke fjernes.")
                            % {"value": choice.value, "n": answers_using(question, choice.value)})
    return problems


# Writes -----------------------------------------------------------------------------------------

def create_questionnaire(*, campaign: Campaign, purpose: str, title: str) -> Questionnaire:
    return Questionnaire.objects.create(campaign=campaign, purpose=purpose, title=title,
                                        source=Questionnaire.Source.BUILDER)


def lock_answers(questionnaire: Questionnaire) -> None:
    """Hold the saved answers still while a change is checked against them."""
    list(questionnaire.responses.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def save_question(*, questionnaire: Questionnaire, data: QuestionData, question: Question | None = None) -> Question:
    lock_answers(questionnaire)
    if question is not None:
        problems = refusals(question, data)
        if problems:
            raise BuilderRefused(" ".join(problems))
    else:
        question = Question(questionnaire=questionnaire, position=next_position(questionnaire))
    for name in ("name", "kind", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                 "parent"):
        setattr(question, name, getattr(data, name))
    question.save()
    replace_choices(question, data.choices if data.kind in SELECTS else [])
    return question


def next_position(questionnaire: Questionnaire) -> int:
    return (questionnaire.questions.aggregate(top=Max("position"))["top"] or 0) + 1


def replace_choices(question: Question, choices: list[tuple[str, str]]) -> None:
    """Keep rows whose code stays (one save each, so the audit trail shows what changed)."""
    existing = {c.value: c for c in question.choices.all()}
    for value in set(existing) - {v for v, _label in choices}:
        existing[value].delete()
    for position, (value, label) in enumerate(choices):
        choice = existing.get(value) or Choice(question=question, value=value)
        if choice.pk is None or (choice.label, choice.position) != (label, position):
            choice.label, choice.position = label, position
            choice.save()


@transaction.atomic
def delete_question(*, question: Question) -> None:
    lock_answers(question.questionnaire)
    if used_by(question):
        raise BuilderRefused(_("Andre spørsmål bruker «%(name)s» i reglene sine (%(users)s); endre dem først.")
                             % {"name": question.name, "users": ", ".join(used_by(question))})
    if answered(question):
        raise BuilderRefused(_("Spørsmålet «%(name)s» har svar i %(n)s besvarelser og kan ikke slettes.")
                             % {"name": question.name, "n": answered(question)})
    question.delete()


@transaction.atomic
def move_question(*, question: Question, up: bool) -> bool:
    """Swap places with the neighbour in the same group; False at the top or bottom."""
    siblings = list(question.questionnaire.questions.filter(parent=question.parent_id).order_by("position", "pk"))
    index = siblings.index(question)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return False
    other = siblings[other_index]
    question.position, other.position = other.position, question.position
    if question.position == other.position:  # equal positions from old data: make room
        question.position += -1 if up else 1
    question.save(update_fields=["position"])
    other.save(update_fields=["position"])
    return True


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an XLSForm workbook; refused while any question has a problem."""
    if question_problems(questionnaire):
        raise BuilderRefused(_("Rett feilene i skjemaet før du laster det ned."))
    campaign = questionnaire.campaign
    form_id = f"{campaign.slug}_{questionnaire.purpose}".replace("-", "_")
    return write_xlsform(title=questionnaire.title, form_id=form_id, specs=specs_for(questionnaire))
