"""Norwegian search over extracted agreement text: words reduced to Snowball stems, on any database."""
from __future__ import annotations

import re

import snowballstemmer

STEMMER = snowballstemmer.stemmer("norwegian")
WORD = re.compile(r"[0-9a-zæøåéèóòâô]+")


def stems(text: str) -> str:
    """Space-separated stems; a search matches words that start with a query stem, so compounds
    such as «mestringskurs» are found by «mestring»."""
    words = WORD.findall(text.lower())
    return " " + " ".join(STEMMER.stemWords(words)) + " " if words else ""


def query_stems(query: str) -> list[str]:
    return [f" {s}" for s in STEMMER.stemWords(WORD.findall(query.lower()))[:8]]
