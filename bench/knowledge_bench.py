"""Knowledge base: search latency and the per-save cost of the "similar documents" precomputation.

Builds a synthetic corpus of N documents (Norwegian words, each ~1,500 words of text) in a temporary
SQLite database (or PostgreSQL database knowledge_bench when DATABASE_URL points at PostgreSQL), then
times searches (a common word, a rare inflected word, two words with a filter) and one document's
re-index with its similarity pass against all others. Run: python -m bench (or make bench).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (500,)
VOCABULARY = ("pårørende kurs kursene mestring diabetes kols demens samtalegruppe brukerrepresentant kommune "
              "helseforetak opplæring samarbeid avtale veileder rapport evaluering deltaker kursholder tilbud "
              "psykisk helse rus smerte kreft hjerte lunge trening ernæring søvn angst depresjon barn unge eldre "
              "innvandrer tolk likeperson erfaring frisklivssentral hjemmetjeneste fastlege sykepleier").split()
QUERIES = [("common word", "kurs", ""), ("rare inflected word", "frisklivssentralene", ""),
           ("two words + type filter", "pårørendes demens", "report")]

SCRIPT = """
import random, statistics, sys, time
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from mestring.accounts.models import User
from mestring.network import knowledge_index, knowledge_search as search
from mestring.network.models_knowledge import Document, SearchEntry

n, vocabulary, queries = int(sys.argv[1]), sys.argv[2].split(), eval(sys.argv[3])
call_command("migrate", verbosity=0)
rng = random.Random(7)
admin = User.objects.create_user("bench@example.no", None)
kinds = ["guide", "report", "presentation", "template"]
docs = [Document(title=" ".join(rng.choices(vocabulary, k=5)), kind=rng.choice(kinds), description="Benchmark.",
                 year=rng.randint(2015, 2026), is_public=True, file="bench.txt", original_name="bench.txt",
                 file_format="txt", size=1, created_by=admin, extraction="done",
                 text=" ".join(rng.choices(vocabulary, k=1500))) for _ in range(n)]
Document.objects.bulk_create(docs, batch_size=500)
start = time.perf_counter()
for d in Document.objects.all():
    entry = SearchEntry.objects.create(document=d, **{k: v for k, v in knowledge_index.document_fields(d).items()
                                                      if k in ("kind", "title", "year", "is_public")})
    entry.title_stems = " ".join(knowledge_index.stems(d.title))
    body = knowledge_index.stems(d.text)
    entry.search_text = entry.title_stems + " " + " ".join(body)
    entry.terms = knowledge_index.content_terms(body)
    entry.save()
    knowledge_index._write_fts(entry)
build = time.perf_counter() - start
anonymous = AnonymousUser()
rows = []
for label, q, kind in queries:
    times, count = [], 0
    for _ in range(30):
        t = time.perf_counter()
        results = search.search(anonymous, search.Filters(query=q, kind=kind))
        count = results.count()
        page = search.with_sources(results[:20])
        [search.highlight(search.snippet_source(e), q) for e in page]
        times.append((time.perf_counter() - t) * 1000)
    rows.append((label, count, statistics.median(times), max(times)))
one = Document.objects.order_by("pk").first()
times = []
for _ in range(5):
    t = time.perf_counter()
    knowledge_index.index(one)
    times.append((time.perf_counter() - t) * 1000)
print(repr((connection.vendor, build, rows, statistics.median(times))))
"""


def database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'knowledge.sqlite3'}"
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "knowledge_bench"')
        conn.execute('CREATE DATABASE "knowledge_bench"')
    return f"{base}/knowledge_bench"


def run(n: int) -> tuple:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": database_url(Path(tmp)), "DEBUG": "true", "CACHE_URL": "locmem://",
               "DJANGO_SETTINGS_MODULE": "mestring.settings"}
        code = "import django; django.setup()\n" + SCRIPT
        out = subprocess.run([sys.executable, "-c", code, str(n), " ".join(VOCABULARY), repr(QUERIES)], env=env,
                             cwd=ROOT, check=True, capture_output=True, text=True).stdout
        return eval(out.strip().splitlines()[-1])  # our own repr() from the child process


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    print("| documents | engine | query | matches | median ms | max ms |")
    print("|---|---|---|---|---|---|")
    per_save = []
    for n in SIZES:
        vendor, build, rows, save_ms = run(n)
        for label, count, median, worst in rows:
            print(f"| {n} | {vendor} | {label} | {count} | {median:.1f} | {worst:.1f} |")
        per_save.append((n, vendor, save_ms))
    print("\n| documents | engine | re-index one document incl. similar (median ms) |")
    print("|---|---|---|")
    for n, vendor, ms in per_save:
        print(f"| {n} | {vendor} | {ms:.0f} |")


if __name__ == "__main__":
    main()
