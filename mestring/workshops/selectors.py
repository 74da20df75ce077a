"""Reads for workshop pages: the list a user may see, statements per question, suggestions, summary."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from mestring.accounts.access import scoped_units
from mestring.workshops import dedupe
from mestring.workshops.models import Heading, MergeGroup, Note, Question, Workshop, WorkshopTable


def workshops_for(user) -> QuerySet[Workshop]:
    return (Workshop.objects.filter(unit__in=scoped_units(user)).select_related("unit")
            .annotate(note_count=Count("questions__tables__notes")))


def workshop_tables(workshop: Workshop) -> list[Question]:
    """Questions with their tables and notes, for the set-up page, the gallery and the posters."""
    notes = Note.objects.order_by("-is_main", "pk")
    tables = WorkshopTable.objects.prefetch_related(Prefetch("notes", queryset=notes))
    return list(workshop.questions.prefetch_related(Prefetch("tables", queryset=tables)))


@dataclass
class Statement:
    """One statement: a loose note, or a merge group shown with its kept wording."""

    note: Note  # the note whose wording stands
    members: list[Note] = field(default_factory=list)
    group: MergeGroup | None = None

    @property
    def is_main(self) -> bool:
        return any(n.is_main for n in self.members)

    @property
    def heading_id(self) -> int | None:
        return self.note.heading_id


def group_roots(groups: dict[int, MergeGroup]) -> dict[int, MergeGroup]:
    """Each group's outermost group (groups nest when a suggestion takes in an earlier one)."""
    roots = {}
    for pk, group in groups.items():
        root = group
        while root.parent_id:
            root = groups[root.parent_id]
        roots[pk] = root
    return roots


def statements(question: Question) -> list[Statement]:
    """The question's notes as statements, duplicates folded into their group's kept note."""
    notes = list(Note.objects.filter(table__question=question).select_related("table", "heading", "round").order_by("pk"))
    groups = {g.pk: g for g in MergeGroup.objects.filter(question=question)}
    roots = group_roots(groups)
    by_root: dict[int, Statement] = {}
    result = []
    for note in notes:
        if note.group_id is None:
            result.append(Statement(note=note, members=[note]))
            continue
        root = roots[note.group_id]
        if root.pk not in by_root:
            by_root[root.pk] = Statement(note=note, group=root)
            result.append(by_root[root.pk])
        by_root[root.pk].members.append(note)
    kept = {n.pk: n for n in notes}
    for statement in by_root.values():
        statement.note = kept.get(statement.group.kept_note_id, statement.note)
    return result


def suggestions(question: Question) -> list[list[Statement]]:
    """Near-duplicate groups among the question's statements that a person has not yet merged."""
    items = statements(question)
    result = dedupe.find_duplicates([s.note.text for s in items])
    found = []
    for rows in result.suggested:  # identical-only groups are the automatic merge's, not a person's
        group = [items[r] for r in rows]
        found.append(sorted(group, key=lambda s: s.note.pk != items[result.kept[rows[0]]].note.pk))
    return found


def exact_pending(question: Question) -> int:
    """How many identical-text groups the automatic merge would make now."""
    items = statements(question)
    return len(dedupe.find_duplicates([s.note.text for s in items]).auto_merged)


@dataclass
class QuestionSummary:
    question: Question
    main: list[Statement]
    headings: list[tuple[Heading, list[Statement]]]
    unsorted: list[Statement]


def summary(workshop: Workshop) -> list[QuestionSummary]:
    """The published shape: per question the main statements first, then headings with statements."""
    result = []
    for question in workshop.questions.prefetch_related("headings"):
        items = statements(question)
        main = [s for s in items if s.is_main]
        rest = [s for s in items if not s.is_main]
        headings = [(h, [s for s in rest if s.heading_id == h.pk]) for h in question.headings.all()]
        result.append(QuestionSummary(question=question, main=main, headings=headings,
                                      unsorted=[s for s in rest if s.heading_id is None]))
    return result


@dataclass
class HeadingProposal:
    title: str
    statements: list[Statement]


def heading_proposals(question: Question, *, discarded: frozenset[str] = frozenset()) -> list[HeadingProposal]:
    """Headings suggested by clustering unsorted statements around the content word they share most.

    The title is that word as participants wrote it; the facilitator accepts, renames or discards.
    """
    items = [s for s in statements(question) if not s.is_main and s.heading_id is None]
    words: dict[str, list[str]] = {}
    by_stem: dict[str, list[Statement]] = {}
    for item in items:
        for word in dedupe.WORD.findall(dedupe.exact_key(item.note.text)):
            if word in dedupe.STOP_WORDS or word in dedupe.NEGATIONS or len(word) < 4 or word.isdigit():
                continue
            key = dedupe.stem(word)
            words.setdefault(key, []).append(word)
            if item not in by_stem.setdefault(key, []):
                by_stem[key].append(item)
    taken: set[int] = set()
    proposals = []
    for key in sorted(by_stem, key=lambda k: (-len(by_stem[k]), k)):
        members = [s for s in by_stem[key] if s.note.pk not in taken]
        title = max(set(words[key]), key=words[key].count).capitalize()
        if len(members) >= 2 and title not in discarded:
            proposals.append(HeadingProposal(title=title, statements=members))
            taken |= {s.note.pk for s in members}
    return proposals
