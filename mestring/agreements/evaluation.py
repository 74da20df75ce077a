"""Score the classifier on the labelled test set in testset/ (accuracy, macro-F1, evidence hits)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mestring.agreements.classifier import Proposal, classify
from mestring.core.documents import extract

TESTSET = Path(__file__).resolve().parent / "testset"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    level: int
    split: str
    evidence: list[str]


@dataclass(frozen=True)
class Result:
    case: Case
    proposal: Proposal

    @property
    def correct(self) -> bool:
        return self.proposal.level == self.case.level

    @property
    def hits(self) -> int:
        quoted = [" ".join(e.text.split()).lower() for e in self.proposal.evidence]
        return sum(any(" ".join(p.split()).lower() in q for q in quoted) for p in self.case.evidence)


def cases(split: str | None = None) -> list[Case]:
    labels = json.loads((TESTSET / "labels.json").read_text())
    found = [Case(name, TESTSET / "files" / f"{name}.{label['format']}", label["level"], label["split"],
                  label["evidence"]) for name, label in labels.items() if not name.startswith("_")]
    return [c for c in found if split in (None, c.split)]


def run(split: str | None = None) -> list[Result]:
    return [Result(c, classify(extract(c.path.read_bytes(), filename=c.path.name).text)) for c in cases(split)]


def macro_f1(results: list[Result]) -> float:
    scores = []
    for level in range(4):
        tp = sum(r.proposal.level == level and r.case.level == level for r in results)
        fp = sum(r.proposal.level == level and r.case.level != level for r in results)
        fn = sum(r.proposal.level != level and r.case.level == level for r in results)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def summary(results: list[Result]) -> dict[str, float]:
    expected = sum(len(r.case.evidence) for r in results)
    return {"agreements": len(results), "accuracy": sum(r.correct for r in results) / len(results),
            "macro_f1": macro_f1(results), "evidence_hits": sum(r.hits for r in results),
            "evidence_expected": expected}
