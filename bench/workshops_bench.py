"""Duplicate engine: quality on the labelled set and time per question as the number of notes grows.

Pure Python (no database). Figures go in docs/benchmarks.md with the machine they were measured on.
"""
import os
import random
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdef")


def quality() -> None:
    from mestring.workshops.evaluation import evaluate, load_labelled

    rows = load_labelled()
    print(f"labelled set: {len(rows)} notes, {len({(r['question_number'], r['cluster']) for r in rows})} statements")
    print(f"{'level':20} {'pairs true':>10} {'predicted':>10} {'correct':>8} {'precision':>9} {'recall':>7}")
    for name, s in evaluate(rows).items():
        print(f"{name:20} {s.true_pairs:10} {s.predicted_pairs:10} {s.correct_pairs:8} {s.precision:9.3f} {s.recall:7.3f}")


def synthetic_notes(count: int, seed: int = 1) -> list[str]:
    """Notes of one question made from the labelled texts with words dropped or swapped."""
    from mestring.workshops.evaluation import load_labelled

    rng = random.Random(seed)
    texts = [r["text"] for r in load_labelled()]
    notes = []
    while len(notes) < count:
        words = rng.choice(texts).split()
        if len(words) > 2 and rng.random() < 0.5:
            words.pop(rng.randrange(len(words)))
        if len(words) > 1 and rng.random() < 0.3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        notes.append(" ".join(words))
    return notes


def speed() -> None:
    from mestring.workshops.dedupe import find_duplicates

    print(f"{'notes in question':>17} {'seconds (best of 3)':>20}")
    for count in (50, 100, 200, 400):
        notes = synthetic_notes(count)
        best = min(timed(find_duplicates, notes) for _ in range(3))
        print(f"{count:17} {best:20.3f}")


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    django.setup()
    quality()
    speed()


if __name__ == "__main__":
    main()
