"""Agreement review: quality on the labelled test set (dev and holdout) and speed of extraction and
classification per format. Run: python -m bench (or make bench)."""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")


def quality() -> None:
    from mestring.agreements import evaluation

    print("| split | agreements | accuracy | macro-F1 | evidence hits |")
    print("|---|---|---|---|---|")
    for split in ("dev", "holdout", None):
        s = evaluation.summary(evaluation.run(split))
        print(f"| {split or 'all'} | {s['agreements']} | {s['accuracy']:.2f} | {s['macro_f1']:.2f} | "
              f"{s['evidence_hits']}/{s['evidence_expected']} |")


def naive_level(text: str) -> int:
    """A keyword baseline without look-alike handling, to show what the traps cost a naive reader."""
    import re

    low = text.lower()
    if not re.search(r"læring|mestr|opplæring", low):
        return 0
    if re.search(r"felles|kontaktperson|brukerrepresentant|nettverk", low):
        return 3
    return 2 if re.search(r"ansvar|skal", low) else 1


def baseline() -> None:
    from mestring.agreements import evaluation
    from mestring.core.documents import extract

    cases = evaluation.cases()
    right = sum(naive_level(extract(c.path.read_bytes()).text) == c.level for c in cases)
    print(f"\nNaive keyword baseline (no look-alike handling), all {len(cases)}: accuracy {right / len(cases):.2f}")


def speed(rounds: int = 20) -> None:
    from mestring.agreements import evaluation
    from mestring.agreements.classifier import classify
    from mestring.core.documents import extract

    print("\n| format | files | extract ms (median) | classify ms (median) |")
    print("|---|---|---|---|")
    by_format: dict[str, list] = {}
    for case in evaluation.cases():
        by_format.setdefault(case.path.suffix, []).append(case.path.read_bytes())
    for suffix, files in sorted(by_format.items()):
        ex, cl = [], []
        for _ in range(rounds):
            for data in files:
                t0 = time.perf_counter()
                text = extract(data).text
                t1 = time.perf_counter()
                classify(text)
                ex.append((t1 - t0) * 1000)
                cl.append((time.perf_counter() - t1) * 1000)
        print(f"| {suffix} | {len(files)} | {statistics.median(ex):.1f} | {statistics.median(cl):.2f} |")


def main() -> None:
    print("## agreements")
    quality()
    baseline()
    speed()


if __name__ == "__main__":
    main()
