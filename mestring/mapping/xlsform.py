"""XLSForm import (pyxform): a spreadsheet questionnaire becomes Question rows, or a list of problems.

Every problem carries sheet, row and message; when there is any, nothing is created.
Groups are flattened (their `relevant` is joined to each child's); one level of repeat is allowed.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from mestring.mapping.expressions import ExpressionError, compile_expression
from mestring.mapping.models import Campaign, Choice, Question, Questionnaire

ROW_TYPES = {"text", "integer", "select_one", "select_multiple", "note", "begin_repeat", "end_repeat",
             "begin_group", "end_group", "begin repeat", "end repeat", "begin group", "end group",
             "start", "end", "today", "deviceid", "calculate", "select_one_from_file"}
KINDS = {"text": "text", "integer": "integer", "select one": "select_one", "select all that apply": "select_multiple",
         "note": "note"}
SKIPPED = {"calculate", "start", "end", "today", "deviceid"}
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    message: str


class XLSFormInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def survey_rows(content: bytes) -> tuple[dict[str, int], list[Problem]]:
    """Read the survey sheet: question name → spreadsheet row, and rows with unsupported types."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return {}, [Problem("", None, _("Filen kan ikke leses. Last opp et XLSForm-regneark (.xlsx)."))]
    if "survey" not in book.sheetnames:
        return {}, [Problem("survey", None, _("Regnearket mangler arket «survey»."))]
    rows = list(book["survey"].iter_rows(values_only=True))
    header = [str(c).strip().lower() if c is not None else "" for c in (rows[0] if rows else [])]
    if "type" not in header or "name" not in header:
        return {}, [Problem("survey", 1, _("Arket «survey» må ha kolonnene «type» og «name»."))]
    names, problems = {}, []
    for number, row in enumerate(rows[1:], start=2):
        kind = str(row[header.index("type")] or "").strip()
        name = str(row[header.index("name")] or "").strip() if header.index("name") < len(row) else ""
        if not kind:
            continue
        if kind.split()[0] not in ROW_TYPES and kind not in ROW_TYPES:
            problems.append(Problem("survey", number, _("Spørsmålstypen «%(type)s» støttes ikke (bruk text, "
                                                        "integer, select_one, select_multiple, note, repeat).")
                                    % {"type": kind}))
        if name:
            names[name] = number
    return names, problems


