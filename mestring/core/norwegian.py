"""Norwegian words and stems for full-text search, shared by every app that searches Norwegian text.

Snowball's Norwegian stemmer is applied *to a fixed point* (until the word stops changing): one pass
maps "diabetesen" to "diabetes" but "diabetes" to "diabet", and "kursene" to "kurs" but "kurs" to
"kur", so text and query only meet when both are reduced all the way.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("norwegian")


def words(text: str) -> list[str]:
    """Lower-cased word tokens; underscores and digits-only noise are kept simple."""
    return [w for w in WORD.findall(text.casefold().replace("_", " ")) if w]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Norwegian to a fixed point; cached, since texts reuse a small vocabulary."""
    for _ in range(4):
        shorter = _stemmer.stemWord(word)
        if shorter == word:
            break
        word = shorter
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]
