"""Mapping: campaign coverage for the 442-unit 2014 campaign and answer saves, on a throwaway SQLite database."""
from __future__ import annotations

import os
import statistics
import tempfile
import time


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="mapping-bench-")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("EMAIL_URL", "locmem://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_structure", verbosity=0)


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    setup_django()
    from mestring.mapping import services
    from mestring.mapping.demo import create_demo_campaign
    from mestring.mapping.selectors import coverage

    campaign = create_demo_campaign()
    survey = campaign.questionnaires.get(purpose="survey")
    units = list(campaign.units.order_by("code"))[300:400]
    payload = {"kontaktperson": "Kari", "organisering": "vert", "ansatte": "3", "tilbud": ["kols"],
               "samarbeid": [{"kommunenummer": "1805"}]}
    cover = timed(lambda: coverage(campaign).counts(), 50)
    it = iter(units)
    saves = timed(lambda: services.save_answers(questionnaire=survey, unit=next(it), payload=payload, submit=True), 100)
    print(f"{'measure':40} {'median ms':>10} {'p95 ms':>10}")
    for name, samples in (("coverage of 442 units (144 answers)", cover), ("save and submit one answer", saves)):
        p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
        print(f"{name:40} {statistics.median(samples):10.1f} {p95:10.1f}")
