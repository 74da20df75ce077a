"""Writes for dialogue-café workshops: set-up, notes, imports, merges (with undo) and headings.

Each function is one transaction; the audit log (auditlog) records who changed what.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mestring.workshops import dedupe
from mestring.workshops.models import NOTE_MAX_LENGTH, Heading, MergeGroup, Note, Question, Round, Workshop, WorkshopTable
from mestring.workshops.notes_file import NoteRow


@transaction.atomic
def create_workshop(*, user, title: str, unit, held_on: dt.date | None = None, place: str = "", event=None,
                    questions: list[str] = (), tables_per_question: int = 2, rounds: int = 0) -> Workshop:
    """A workshop with its questions numbered 1.., each with `tables_per_question` tables."""
    workshop = Workshop.objects.create(title=title, unit=unit, held_on=held_on, place=place, event=event,
                                       created_by=user)
    for number, text in enumerate(questions, start=1):
        add_question(workshop=workshop, text=text, tables=tables_per_question)
    for number in range(1, rounds + 1):
        Round.objects.create(workshop=workshop, number=number)
    return workshop


@transaction.atomic
def add_question(*, workshop: Workshop, text: str, tables: int = 2) -> Question:
    number = (workshop.questions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    question = Question.objects.create(workshop=workshop, number=number, text=text)
    for label in range(1, tables + 1):
        WorkshopTable.objects.create(question=question, label=str(label))
    return question


@transaction.atomic
def add_table(*, question: Question, host_name: str = "") -> WorkshopTable:
    labels = [int(label) for label in question.tables.values_list("label", flat=True) if label.isdigit()]
    return WorkshopTable.objects.create(question=question, label=str(max(labels, default=0) + 1), host_name=host_name)


@transaction.atomic
def add_round(*, workshop: Workshop, minutes: int) -> Round:
    number = (workshop.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Round.objects.create(workshop=workshop, number=number, minutes=minutes)


@transaction.atomic
def set_host(*, table: WorkshopTable, host_name: str) -> WorkshopTable:
    table.host_name = host_name
    table.save(update_fields=["host_name"])
    return table


@transaction.atomic
def set_status(*, workshop: Workshop, status: str) -> Workshop:
    """Opening lets the table links take notes; closing shuts every table link at once."""
    workshop.status = status
    workshop.save(update_fields=["status"])
    return workshop


def clean_text(text: str) -> str:
    """Plain text on one line, as it would stand on a sticky note."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Notatet er tomt."))
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(_("Notatet er for langt (høyst %(max)s tegn).") % {"max": NOTE_MAX_LENGTH})
    return text


@transaction.atomic
def add_note(*, table: WorkshopTable, text: str, source: str = Note.Source.LINK, round: Round | None = None) -> Note:
    """A note from the table's link (only while the workshop is open) or from the facilitator."""
    if source == Note.Source.LINK and not table.question.workshop.is_open:
        raise ValidationError(_("Dialogkaféen er ikke åpen for notater."))
    return Note.objects.create(table=table, text=clean_text(text), source=source, round=round)


@transaction.atomic
def set_main(*, note: Note, is_main: bool = True) -> Note:
    """Make `note` the table's one main statement (the previous one stops being it)."""
    if is_main:
        for other in Note.objects.select_for_update().filter(table=note.table, is_main=True).exclude(pk=note.pk):
            other.is_main = False
            other.save(update_fields=["is_main"])
    note.is_main = is_main
    note.save(update_fields=["is_main"])
    return note


@transaction.atomic
def import_notes(*, workshop: Workshop, rows: list[NoteRow]) -> list[Note]:
    """Notes typed in from paper posters; every row must fit or nothing is written.

    Raises ValidationError with one message per bad row ("linje N: ...").
    """
    tables = {(t.question.number, t.label): t for t in
              WorkshopTable.objects.filter(question__workshop=workshop).select_related("question")}
    errors, mains = [], {(t.question.number, t.label) for t in tables.values() if t.notes.filter(is_main=True).exists()}
    for row in rows:
        errors += [_("linje %(n)s: %(m)s") % {"n": row.line, "m": m} for m in row_errors(row, tables, mains)]
    if errors:
        raise ValidationError(errors)
    return [Note.objects.create(table=tables[(row.question, row.table)], text=clean_text(row.text),
                                is_main=row.is_main, source=Note.Source.IMPORT) for row in rows]