def pyxform_json(content: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        return convert(xlsform=content, validate=False, file_type=".xlsx")._pyxform, []
    except PyXFormError as exc:
        return None, [problem_from_pyxform(str(exc))]
    except Exception as exc:  # noqa: BLE001 - pyxform raises plain errors for malformed sheets
        return None, [Problem("survey", None, str(exc)[:300])]


def problem_from_pyxform(message: str) -> Problem:
    """pyxform writes '[row : 5] On the 'choices' sheet, …'; keep sheet and row as fields."""
    row = None
    if message.startswith("[row : "):
        head, _sep, message = message.partition("]")
        row = int(head.removeprefix("[row : ").strip() or 0) or None
        message = message.strip()
    sheet = "choices" if "'choices' sheet" in message else ("settings" if "'settings'" in message else "survey")
    return Problem(sheet, row, message)


@dataclass
class Spec:
    kind: str
    name: str
    label: str
    hint: str
    required: bool
    relevant: str
    constraint: str
    constraint_message: str
    choices: list[tuple[str, str]]
    parent: str | None


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        return str(next(iter(value.values()), ""))
    return str(value or "")


def flatten(children: list[dict], rows: dict[str, int], problems: list[Problem], *, relevant: str = "",
            parent: str | None = None, lists: dict | None = None) -> list[Spec]:
    lists = lists or {}
    specs: list[Spec] = []
    for child in children:
        kind, name, bind = child.get("type", ""), child.get("name", ""), child.get("bind", {})
        own = bind.get("relevant", "")
        joined = f"({relevant}) and ({own})" if relevant and own else (relevant or own)
        if kind in SKIPPED or (kind == "group" and name == "meta"):
            continue
        if kind == "group":
            specs += flatten(child.get("children", []), rows, problems, relevant=joined, parent=parent, lists=lists)
            continue
        if kind == "repeat":
            if parent is not None:
                problems.append(Problem("survey", rows.get(name), _("Gjentatte grupper kan ikke ligge i hverandre.")))
                continue
            specs.append(spec(child, "repeat", joined, parent, lists))
            specs += flatten(child.get("children", []), rows, problems, parent=name, lists=lists)
            continue
        if kind not in KINDS:
            problems.append(Problem("survey", rows.get(name), _("Spørsmålstypen «%(type)s» støttes ikke.")
                                    % {"type": kind}))
            continue
        specs.append(spec(child, KINDS[kind], joined, parent, lists))
    return specs


def spec(child: dict, kind: str, relevant: str, parent: str | None, lists: dict) -> Spec:
    bind = child.get("bind", {})
    options = child.get("children") or lists.get(child.get("list_name") or child.get("itemset"), [])
    return Spec(kind=kind, name=child["name"], label=text_of(child.get("label")) or child["name"],
                hint=text_of(child.get("hint")), required=str(bind.get("required", "")).lower() in {"yes", "true()", "true"},
                relevant=relevant, constraint=bind.get("constraint", ""),
                constraint_message=text_of(bind.get("jr:constraintMsg")),
                choices=[(str(c["name"]), text_of(c.get("label")) or str(c["name"])) for c in options]
                if kind in {"select_one", "select_multiple"} else [], parent=parent)


def check_expressions(specs: list[Spec], rows: dict[str, int]) -> list[Problem]:
    names = {s.name for s in specs}
    problems = []
    for s in specs:
        for column, source in (("relevant", s.relevant), ("constraint", s.constraint)):
            if not source:
                continue
            try:
                unknown = compile_expression(source).references - names
            except ExpressionError as exc:
                problems.append(Problem("survey", rows.get(s.name), f"{column}: {exc}"))
                continue
            if unknown:
                problems.append(Problem("survey", rows.get(s.name), _("%(column)s viser til ukjent spørsmål: %(names)s")
                                        % {"column": column, "names": ", ".join(sorted(unknown))}))
    return problems


def parse_xlsform(content: bytes) -> tuple[str, list[Spec]]:
    """Title and questions, or XLSFormInvalid listing every problem found."""
    if len(content) > MAX_BYTES:
        raise XLSFormInvalid([Problem("", None, _("Filen er større enn 2 MB."))])
    rows, problems = survey_rows(content)
    if problems and not rows:
        raise XLSFormInvalid(problems)
    data, more = pyxform_json(content)
    problems += more
    specs = flatten(data.get("children", []), rows, problems, lists=data.get("choices", {})) if data else []
    problems += check_expressions(specs, rows)
    if problems:
        raise XLSFormInvalid(sorted(set(problems), key=lambda p: (p.sheet, p.row or 0, p.message)))
    return text_of(data.get("title")) or "", specs


@transaction.atomic
def import_xlsform(*, campaign: Campaign, purpose: str, content: bytes) -> Questionnaire:
    """Create (or replace, while nobody has answered) the campaign's questionnaire for `purpose`."""
    title, specs = parse_xlsform(content)
    existing = campaign.questionnaires.filter(purpose=purpose).first()
    if existing is not None:
        if existing.responses.exists():
            raise XLSFormInvalid([Problem("", None, _("Skjemaet har allerede svar og kan ikke byttes ut."))])
        existing.delete()
    questionnaire = Questionnaire.objects.create(campaign=campaign, purpose=purpose, title=title or campaign.title,
                                                 source=Questionnaire.Source.XLSFORM)
    create_questions(questionnaire, specs)
    return questionnaire


def create_questions(questionnaire: Questionnaire, specs: list[Spec]) -> None:
    """Question rows from specs (parents before their children), the one shape import and builder share."""
    created: dict[str, Question] = {}
    for position, s in enumerate(specs, start=1):
        created[s.name] = Question.objects.create(
            questionnaire=questionnaire, parent=created.get(s.parent) if s.parent else None, position=position,
            name=s.name, kind=s.kind, label=s.label[:500], hint=s.hint[:500], required=s.required,
            relevant=s.relevant[:300], constraint=s.constraint[:300], constraint_message=s.constraint_message[:300])
        Choice.objects.bulk_create([Choice(question=created[s.name], position=i, value=v[:64], label=lab[:300])
                                    for i, (v, lab) in enumerate(s.choices)])


# Export -----------------------------------------------------------------------------------------

SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message")
XLS_TYPES = {"text": "text", "integer": "integer", "note": "note", "select_one": "select_one {name}",
             "select_multiple": "select_multiple {name}", "repeat": "begin_repeat"}


def specs_for(questionnaire: Questionnaire) -> list[Spec]:
    """The questionnaire as specs in form order: each repeat group followed by its own questions."""
    questions = list(questionnaire.questions.select_related("parent").prefetch_related("choices")
                     .order_by("position", "pk"))
    specs = []
    for question in (q for q in questions if q.parent_id is None):
        specs.append(spec_of(question))
        specs += [spec_of(child) for child in questions if child.parent_id == question.pk]
    return specs


def spec_of(question: Question) -> Spec:
    return Spec(kind=question.kind, name=question.name, label=question.label, hint=question.hint,
                required=question.required, relevant=question.relevant, constraint=question.constraint,
                constraint_message=question.constraint_message,
                choices=[(c.value, c.label) for c in question.choices.all()],
                parent=question.parent.name if question.parent_id else None)


def survey_row(s: Spec) -> tuple:
    return (XLS_TYPES[s.kind].format(name=s.name), s.name, s.label, s.hint, "yes" if s.required else "",
            s.relevant, s.constraint, s.constraint_message)


def write_xlsform(*, title: str, form_id: str, specs: list[Spec]) -> bytes:
    """An XLSForm workbook (survey, choices, settings) that `parse_xlsform` reads back to the same specs."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for index, s in enumerate(specs):
        survey.append(survey_row(s))
        following = specs[index + 1] if index + 1 < len(specs) else None
        group = s.name if s.kind == "repeat" else s.parent
        if group and (following is None or following.parent != group):
            survey.append(("end_repeat", "", "", "", "", "", "", ""))
    choices = book.create_sheet("choices")
    choices.append(("list_name", "name", "label"))
    for s in specs:
        for value, label in s.choices:
            choices.append((s.name, value, label))
    settings = book.create_sheet("settings")
    settings.append(("form_title", "form_id"))
    settings.append((title, form_id))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
