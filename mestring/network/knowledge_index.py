"""The knowledge base's search index and "similar" lists, rebuilt from the source objects.

Text is reduced with the project's Norwegian stemmer (`mestring.core.norwegian`, the same one the
course registry uses) so "pårørendes" finds "pårørende" and "kursene" finds "kurs". SQLite keeps the
stems in an FTS5 table; PostgreSQL indexes the same stems with a GIN expression index (`simple`
configuration, since the stemming is already done).

Similarity is TF-IDF cosine over content stems (stop words left out). It is computed when an item
is indexed, against every other item, and each item keeps its `TOP_SIMILAR` best; the items it
beats are told too, so their lists stay current without recomputing all pairs.
"""
from __future__ import annotations

import math
from collections import Counter

from django.db import connection, transaction

from mestring.core.norwegian import stem, stems
from mestring.network.models_knowledge import Document, PracticeExample, Project, SearchEntry, Similar

FTS_TABLE = "network_knowledge_fts"
MAX_INDEXED_CHARS = 1_000_000  # a tsvector holds at most 1 MB; far more than any guide or report
MAX_TERMS = 300
TOP_SIMILAR = 5
MIN_SIMILARITY = 0.05

# Snowball's Norwegian stop list (bokmål and nynorsk function words), as stems.
STOP_WORDS = frozenset(stem(w) for w in """
og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi min
mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl her
alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres kun ja etter ned skulle denne
for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke
sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dei
deira deim di då eg ein eit eitt elles ho henne hennar hennes ikkje ingi inkje korleis kva kvar kven kvi
kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore
verte vort varte vart kr nr bl.a f.eks ca""".split())


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- What each item is found by --------------------------------------------------------------------

def _tag_names(obj) -> list[str]:
    return [t.name for t in obj.tags.all()]


def document_fields(doc: Document) -> dict:
    body = [doc.description, doc.organisation, doc.owner_unit.name if doc.owner_unit else "",
            doc.get_kind_display(), " ".join(_tag_names(doc)), doc.text]
    return dict(kind=doc.kind, title=doc.title, year=doc.year, is_public=doc.is_public,
                tags=[t.slug for t in doc.tags.all()], body=" ".join(body))


def practice_fields(example: PracticeExample) -> dict:
    body = [example.organisation_form, example.target_groups, example.what_was_done, example.what_worked,
            example.unit.name, example.other_partners, " ".join(u.name for u in example.partners.all()),
            " ".join(_tag_names(example))]
    return dict(kind=SearchEntry.PRACTICE, title=example.title, year=example.year,
                is_public=example.is_published, tags=[t.slug for t in example.tags.all()], body=" ".join(body))


def project_fields(project: Project) -> dict:
    body = [project.description, project.get_status_display(), " ".join(u.name for u in project.units.all())]
    return dict(kind=SearchEntry.PROJECT, title=project.name, year=project.starts_on.year,
                is_public=project.is_public, tags=[], body=" ".join(body))


def content_terms(stemmed: list[str]) -> dict[str, int]:
    counts = Counter(s for s in stemmed if s not in STOP_WORDS and len(s) > 2 and not s.isdigit())
    return dict(counts.most_common(MAX_TERMS))


# --- Writing the index ---------------------------------------------------------------------------

@transaction.atomic
def index(obj) -> SearchEntry:
    """Bring `obj`'s search entry (and, for documents and practice examples, similar lists) up to date."""
    source = {Document: "document", PracticeExample: "practice", Project: "project"}[type(obj)]
    fields = {"document": document_fields, "practice": practice_fields, "project": project_fields}[source](obj)
    title_stems = stems(fields["title"])
    body_stems = stems(fields["body"][:MAX_INDEXED_CHARS])
    entry, _ = SearchEntry.objects.update_or_create(**{source: obj}, defaults=dict(
        kind=fields["kind"], title=fields["title"], year=fields["year"], is_public=fields["is_public"],
        tag_slugs=" " + " ".join(fields["tags"]) + " " if fields["tags"] else "",
        title_stems=" ".join(title_stems), search_text=" ".join(title_stems + body_stems),
        terms=content_terms(title_stems * 2 + body_stems) if source != "project" else {}))
    _write_fts(entry)
    if source != "project":
        refresh_similar(entry)
    return entry


