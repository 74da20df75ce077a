"""Precision and recall of the duplicate engine on the labelled set of dialogue-café notes.

Used by the test that holds automatic merges to precision 1.0 and by `bench/workshops_bench.py`.
Pairs are counted: a pair of notes is a true duplicate when the set gives both the same cluster.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from mestring.workshops.dedupe import find_duplicates_by_question

LABELLED_SET = Path(__file__).parent / "data" / "labelled_notes.csv"


@dataclass
class Scores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def load_labelled(path: Path = LABELLED_SET) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def pairs_of(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def score(predicted: set, truth: set) -> Scores:
    return Scores(true_pairs=len(truth), predicted_pairs=len(predicted), correct_pairs=len(predicted & truth))


def evaluate(rows: list[dict]) -> dict[str, Scores]:
    """Scores of the automatic merge, of the suggestions and of both together, against the labels."""
    result = find_duplicates_by_question([(r["question_number"], r["text"]) for r in rows])
    truth = {(i, j) for i, j in combinations(range(len(rows)), 2)
             if rows[i]["question_number"] == rows[j]["question_number"] and rows[i]["cluster"] == rows[j]["cluster"]}
    auto = pairs_of(result.auto_merged)
    suggested = pairs_of(result.suggested)
    return {"auto_merge": score(auto, truth), "suggested": score(suggested - auto, truth - auto),
            "auto_or_suggested": score(auto | suggested, truth)}


def wrong_suggestions(rows: list[dict]) -> list[tuple[str, str]]:
    """Suggested pairs the labels call different statements (for tuning and the benchmark notes)."""
    result = find_duplicates_by_question([(r["question_number"], r["text"]) for r in rows])
    return [(rows[i]["text"], rows[j]["text"]) for i, j in sorted(pairs_of(result.suggested))
            if rows[i]["cluster"] != rows[j]["cluster"]]


def missed_pairs(rows: list[dict]) -> list[tuple[str, str]]:
    result = find_duplicates_by_question([(r["question_number"], r["text"]) for r in rows])
    found = pairs_of(result.suggested) | pairs_of(result.auto_merged)
    return [(rows[i]["text"], rows[j]["text"]) for i, j in combinations(range(len(rows)), 2)
            if rows[i]["question_number"] == rows[j]["question_number"]
            and rows[i]["cluster"] == rows[j]["cluster"] and (i, j) not in found]