def row_errors(row: NoteRow, tables: dict, mains: set) -> list[str]:
    errors = list(row.errors)
    if errors:
        return errors
    if (row.question, row.table) not in tables:
        errors.append(_("spørsmål %(q)s har ikke bord %(t)s") % {"q": row.question, "t": row.table})
    try:
        clean_text(row.text)
    except ValidationError as error:
        errors += error.messages
    if row.is_main and not errors:
        if (row.question, row.table) in mains:
            errors.append(_("bordet har allerede et hovedutsagn"))
        mains.add((row.question, row.table))
    return errors


def statement_root(note: Note) -> MergeGroup | None:
    return note.group.root() if note.group_id else None


def attach(*, notes: list[Note], group: MergeGroup) -> None:
    """Put notes under `group`: their earlier groups become its children, loose notes join it."""
    for note in notes:
        root = statement_root(note)
        if root is None:
            note.group = group
            note.save(update_fields=["group"])
        elif root.pk != group.pk:
            root.parent = group
            root.save(update_fields=["parent"])


@transaction.atomic
def run_auto_merge(*, question: Question, user) -> list[MergeGroup]:
    """Merge notes whose text is identical after normalising (the only merge made without a person)."""
    notes = list(Note.objects.filter(table__question=question).select_related("group").order_by("pk"))
    result = dedupe.find_duplicates([n.text for n in notes])
    created = []
    for rows in result.auto_merged:
        members = [notes[r] for r in rows]
        if len({getattr(statement_root(n), "pk", -n.pk) for n in members}) == 1:
            continue
        group = MergeGroup.objects.create(question=question, kind=MergeGroup.Kind.AUTO, created_by=user,
                                          kept_note=notes[result.kept[rows[0]]])
        attach(notes=members, group=group)
        created.append(group)
    return created


@transaction.atomic
def merge_notes(*, question: Question, note_ids: list[int], kept_note_id: int, user) -> MergeGroup:
    """A facilitator confirms that these notes are one statement, worded as the kept note."""
    notes = list(Note.objects.filter(table__question=question, pk__in=note_ids).select_related("group"))
    if len(notes) < 2 or len(notes) != len(set(note_ids)):
        raise ValidationError(_("Velg minst to notater fra dette spørsmålet."))
    if kept_note_id not in {n.pk for n in notes}:
        raise ValidationError(_("Teksten som beholdes må være ett av de valgte notatene."))
    group = MergeGroup.objects.create(question=question, kind=MergeGroup.Kind.CONFIRMED, created_by=user,
                                      kept_note_id=kept_note_id)
    attach(notes=notes, group=group)
    return group


@transaction.atomic
def undo_merge(*, group: MergeGroup) -> None:
    """Split a group back into what it was made of: earlier groups and loose notes."""
    for child in group.children.all():
        child.parent = None
        child.save(update_fields=["parent"])
    for note in group.notes.all():
        note.group = None
        note.save(update_fields=["group"])
    group.delete()


@transaction.atomic
def add_heading(*, question: Question, title: str) -> Heading:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Overskriften kan ikke være tom."))
    position = question.headings.count()
    return Heading.objects.create(question=question, title=title[:200], position=position)


@transaction.atomic
def rename_heading(*, heading: Heading, title: str) -> Heading:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Overskriften kan ikke være tom."))
    heading.title = title[:200]
    heading.save(update_fields=["title"])
    return heading


@transaction.atomic
def delete_heading(*, heading: Heading) -> None:
    """The heading goes; its statements go back to "not sorted", none is lost."""
    for note in heading.notes.all():
        note.heading = None
        note.save(update_fields=["heading"])
    heading.delete()


@transaction.atomic
def move_statement(*, note: Note, heading: Heading | None) -> None:
    """Sort a statement (the note and every note merged with it) under a heading, or unsort it."""
    if heading is not None and heading.question_id != note.table.question_id:
        raise ValidationError(_("Overskriften hører til et annet spørsmål."))
    for member in statement_members(note):
        member.heading = heading
        member.save(update_fields=["heading"])


def statement_members(note: Note) -> list[Note]:
    root = statement_root(note)
    if root is None:
        return [note]
    groups, stack = [], [root]
    while stack:
        group = stack.pop()
        groups.append(group.pk)
        stack += list(group.children.all())
    return list(Note.objects.filter(group_id__in=groups))


@transaction.atomic
def sort_under(*, heading: Heading, note_ids: list[int]) -> None:
    """Sort the given statements of the heading's question under it (an accepted proposal)."""
    for note in Note.objects.filter(table__question=heading.question_id, pk__in=note_ids).select_related("table"):
        move_statement(note=note, heading=heading)