def _write_fts(entry: SearchEntry) -> None:
    if is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                       [entry.pk, entry.title_stems, entry.search_text])


def drop(entry_id: int) -> None:
    """Remove an item from the full-text index (its SearchEntry row goes with its source)."""
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])


# --- Similarity ----------------------------------------------------------------------------------

def _vectors() -> dict[int, dict[str, int]]:
    rows = SearchEntry.objects.exclude(kind=SearchEntry.PROJECT).values_list("pk", "terms")
    return {pk: terms for pk, terms in rows if terms}


def _weights(terms: dict[str, int], idf: dict[str, float]) -> dict[str, float]:
    weighted = {t: (1 + math.log(n)) * idf[t] for t, n in terms.items()}
    norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
    return {t: w / norm for t, w in weighted.items()}


def similarities(vectors: dict[int, dict[str, int]], target: int) -> dict[int, float]:
    """Cosine of TF-IDF weights between `target` and every other vector (sublinear tf, smoothed idf)."""
    df = Counter(t for terms in vectors.values() for t in terms)
    n = len(vectors)
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
    mine = _weights(vectors[target], idf)
    scores = {}
    for pk, terms in vectors.items():
        if pk == target or not mine.keys() & terms.keys():
            continue
        theirs = _weights(terms, idf)
        score = sum(w * theirs.get(t, 0.0) for t, w in mine.items())
        if score >= MIN_SIMILARITY:
            scores[pk] = score
    return scores


def refresh_similar(entry: SearchEntry, *, vectors: dict | None = None, offer: bool = True) -> None:
    """Recompute `entry`'s list and (with `offer`) put it into the lists of the items it resembles."""
    Similar.objects.filter(entry=entry).delete()
    if offer:
        Similar.objects.filter(other=entry).delete()
    vectors = _vectors() if vectors is None else vectors
    if entry.pk not in vectors:
        return
    scores = similarities(vectors, entry.pk)
    best = sorted(scores.items(), key=lambda kv: -kv[1])[:TOP_SIMILAR]
    Similar.objects.bulk_create([Similar(entry=entry, other_id=pk, score=s) for pk, s in best])
    if offer:
        _offer(entry.pk, scores)


def _offer(other_id: int, scores: dict[int, float]) -> None:
    """Put `other_id` into the list of every item it now beats the weakest of (or whose list has room).

    All lists are read in one query and changed in two, so a save costs the same few queries
    however large the knowledge base is.
    """
    lists: dict[int, list[tuple[float, int]]] = {}
    for row_pk, entry_id, score in Similar.objects.values_list("pk", "entry_id", "score"):
        lists.setdefault(entry_id, []).append((score, row_pk))
    new, dropped = [], []
    for entry_id, score in scores.items():
        current = sorted(lists.get(entry_id, []), reverse=True)
        if len(current) >= TOP_SIMILAR and current[TOP_SIMILAR - 1][0] >= score:
            continue
        new.append(Similar(entry_id=entry_id, other_id=other_id, score=score))
        dropped += [row_pk for _, row_pk in current[TOP_SIMILAR - 1:]]
    Similar.objects.filter(pk__in=dropped).delete()
    Similar.objects.bulk_create(new)


@transaction.atomic
def rebuild() -> int:
    """Index every item again (after imports or a change of stemming); returns how many."""
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # rows of entries deleted outside the services
    count = 0
    for model in (Document, PracticeExample, Project):
        for obj in model.objects.all():
            index(obj)
            count += 1
    # Later items changed the document frequencies: one more pass over the final corpus makes every list exact.
    vectors = _vectors()
    for entry in SearchEntry.objects.exclude(kind=SearchEntry.PROJECT):
        refresh_similar(entry, vectors=vectors, offer=False)
    return count
