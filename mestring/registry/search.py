"""Norwegian full-text search over course offers: one entry point, two engines.

SQLite: an FTS5 table (`registry_offer_fts`, rowid = offer id) holding Snowball-Norwegian stems, so
"diabetesen", "kursene" and "pårørendes" match "diabetes", "kurs" and "pårørende". PostgreSQL: the
built-in `norwegian` text search configuration (the same Snowball stemmer) over `search_text`,
with a GIN expression index. User text never reaches SQL: it is reduced to word characters and
stemmed, each stem is quoted (SQLite) or passed to `plainto_tsquery` (PostgreSQL) as a parameter.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

from mestring.registry.models import CourseOffer

FTS_TABLE = "registry_offer_fts"
MAX_QUERY_WORDS = 8
WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("norwegian")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    """Lower-cased word tokens; underscores and digits-only noise are kept simple."""
    return [w for w in WORD.findall(text.casefold().replace("_", " ")) if w]


def stems(text: str) -> list[str]:
    return _stemmer.stemWords(words(text))


def document_for(offer: CourseOffer) -> str:
    """The text an offer is found by: its own words, its terms, its service and its places."""
    parts = [offer.title, offer.title_en, offer.description, offer.description_en, offer.service.name,
             offer.service.host_unit.name, offer.get_format_display(), offer.get_method_display()]
    parts += [t.name for t in offer.diagnosis_groups.all()] + [t.name for t in offer.target_groups.all()]
    parts += [f"{loc.place} {loc.kommune.name}" for loc in offer.locations.all()]
    return " ".join(p for p in parts if p)


def index_offers(offer_ids: Iterable[int]) -> None:
    """Recompute `search_text` (and the FTS5 row on SQLite) for these offers."""
    offers = (CourseOffer.objects.filter(pk__in=list(offer_ids)).select_related("service__host_unit")
              .prefetch_related("diagnosis_groups", "target_groups", "locations__kommune"))
    for offer in offers:
        offer.search_text = document_for(offer)
        CourseOffer.objects.filter(pk=offer.pk).update(search_text=offer.search_text)
        if not is_postgres():
            write_fts_rows([(offer.pk, offer.search_text)])


def write_fts_rows(rows: list[tuple[int, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _ in rows])
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, stems) VALUES (%s, %s)",
                           [(pk, " ".join(stems(text))) for pk, text in rows])


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
    plain = words(query)[:MAX_QUERY_WORDS]
    if not plain:
        return offers.none()
    if is_postgres():  # PostgreSQL stems with its own Snowball copy
        return offers.extra(where=["to_tsvector('norwegian', registry_courseoffer.search_text) "
                                   "@@ plainto_tsquery('norwegian', %s)"], params=[" ".join(plain)])
    terms = _stemmer.stemWords(plain)
    match = " AND ".join('"' + t.replace('"', '') + '"*' for t in terms)
    return offers.extra(where=[f"registry_courseoffer.id IN (SELECT rowid FROM {FTS_TABLE} WHERE stems MATCH %s)"],
                        params=[match])
