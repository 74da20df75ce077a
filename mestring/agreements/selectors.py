"""Reads: the review queue, disagreements, confirmed levels, search, and the national overview."""
from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from mestring.agreements import search
from mestring.agreements.models import Agreement, Review, Section
from mestring.structure.models import Unit


def audit_trail(agreement: Agreement, *, limit: int = 100) -> list[LogEntry]:
    """Changes to the agreement and its reviews, newest first. Shown only to people who passed
    the agreement access check (analysts need no other role, so core.audit.history_for won't do)."""
    entries = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Agreement), object_pk=str(agreement.pk))
        | Q(content_type=ContentType.objects.get_for_model(Review),
            object_pk__in=[str(pk) for pk in agreement.reviews.values_list("pk", flat=True)]))
    return list(entries.select_related("actor", "content_type").order_by("-timestamp")[:limit])


def with_reviews(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return agreements.select_related("hf__parent").prefetch_related(
        "municipalities", Prefetch("reviews", queryset=Review.objects.select_related("analyst")))


def confirmed_level(agreement: Agreement) -> int | None:
    """Round 1 decides until a second review exists; then both must agree."""
    levels = {r.round: r.level for r in agreement.reviews.all()}
    if 1 not in levels:
        return None
    if 2 in levels and levels[2] != levels[1]:
        return None
    return levels[1]


def state(agreement: Agreement) -> str:
    levels = {r.round: r.level for r in agreement.reviews.all()}
    if not levels:
        return "ny"
    if len(levels) == 1:
        return "vurdert"
    return "enige" if levels[1] == levels[2] else "uenige"


QUEUE_FILTERS = {"alle": Q(), "ny": Q(n_reviews=0), "vurdert": Q(n_reviews=1), "ferdig": Q(n_reviews=2)}


def queue(status: str = "alle") -> list[Agreement]:
    agreements = Agreement.objects.annotate(n_reviews=Count("reviews")).filter(QUEUE_FILTERS.get(status, Q()))
    return list(with_reviews(agreements).order_by("n_reviews", "hf__name", "title"))


def disagreements() -> list[Agreement]:
    return [a for a in with_reviews(Agreement.objects.annotate(n=Count("reviews")).filter(n=2))
            if state(a) == "uenige"]


def search_sections(query: str, *, limit: int = 50) -> list[Section]:
    words = search.query_stems(query)
    if not words:
        return []
    sections = Section.objects.filter(version__status="done")
    for word in words:
        sections = sections.filter(stems__contains=word)
    return list(sections.select_related("version__document__agreement").order_by("version_id", "order")[:limit])


@dataclass(frozen=True)
class Pair:
    rhf: str
    hf: str
    kommune_code: str
    kommune: str
    agreement: Agreement
    level: int | None


def pairs() -> list[Pair]:
    """One row per HF–kommune pair on file, with the confirmed level of its agreement."""
    rows = []
    for agreement in with_reviews(Agreement.objects.all()):
        level = confirmed_level(agreement)
        for unit in agreement.municipalities.all():
            rows.append(Pair(agreement.hf.parent.name if agreement.hf.parent else "", agreement.hf.name,
                             unit.code, unit.name, agreement, level))
    return sorted(rows, key=lambda p: (p.rhf, p.hf, p.kommune_code))


def municipalities_without_agreement() -> list[Unit]:
    return list(Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE, agreements__isnull=True).order_by("code"))


@dataclass(frozen=True)
class TrustGroup:
    rhf: str
    hf: str
    pairs: list[Pair]
    counts: dict[str, int]


def by_trust(pairs_: list[Pair]) -> list[TrustGroup]:
    """Pairs grouped per RHF and HF with a count per confirmed level ('–' when not yet confirmed)."""
    groups: dict[tuple[str, str], list[Pair]] = {}
    for pair in pairs_:
        groups.setdefault((pair.rhf, pair.hf), []).append(pair)
    result = []
    for (rhf, hf), rows in groups.items():
        counts = {str(n): sum(p.level == n for p in rows) for n in range(4)}
        counts["–"] = sum(p.level is None for p in rows)
        result.append(TrustGroup(rhf, hf, rows, counts))
    return result


@dataclass(frozen=True)
class Chunk:
    text: str
    mark: bool
    note: str = ""


def highlighted(version, agreement: Agreement) -> list[Chunk]:
    """The version's text cut into plain and marked pieces at the proposed evidence spans."""
    spans = sorted((e["start"], e["end"], f'{e["level"]}: {e["reason"]}') for e in agreement.proposed_evidence
                   if e.get("version") == version.pk)
    chunks, at = [], 0
    for start, end, note in spans:
        if start < at:
            continue
        chunks += [Chunk(version.text[at:start], False), Chunk(version.text[start:end], True, note)]
        at = end
    chunks.append(Chunk(version.text[at:], False))
    return [c for c in chunks if c.text]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    good: str
    examples: list[tuple[Agreement, str]]


def checklist_examples(per_item: int = 3) -> list[ChecklistItem]:
    """The level-3 elements of the scale, each with clauses from agreements confirmed at level 3."""
    from mestring.agreements.classifier import ELEMENT_WORDS
    from mestring.agreements.scale import ELEMENTS

    found: dict[str, list[tuple[Agreement, str]]] = {key: [] for key, *_ in ELEMENTS}
    reason_key = {words: key for key, words in ELEMENT_WORDS.items()}
    for agreement in with_reviews(Agreement.objects.filter(reviews__level=3).distinct()):
        if confirmed_level(agreement) != 3:
            continue
        chosen = {text for r in agreement.reviews.all() for text in r.evidence}
        for e in agreement.proposed_evidence:
            key = reason_key.get(e["reason"])
            if e["level"] == 3 and key and e["text"] in chosen and len(found[key]) < per_item:
                found[key].append((agreement, e["text"]))
    return [ChecklistItem(key, label, good, found[key]) for key, label, good in ELEMENTS]


def map_categories(pairs_: list[Pair]) -> dict[str, str]:
    """Kommune code → map label: the best confirmed level among its agreements, or 'not confirmed'.
    Labels start with the level so the legend sorts in scale order."""
    from django.utils.translation import gettext

    from mestring.agreements.scale import label

    best: dict[str, int | None] = {}
    for pair in pairs_:
        known = best.get(pair.kommune_code)
        if pair.level is not None and (known is None or pair.level > known):
            best[pair.kommune_code] = pair.level
        else:
            best.setdefault(pair.kommune_code, None)
    return {code: f"{level} – {label(level)}" if level is not None else gettext("Avtale, nivå ikke bekreftet")
            for code, level in best.items()}
