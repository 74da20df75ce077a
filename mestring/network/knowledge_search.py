"""Reads for the knowledge base: who sees which items, the search with filters, and highlighted snippets.

User text never reaches SQL as syntax: it is reduced to word stems, each quoted (FTS5) or written as
a `:*` prefix term (to_tsquery), and passed as a parameter. Ranking: FTS5's bm25 on SQLite and
ts_rank on PostgreSQL, both weighing a hit in the title above one in the text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mestring.core.norwegian import stem, stems
from mestring.network.knowledge_index import FTS_TABLE, is_postgres
from mestring.network.models_knowledge import Document, PracticeExample, Project, SearchEntry, Similar

MAX_QUERY_WORDS = 8
SNIPPET_WORDS = 30
MAX_SNIPPET_SCAN = 200_000  # characters searched for the first hit; a snippet is found early or not at all
WORD_OR_OTHER = re.compile(r"\w+|\W+", re.UNICODE)
SPACES = re.compile(r"\s+")
PG_VECTOR = ("(setweight(to_tsvector('simple', network_searchentry.title_stems), 'A') || "
             "setweight(to_tsvector('simple', network_searchentry.search_text), 'B'))")


def sees_internal(user) -> bool:
    """Staff with a role see staff-only documents and unpublished items; everyone else the public ones."""
    return bool(user.is_authenticated and user.is_worker)


def visible_entries(user) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    return entries if sees_internal(user) else entries.filter(is_public=True)


def query_terms(query: str) -> list[str]:
    return stems(query)[:MAX_QUERY_WORDS]


def matching(entries: QuerySet[SearchEntry], query: str):
    """Entries containing every word of `query` in some inflected form, best first.

    A query with no word characters matches nothing rather than everything. PostgreSQL ranks in SQL;
    on SQLite, FTS5 gives every match's bm25 in one pass (a per-row rank subquery would repeat the
    full-text lookup for each row), the filters run as one id query, and the order is applied here.
    """
    terms = query_terms(query)
    if not terms:
        return entries.none()
    if is_postgres():
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return entries.extra(
            select={"rank": f"-ts_rank({PG_VECTOR}, to_tsquery('simple', %s))"}, select_params=[tsquery],
            where=[f"{PG_VECTOR} @@ to_tsquery('simple', %s)"], params=[tsquery]).order_by("rank", "pk")
    match = " AND ".join('"' + t + '"*' for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, bm25({FTS_TABLE}, 10.0, 1.0) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                       [match])
        rank = dict(cursor.fetchall())
    ids = entries.filter(pk__in=list(rank)).values_list("pk", flat=True)  # filters only; no second FTS pass
    return RankedEntries(sorted(ids, key=lambda pk: (rank[pk], pk)))


class RankedEntries(Sequence):
    """Entries in a given order, loaded a page at a time (what Paginator and the views need)."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self[:])  # one query, not one per item

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            loaded = SearchEntry.objects.in_bulk(ids)
            return [loaded[pk] for pk in ids if pk in loaded]
        return self[index:index + 1 or None][0] if -len(self) <= index < len(self) else self.ids[index]


@dataclass(frozen=True)
class Filters:
    query: str = ""
    kind: str = ""
    tag: str = ""
    year: int | None = None


def search(user, filters: Filters) -> QuerySet[SearchEntry] | RankedEntries:
    entries = visible_entries(user)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.tag:
        entries = entries.filter(tag_slugs__contains=f" {filters.tag} ")
    if filters.year:
        entries = entries.filter(year=filters.year)
    if filters.query.strip():
        return matching(entries, filters.query)
    return entries.order_by("-year", "title", "pk")


def years(user) -> list[int]:
    rows = visible_entries(user).exclude(year=None).values_list("year", flat=True).distinct()
    return sorted(set(rows), reverse=True)


def with_sources(entries) -> list[SearchEntry]:
    """The page's entries with their documents, practice examples and projects loaded in three queries."""
    entries = list(entries)
    by_kind = {"document": Document.objects.select_related("owner_unit"),
               "practice": PracticeExample.objects.select_related("unit"), "project": Project.objects.all()}
    for field, queryset in by_kind.items():
        ids = [getattr(e, f"{field}_id") for e in entries if getattr(e, f"{field}_id")]
        loaded = queryset.in_bulk(ids) if ids else {}
        for e in entries:
            if getattr(e, f"{field}_id") in loaded:
                setattr(e, field, loaded[getattr(e, f"{field}_id")])
    return entries


def snippet_source(entry: SearchEntry) -> str:
    source = entry.source
    if isinstance(source, Document):
        return f"{source.description}\n{source.text}"
    if isinstance(source, PracticeExample):
        return f"{source.what_was_done}\n{source.what_worked}\n{source.organisation_form}"
    return source.description


def highlight(text: str, query: str, *, length: int = SNIPPET_WORDS) -> SafeString:
    """A window of `text` around the first word matching the query, matches in <mark>; all text escaped."""
    terms = query_terms(query)
    tokens = WORD_OR_OTHER.findall(text[:MAX_SNIPPET_SCAN])
    first = next((i for i, tok in enumerate(tokens) if terms and tok[0].isalnum() and _matches(tok, terms)), None)
    start = max(0, first - length) if first is not None else 0  # `length` tokens back: about half as many words
    window = tokens[start:start + length * 2]  # words and the gaps between them
    hit_set = {i for i, tok in enumerate(window, start) if terms and tok[0].isalnum() and _matches(tok, terms)}
    parts = ["… " if start else ""]
    for i, tok in enumerate(window, start):
        parts.append(f"<mark>{escape(tok)}</mark>" if i in hit_set else escape(SPACES.sub(" ", tok)))
    if start + length * 2 < len(tokens):
        parts.append(" …")
    return mark_safe("".join(parts))  # every piece above went through escape()


def _matches(token: str, terms: list[str]) -> bool:
    token_stem = stem(token.casefold())
    return any(token_stem.startswith(t) for t in terms)


def similar_to(entry: SearchEntry | None, user, limit: int = 5) -> list[SearchEntry]:
    """The precomputed most-similar items the user may see, best first."""
    if entry is None:
        return []
    rows = Similar.objects.filter(entry=entry).select_related("other").order_by("-score", "pk")
    visible = [row.other for row in rows if row.other.is_public or sees_internal(user)]
    return visible[:limit]
