"""Norwegian full-text search over course offers: one entry point, two engines.

Both engines index the same thing: `CourseOffer.search_text`, the offer's words reduced with the
Snowball Norwegian stemmer *to a fixed point* (`mestring.core.norwegian`, shared with the knowledge base). One pass is
not enough: Snowball maps "diabetesen" to "diabetes" but "diabetes" to "diabet", and "kursene" to
"kurs" but "kurs" to "kur"; PostgreSQL's built-in `norwegian` configuration has the same one-pass
gap, so we stem in Python and let PostgreSQL index the stems with the `simple` configuration.
SQLite: an FTS5 table (`registry_offer_fts`, rowid = offer id, `detail=none`: no positions, so a
common word's list stays small) holding only *public* offers, so a text search needs no join to
check status. PostgreSQL: a GIN expression index.
User text never reaches SQL as syntax: it is reduced to word characters, stemmed, and each stem is
quoted (FTS5) or joined with `&` as a `:*` prefix term (to_tsquery) and passed as a parameter.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from mestring.core.norwegian import WORD, stem, stems, words  # noqa: F401 (re-exported for registry callers)
from mestring.registry.models import CourseOffer, Status

FTS_TABLE = "registry_offer_fts"
MAX_QUERY_WORDS = 8


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


OFFER_COLUMNS = ("pk", "title", "title_en", "description", "description_en", "service__name",
                 "service__host_unit__name", "format", "method", "status", "service__status")


def document_for(offer: dict, terms: list[str], places: list[str]) -> str:
    """The text an offer is found by: its own words, its terms, its service and its places."""
    parts = [offer["title"], offer["title_en"], offer["description"], offer["description_en"],
             offer["service__name"], offer["service__host_unit__name"],
             str(CourseOffer.Format(offer["format"]).label), str(CourseOffer.Method(offer["method"]).label),
             *terms, *places]
    return " ".join(p for p in parts if p)


def index_offers(offer_ids: Iterable[int]) -> None:
    """Recompute `search_text` (and the FTS5 row on SQLite) for these offers.

    Reads plain values rather than model instances with prefetches: an import indexes 50,000 offers.
    """
    ids = list(offer_ids)
    offers = list(CourseOffer.objects.filter(pk__in=ids).order_by("pk").values(*OFFER_COLUMNS))
    terms, places = offer_terms(ids), offer_places(ids)
    texts = [(" ".join(stems(document_for(o, terms.get(o["pk"], []), places.get(o["pk"], [])))), o["pk"])
             for o in offers]
    # One plain UPDATE per row: bulk_update's CASE over 500 ids is quadratic per batch on SQLite.
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {CourseOffer._meta.db_table} SET search_text = %s WHERE id = %s", texts)
    if not is_postgres():
        write_fts_rows([(pk, text) for text, pk in texts], public={o["pk"] for o in offers if is_public(o)})


def offer_terms(ids: list[int]) -> dict[int, list[str]]:
    """{offer id: names of its diagnosis groups, then its target groups}, each in the terms' own order."""
    found: dict[int, list[str]] = {}
    for relation in (CourseOffer.diagnosis_groups.through, CourseOffer.target_groups.through):
        rows = (relation.objects.filter(courseoffer_id__in=ids)
                .order_by("taxonomyterm__taxonomy__name", "taxonomyterm__position", "taxonomyterm__name")
                .values_list("courseoffer_id", "taxonomyterm__name"))
        for offer_id, name in rows:
            found.setdefault(offer_id, []).append(name)
    return found


def offer_places(ids: list[int]) -> dict[int, list[str]]:
    """{offer id: "place kommune" of each of its locations}."""
    found: dict[int, list[str]] = {}
    rows = (CourseOffer.locations.through.objects.filter(courseoffer_id__in=ids)
            .order_by("location__name").values_list("courseoffer_id", "location__place", "location__kommune__name"))
    for offer_id, place, kommune in rows:
        found.setdefault(offer_id, []).append(f"{place} {kommune}")
    return found


def is_public(offer: dict) -> bool:
    return offer["status"] == Status.ACTIVE and offer["service__status"] == Status.ACTIVE


def write_fts_rows(rows: list[tuple[int, str]], *, public: set[int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _ in rows])
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, stems) VALUES (%s, %s)",
                           [(pk, text) for pk, text in rows if pk in public])


def rebuild_index() -> int:
    """Index every offer again (after bulk loads and imports); returns how many."""
    ids = list(CourseOffer.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        index_offers(ids[start:start + 2000])
    return len(ids)


def drop_from_index(offer_id: int) -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [offer_id])


def matching(offers: QuerySet[CourseOffer], query: str) -> QuerySet[CourseOffer]:
    """Offers whose text matches every word of `query` (inflected forms included).

    A query with no word characters matches nothing rather than everything.
    """
    terms = stems(query)[:MAX_QUERY_WORDS]
    if not terms:
        return offers.none()
    if is_postgres():
        return offers.extra(where=["to_tsvector('simple', registry_courseoffer.search_text) "
                                   "@@ to_tsquery('simple', %s)"], params=[" & ".join(f"{t}:*" for t in terms)])
    match = fts_match_expression(query)
    return offers.extra(where=[f"registry_courseoffer.id IN (SELECT rowid FROM {FTS_TABLE} "
                               f"WHERE {FTS_TABLE} MATCH %s)"], params=[match])


def public_matches(query: str) -> QuerySet[CourseOffer]:
    """Public offers matching `query`. On SQLite the index holds only public offers: no status join."""
    if is_postgres():
        return matching(CourseOffer.objects.public(), query)
    return matching(CourseOffer.objects.all(), query)


def fts_match_expression(query: str) -> str | None:
    terms = stems(query)[:MAX_QUERY_WORDS]
    return " AND ".join('"' + t + '"*' for t in terms) if terms else None


def text_only_page(query: str, offset: int, limit: int) -> tuple[int, list[int]] | None:
    """(count, ids of one page) straight from the FTS5 index, for a search with no other filter.

    The index holds only public offers, so neither the count nor the page needs the offers table:
    this is what keeps a common word (7,000 of 50,000 offers) cheap. None on PostgreSQL.
    """
    match = fts_match_expression(query)
    if is_postgres() or match is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid LIMIT %s OFFSET %s",
                       [match, limit, offset])
        return total, [row[0] for row in cursor.fetchall()]


def text_page_within(query: str, candidates: list[int], offset: int, limit: int) -> tuple[int, list[int]] | None:
    """Like `text_only_page`, among a few candidate offers (e.g. one organization's): the FTS5 index
    is asked about those rowids only, instead of matching every offer with the word first."""
    match = fts_match_expression(query)
    if is_postgres() or match is None:
        return None
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(candidates), 500):
            chunk = candidates[start:start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
                           [match, *chunk])
            found += [row[0] for row in cursor.fetchall()]
    found.sort()
    return len(found), found[offset:offset + limit]
