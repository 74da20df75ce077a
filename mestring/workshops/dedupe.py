"""The duplicate engine for dialogue-café notes: exact merges and suggested near-duplicate groups.

Pure Python (no database), so the web pages, the `workshop_dedupe` command and the benchmark share
one implementation. Two levels, on purpose:

* **automatic merge** only for notes whose text is identical after normalising case, whitespace,
  punctuation and "&"/"og" — nothing a person could disagree with;
* **suggestions** for near-duplicates (typos, word order, close paraphrase) found with Norwegian
  stemming, stop words and typo-tolerant word matching. A suggestion is never made between notes
  that differ by negation, by actor or group ("kommunen" vs "sykehuset", "barn" vs "eldre") or by a
  number: those differ in meaning, and only a person may decide to merge them.

No embedding model is used: none that is multilingual ships its weights inside a PyPI package here,
so the rules are the whole engine (see docs/benchmarks.md for how well they do).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import snowballstemmer

# Similarity at or above which two notes are suggested as one statement (tuned on the labelled set).
SUGGEST_THRESHOLD = 0.5
# Every pair inside a suggested group must be at least this similar (complete linkage), so a group
# cannot chain from one statement to a different one through a middle note.
LINK_FLOOR = 0.5

WORD = re.compile(r"\w+")
NEGATIONS = frozenset({"ikke", "ikkje", "ingen", "inga", "intet", "inkje", "ingenting", "aldri", "uten",
                       "verken", "hverken", "nei", "unngå", "slutt"})
# Bokmål function words, plus the "we need / should / more" words every note is full of, which say
# nothing about which statement it is. Negations are deliberately absent.
STOP_WORDS = frozenset("""
og i jeg det at en et den til er som på de med han av for der så var meg seg men ett har om vi min
mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl
her alle vil bli ble blitt kunne inn når være kom noen noe ville dere deres kun ja etter ned skulle
denne for deg si sine sitt mot å meget hvorfor dette disse hvordan både bare enn fordi før mange
også slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå
ho hoe henne hennar hennes hoss hossen ingi korleis korso kva kvar kvarhelst kven kvi
kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme um upp vere
vore verte vort varte vart må bør burde trenger trengs trenge behov ønsker ønske ønskes viktig viktigere
mer mere flere bedre god gode godt få gjøre gi gis mye lage lages sikre sørge hver hvert ethvert
""".split())
# Actors and groups: two notes naming different ones are never suggested as one statement.
ACTOR_PATTERNS: list[tuple[str, re.Pattern]] = [
    (group, re.compile(rf"^(?:{pattern})$")) for group, pattern in [
        ("kommune", r"kommune(?:n|ne|ns|nes|r)?|kommunal\w*|kommunehelse\w*|bydel\w*|interkommunal\w*"),
        ("sykehus", r"sykehus\w*|helseforetak\w*|hf|spesialisthelse\w*|lms|lærings\w*senter\w*"),
        ("fastlege", r"fastleg\w*|leg(?:e|en|ene|er)"),
        ("barn", r"barn\w*"),
        ("unge", r"unge|ungdom\w*"),
        ("eldre", r"eldre"),
        ("pårørende", r"pårørende\w*"),
        ("brukerrepresentant", r"brukerrepresentant\w*|erfaringskonsulent\w*|likeperson\w*"),
        ("brukerorganisasjon", r"brukerorganisasjon\w*|pasientorganisasjon\w*|ffo"),
        ("bruker", r"bruker(?:e|en|ne)?|pasient(?:er|en|ene)?|deltaker\w*"),
        ("fagperson", r"fagperson\w*|helsepersonell\w*|ansatte"),
        ("minoritet", r"minoritet\w*|innvandrer\w*|flyktning\w*"),
        ("nav", r"nav"),
        ("frisklivssentral", r"frisklivs\w*"),
        ("skole", r"skole\w*"),
        ("arbeidsgiver", r"arbeidsgiver\w*"),
        ("staten", r"staten|helsedirektoratet|direktoratet|departementet"),
    ]
]
# Words that mean the same in these notes (after normalising), mapped to one form.
SYNONYMS = {
    "applikasjon": "app", "appen": "app", "apper": "app", "nettside": "nettsted", "nettsiden": "nettsted",
    "hjemmeside": "nettsted", "hjemmesiden": "nettsted", "nettstedet": "nettsted", "webside": "nettsted",
    "oversikter": "oversikt", "oversikten": "oversikt", "kontaktperson": "kontakt", "kontaktpersoner": "kontakt",
    "kontaktpunkt": "kontakt", "tilbudene": "tilbud", "kursene": "tilbud", "kurs": "tilbud", "kurstilbud": "tilbud",
    "synliggjøre": "synlig", "synliggjøring": "synlig", "synlige": "synlig", "tilgjengelige": "tilgjengelig",
    "nettverk": "nettverk", "elæring": "elæring", "nettkurs": "elæring", "læring": "læring",
    "honorar": "betaling", "honorering": "betaling", "lønn": "betaling", "betale": "betaling",
    "samarbeidsavtalene": "samarbeidsavtale", "samarbeidsavtaler": "samarbeidsavtale", "avtaler": "avtale",
    "tolk": "tolk", "tolker": "tolk", "tolking": "tolk",
}
# Number words (not "en"/"ett", which are mostly articles) count as the digits they stand for.
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "null _ to tre fire fem seks sju åtte ni ti elleve tolv".split()) if w != "_"} | {"syv": "7"}
_stemmer = snowballstemmer.stemmer("norwegian")


def exact_key(text: str) -> str:
    """The text as the automatic merge compares it: case, whitespace, punctuation and "&"/"og" ignored."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " og ")
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return " ".join(text.split())


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _stemmer.stemWord(SYNONYMS.get(word, word))


