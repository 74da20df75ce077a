"""Answer payloads: the questionnaire as plain fields, form data to a payload, and validation.

A payload maps question names to a string (text, integer, select one), a list of codes (select
multiple) or a list of row dicts (repeat group). Drafts keep what the person typed even when it is
not valid yet, so nothing is lost; only a submission must pass every rule.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mestring.mapping.expressions import Expression, compile_expression
from mestring.mapping.models import Question, Questionnaire

MAX_TEXT = 4000
MAX_ROWS = 100
INT_LIMIT = 10**12


@dataclass
class Field:
    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_message: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)

    @property
    def choice_values(self) -> list[str]:
        return [value for value, _label in self.choices]


def field_from_question(question: Question) -> Field:
    return Field(
        name=question.name, kind=question.kind, label=question.label, hint=question.hint,
        required=question.required, constraint_message=question.constraint_message,
        relevant=compile_expression(question.relevant) if question.relevant else None,
        constraint=compile_expression(question.constraint) if question.constraint else None,
        choices=[(c.value, c.label) for c in question.choices.all()])


def schema_for(questionnaire: Questionnaire) -> list[Field]:
    """Top-level fields in order, repeat groups holding their children (two queries)."""
    questions = list(questionnaire.questions.prefetch_related("choices").order_by("position"))
    fields = {q.pk: field_from_question(q) for q in questions}
    top = []
    for question in questions:
        if question.parent_id:
            fields[question.parent_id].children.append(fields[question.pk])
        else:
            top.append(fields[question.pk])
    return top


def payload_from_post(fields: list[Field], post, *, extra_row: str = "") -> dict[str, Any]:
    """Read a submitted HTML form into a payload; repeat rows are named `group-<i>-<child>`."""
    payload: dict[str, Any] = {}
    for f in fields:
        if f.kind == Question.Kind.SELECT_MULTIPLE:
            payload[f.name] = post.getlist(f.name)
        elif f.kind == Question.Kind.REPEAT:
            payload[f.name] = rows_from_post(f, post, extra=f.name == extra_row)
        elif f.kind != Question.Kind.NOTE:
            payload[f.name] = post.get(f.name, "")
    return payload


def rows_from_post(group: Field, post, *, extra: bool) -> list[dict[str, Any]]:
    try:
        count = min(int(post.get(f"{group.name}-count", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    rows = [payload_from_post(group.children, PrefixedPost(post, f"{group.name}-{i}-")) for i in range(count)]
    if not extra:
        return [row for row in rows if not is_empty_row(row)]
    return rows + ([{}] if len(rows) < MAX_ROWS else [])


class PrefixedPost:
    def __init__(self, post, prefix: str):
        self.post, self.prefix = post, prefix

    def get(self, key: str, default: str = "") -> str:
        return self.post.get(self.prefix + key, default)

    def getlist(self, key: str) -> list[str]:
        return self.post.getlist(self.prefix + key)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def is_empty_row(row: Mapping[str, Any]) -> bool:
    return all(is_empty(v) for v in row.values())


@dataclass
class Cleaned:
    data: dict[str, Any]
    errors: dict[str, str]
    relevant: list[str]


def clean_answers(fields: list[Field], payload: Any, *, final: bool) -> Cleaned:
    """Validate a payload. Irrelevant answers are dropped; invalid draft values are kept as typed."""
    source = payload if isinstance(payload, Mapping) else {}
    result = Cleaned({}, {}, [])
    result.data = clean_into(fields, source, result, context={}, prefix="", final=final)
    return result


def clean_into(fields: list[Field], source: Mapping, result: Cleaned, *, context: dict, prefix: str,
               final: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields:
        scope = {**context, **data}
        if f.relevant is not None and not f.relevant.holds(scope):
            continue
        result.relevant.append(prefix + f.name)
        if f.kind == Question.Kind.NOTE:
            continue
        key = prefix + f.name
        if f.kind == Question.Kind.REPEAT:
            data[f.name] = clean_rows(f, source.get(f.name), result, context=scope, prefix=key, final=final)
            if final and f.required and not data[f.name]:
                result.errors[key] = _("Legg inn minst én rad.")
            continue
        value, error = clean_value(f, source.get(f.name))
        if error is None and is_empty(value) and final and f.required:
            error = _("Dette spørsmålet må besvares.")
        if error is None and not is_empty(value) and f.constraint is not None and not f.constraint.holds(scope, value):
            error = f.constraint_message or _("Svaret er ikke gyldig.")
        if error is not None:
            result.errors[key] = error
        if not is_empty(value):
            data[f.name] = value
    return data


def clean_rows(group: Field, raw: Any, result: Cleaned, *, context: dict, prefix: str, final: bool) -> list[dict]:
    if not isinstance(raw, list):
        return []
    rows = []
    for index, row in enumerate(raw[:MAX_ROWS]):
        row_source = row if isinstance(row, Mapping) else {}
        cleaned = clean_into(group.children, row_source, result, context=context, prefix=f"{prefix}-{index}-",
                             final=final)
        if cleaned or not final:
            rows.append(cleaned)
    return [r for r in rows if r] if final else rows


def clean_value(f: Field, raw: Any) -> tuple[Any, str | None]:
    """One answer: (value to store, error or None). An invalid value is returned as typed."""
    if f.kind == Question.Kind.SELECT_MULTIPLE:
        return clean_multiple(f, raw)
    if raw is None:
        return None, None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return None, _("Ugyldig svar.")
    text = str(raw).replace("\x00", "").strip()[:MAX_TEXT]  # PostgreSQL's JSON cannot hold NUL
    if text == "":
        return None, None
    if f.kind == Question.Kind.INTEGER:
        return clean_integer(text)
    if f.kind == Question.Kind.SELECT_ONE and text not in f.choice_values:
        return None, _("Velg et av alternativene.")
    return text, None


def clean_integer(text: str) -> tuple[Any, str | None]:
    candidate = text.replace(" ", "").replace("\u00a0", "")
    sign = candidate[:1] == "-"
    digits = candidate[1:] if sign else candidate
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 13:
        return text, _("Skriv et helt tall, for eksempel 12.")
    value = -int(digits) if sign else int(digits)
    if abs(value) > INT_LIMIT:
        return text, _("Tallet er for stort.")
    return value, None


def clean_multiple(f: Field, raw: Any) -> tuple[Any, str | None]:
    if raw is None or raw == "":
        return [], None
    values = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(v, str) for v in values):
        return [], _("Ugyldig svar.")
    unknown = [v for v in values if v not in f.choice_values]
    if unknown:
        return [v for v in f.choice_values if v in values], _("Velg blant alternativene.")
    return [v for v in f.choice_values if v in values], None


@dataclass
class Widget:
    """One question as the form shows it: input name, current value, error and visibility."""

    field: Field
    key: str
    value: Any
    error: str | None
    hidden: bool
    rows: list[list[Widget]] = field(default_factory=list)

    @property
    def selected(self) -> list[str]:
        return self.value if isinstance(self.value, list) else [str(self.value or "")]


def widgets_for(fields: list[Field], data: Mapping[str, Any], cleaned: Cleaned | None, *,
                prefix: str = "") -> list[Widget]:
    """The form's questions; without a validation run everything relevant by its rules is shown."""
    if cleaned is None:
        cleaned = clean_answers(fields, data, final=False) if not prefix else None
    widgets = []
    for f in fields:
        key = prefix + f.name
        value = data.get(f.name) if isinstance(data, Mapping) else None
        hidden = cleaned is not None and key not in cleaned.relevant
        widget = Widget(f, key, value, cleaned.errors.get(key) if cleaned else None, hidden)
        if f.kind == Question.Kind.REPEAT:
            rows = value if isinstance(value, list) and value else [{}]
            widget.rows = [repeat_row(f, row, cleaned, f"{key}-{i}-") for i, row in enumerate(rows)]
        widgets.append(widget)
    return widgets


def repeat_row(group: Field, row: Any, cleaned: Cleaned | None, prefix: str) -> list[Widget]:
    row = row if isinstance(row, Mapping) else {}
    widgets = widgets_for(group.children, row, Cleaned({}, {}, []), prefix=prefix)
    for widget in widgets:
        widget.error = cleaned.errors.get(widget.key) if cleaned else None
        widget.hidden = False
    return widgets