def actor_of(word: str) -> str | None:
    for group, pattern in ACTOR_PATTERNS:
        if pattern.match(word):
            return group
    return None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts once), cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def typo_limit(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def typo_map(words: Counter) -> dict[str, str]:
    """Map each rare misspelling to the more common word it is one or two typing errors from.

    Only words of five letters or more are corrected (short words are too easily another real word),
    the first letter must agree, and negations are never corrected into something else.
    """
    by_start: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if len(word) >= 5 and word not in NEGATIONS and not word.isdigit():
            by_start[word[0]].append(word)
    mapping: dict[str, str] = {}
    for bucket in by_start.values():
        bucket.sort(key=lambda w: (-words[w], w))
        for i, word in enumerate(bucket):
            for better in bucket[:i]:
                if better in mapping or stem(better) == stem(word):
                    continue
                if edit_distance(word, better, typo_limit(word)) <= typo_limit(word):
                    mapping[word] = better
                    break
    return mapping


@dataclass
class NoteFeatures:
    """What the engine knows about one note: its words, content stems and meaning markers."""

    words: list[str]
    stems: frozenset[str]
    trigrams: frozenset[str]
    negated: bool
    actors: frozenset[str]
    numbers: frozenset[str]


def features(text: str, corrections: dict[str, str]) -> NoteFeatures:
    words = [corrections.get(w, w) for w in WORD.findall(exact_key(text))]
    # Actors must agree anyway (see `blocked`), so they do not add to similarity: two notes about
    # "brukerrepresentanter" are not alike for that alone. A note of actors only keeps them.
    content = [w for w in words if w not in STOP_WORDS and w not in NEGATIONS and not actor_of(w)] or [
        w for w in words if actor_of(w)]
    stems = frozenset(stem(w) for w in content if not w.isdigit())
    joined = " ".join(sorted(stems))
    return NoteFeatures(
        words=words, stems=stems, trigrams=frozenset(joined[i:i + 3] for i in range(max(len(joined) - 2, 0))),
        negated=any(w in NEGATIONS for w in words), actors=frozenset(filter(None, map(actor_of, words))),
        numbers=frozenset(NUMBER_WORDS.get(w, w) for w in words if w.isdigit() or w in NUMBER_WORDS))


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def blocked(a: NoteFeatures, b: NoteFeatures) -> bool:
    """True when the two notes differ in meaning: negation, actor/group or number."""
    return a.negated != b.negated or a.actors != b.actors or a.numbers != b.numbers


def similarity(a: NoteFeatures, b: NoteFeatures) -> float:
    """Word-stem overlap, helped by character trigrams for compounds ("tilbudsoversikt")."""
    return 0.6 * dice(a.stems, b.stems) + 0.4 * dice(a.trigrams, b.trigrams)


@dataclass
class Result:
    """Groups of input positions: merged automatically, and suggested for a person to confirm."""

    auto_merged: list[list[int]] = field(default_factory=list)
    suggested: list[list[int]] = field(default_factory=list)
    kept: dict[int, int] = field(default_factory=dict)  # first row of a group -> row whose text is kept


def exact_groups(texts: list[str]) -> list[list[int]]:
    """Positions with the same exact key, in first-seen order; empty notes stay alone."""
    groups: dict[str, list[int]] = {}
    singles = []
    for i, text in enumerate(texts):
        key = exact_key(text)
        if key:
            groups.setdefault(key, []).append(i)
        else:
            singles.append([i])
    return sorted(list(groups.values()) + singles)


def suggest(units: list[list[int]], feats: list[NoteFeatures]) -> list[list[int]]:
    """Join exact groups into suggested groups: best pairs first, never across a blocked pair."""
    rep = [feats[unit[0]] for unit in units]
    pairs = []
    for i, j in combinations(range(len(units)), 2):
        if not blocked(rep[i], rep[j]):
            score = similarity(rep[i], rep[j])
            if score >= LINK_FLOOR:
                pairs.append((score, i, j))
    score_of = {(i, j): s for s, i, j in pairs}
    members = {i: [i] for i in range(len(units))}
    owner = list(range(len(units)))
    for score, i, j in sorted(pairs, reverse=True):
        a, b = owner[i], owner[j]
        if score < SUGGEST_THRESHOLD or a == b:
            continue
        if all((min(x, y), max(x, y)) in score_of for x in members[a] for y in members[b]):
            members[a] += members.pop(b)
            for x in members[a]:
                owner[x] = a
    return sorted(sorted(r for u in group for r in units[u]) for group in members.values() if len(group) > 1)


def clearest(rows: list[int], texts: list[str], vocabulary: Counter) -> int:
    """The row whose wording to keep: fewest rare (likely misspelt) words, then the fuller text."""
    def score(row: int):
        words = WORD.findall(exact_key(texts[row]))
        known = sum(vocabulary[w] > 1 for w in words) / max(len(words), 1)
        return (known, texts[row][:1].isupper(), len(words), -row)
    return max(rows, key=score)


def find_duplicates(texts: list[str]) -> Result:
    """Duplicate groups among the notes of one question (both tables together)."""
    vocabulary = Counter(w for t in texts for w in WORD.findall(exact_key(t)))
    corrections = typo_map(vocabulary)
    feats = [features(t, corrections) for t in texts]
    units = exact_groups(texts)
    result = Result(auto_merged=[u for u in units if len(u) > 1], suggested=suggest(units, feats))
    for group in result.auto_merged + result.suggested:
        result.kept[group[0]] = clearest(group, texts, vocabulary)
    return result


def find_duplicates_by_question(rows: list[tuple[str, str]]) -> Result:
    """Duplicate groups over many questions; `rows` are (question, text) and positions are row indices."""
    by_question: dict[str, list[int]] = defaultdict(list)
    for index, (question, _text) in enumerate(rows):
        by_question[question].append(index)
    merged = Result()
    for indices in by_question.values():
        part = find_duplicates([rows[i][1] for i in indices])
        merged.auto_merged += [[indices[p] for p in g] for g in part.auto_merged]
        merged.suggested += [[indices[p] for p in g] for g in part.suggested]
        merged.kept.update({indices[k]: indices[v] for k, v in part.kept.items()})
    merged.auto_merged.sort()
    merged.suggested.sort()
    return merged
