"""Overview benchmark: 5 years of activity reports for all 357 kommuner, 50,000 reported runs (SQLite),
served by `mestring serve` with a private Redis as the shared cache; wrk (16 connections) measures
p50, p99, req/s and the server's CPU time per request for each public /oversikt/ page, with years,
levels and filters.

Also measured, page by page: the first request after one report changes (a) while the rebuild job is
queued and not yet run (the previous figures are served, marked), (b) once `mestring worker` has run
the job (timed too), and (c) with no worker and the stale window passed (the request computes). And,
in one process on the same data: the national report's steps (PDF + XLSX) and a fact sheet for a
kommune and an HF, with an empty cache.

Needs Debian's `wrk` and `redis-server`. Prints tables; record the figures in docs/benchmarks.md.
BENCH_OVERVIEW_RUNS (default 50000) sets the data size, BENCH_DURATION the wrk time per page,
BENCH_WORKERS / BENCH_THREADS set `mestring serve --workers/--threads`. A smoke run:
BENCH_OVERVIEW_RUNS=500 BENCH_DURATION=2s python -c "from bench.overview_bench import main; main()"
"""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.serving import cpu_seconds, load

BASE = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_OVERVIEW_RUNS", "50000"))
YEARS = 5
DURATION = os.environ.get("BENCH_DURATION", "10s")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "2")
PORT = 8111
REDIS_PORT = 6391
LAST = dt.date.today().year - 1  # the newest reported year (generate() writes LAST - 4 … LAST)
PAGES = [("oversikt", "/oversikt/"), ("oversikt, eldste år", f"/oversikt/?year={LAST - YEARS + 1}"),
         ("tjenester + kart", "/oversikt/tjenester/"),
         ("per 10 000, kommune + kart", "/oversikt/per-innbygger/"),
         ("per 10 000, fylke", "/oversikt/per-innbygger/?level=fylke"),
         ("per 10 000, HF", "/oversikt/per-innbygger/?level=hf"),
         ("per 10 000, filter fylke 46", "/oversikt/per-innbygger/?fylke=46"),
         ("per 10 000, filter RHF Nord, året før", f"/oversikt/per-innbygger/?rhf=helse-nord&year={LAST - 1}"),
         ("diagnosegruppe", "/oversikt/fordeling/"), ("målgruppe", "/oversikt/fordeling/?dimension=malgruppe"),
         ("språk", "/oversikt/fordeling/?dimension=sprak"), ("digitalt", "/oversikt/fordeling/?dimension=digital"),
         ("diagnosegruppe, filter HF UNN", "/oversikt/fordeling/?hf=universitetssykehuset-nord-norge"),
         ("brukermedvirkning", "/oversikt/brukermedvirkning/"),
         ("brukermedvirkning, fylke", "/oversikt/brukermedvirkning/?level=fylke"),
         ("utvikling 5 år", "/oversikt/utvikling/"), ("utvikling 5 år, filter fylke 46", "/oversikt/utvikling/?fylke=46"),
         ("avstand + kart", "/oversikt/likeverdig-tilgang/"),
         ("avstand + kart, kreft", "/oversikt/likeverdig-tilgang/?group=kreft")]


def generate() -> None:
    """Build the data set with bulk_create (runs inside the served database's environment)."""
    import django

    django.setup()
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction

    from mestring.activity.models import ActivityReport, ReportingYear, RunActivity
    from mestring.registry import geo
    from mestring.registry.models import CourseOffer, CourseRun, Location, Service, TaxonomyTerm
    from mestring.structure.models import Unit

    rng = random.Random(2026)
    kommuner = list(Unit.objects.current().filter(kind=Unit.Kind.KOMMUNE).order_by("code"))
    hfs = list(Unit.objects.current().filter(kind=Unit.Kind.HF).order_by("code"))
    diagnoses = list(TaxonomyTerm.objects.filter(taxonomy__slug="diagnosegrupper"))
    targets = list(TaxonomyTerm.objects.filter(taxonomy__slug="malgrupper"))
    centres = geo.kommune_centres()
    forms = [f for f in Service.Form.values if f != "lms_hf"]
    last = dt.date.today().year - 1
    with transaction.atomic():
        services = Service.objects.bulk_create(
            [Service(name=f"LM-tjenesten i {k.name}", form=rng.choice(forms), host_unit=k) for k in kommuner]
            + [Service(name=f"LMS {h.name}", form="lms_hf", host_unit=h) for h in hfs])
        hf_homes = {h.pk: next(c.area for c in h.catchment_areas.select_related("area")[:1]) for h in hfs
                    if h.catchment_areas.exists()}
        def home(service):
            unit = service.host_unit
            return unit if unit.kind == "kommune" else hf_homes.get(unit.pk, kommuner[0])

        def point(service):
            lat, lon = centres.get(home(service).code, (60.0, 10.0))
            return {"latitude": Decimal(str(lat)), "longitude": Decimal(str(lon))}

        locations = Location.objects.bulk_create([
            Location(service=s, name="Helsehuset", address="Storgata 1", place="Sted", kommune=home(s), **point(s))
            for s in services])
        offers = CourseOffer.objects.bulk_create([
            CourseOffer(service=s, title=f"Kurs {i} i {s.name}", description="Kurs.", sign_up="Ring oss.",
                        languages="nb", format=rng.choice(["group", "group", "digital"]))
            for s in services for i in range(3)])
        place = {s.pk: loc for s, loc in zip(services, locations)}
        through = CourseOffer.diagnosis_groups.through
        through.objects.bulk_create([through(courseoffer=o, taxonomyterm=d) for o in offers
                                     for d in rng.sample(diagnoses, 2)])
        tthrough = CourseOffer.target_groups.through
        tthrough.objects.bulk_create([tthrough(courseoffer=o, taxonomyterm=rng.choice(targets)) for o in offers])
        lthrough = CourseOffer.locations.through
        lthrough.objects.bulk_create([lthrough(courseoffer=o, location=place[o.service_id]) for o in offers])
        reporting = {y: ReportingYear.objects.create(year=y) for y in range(last - YEARS + 1, last + 1)}
        reports = {(s.pk, y): r for (s, y), r in zip(
            [(s, y) for s in services for y in reporting],
            ActivityReport.objects.bulk_create([ActivityReport(service=s, reporting_year=reporting[y])
                                                for s in services for y in reporting]))}
        per_year = RUNS // YEARS
        for year in reporting:
            chosen = [rng.choice(offers) for _ in range(per_year)]
            runs = CourseRun.objects.bulk_create([
                CourseRun(offer=o, starts_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), schedule="kveld",
                          location=place[o.service_id], is_digital=o.format == "digital") for o in chosen])
            RunActivity.objects.bulk_create([
                RunActivity(report=reports[(o.service_id, year)], run=r, participants_patients=rng.randint(3, 15),
                            participants_relatives=rng.randint(0, 5), sessions=rng.randint(1, 8),
                            hours=Decimal("8.0"), experienced_users_taught=rng.random() < 0.7,
                            language="nb" if rng.random() < 0.93 else rng.choice(["ar", "so", "pl", "uk"]),
                            is_digital=r.is_digital) for o, r in zip(chosen, runs)], batch_size=2000)
    print(f"generated {RunActivity.objects.count()} reported runs, {len(services)} services, {len(offers)} offers")


def in_process(requests: int = 100) -> None:
    """Server-side time only: Django's test client in one process, no HTTP or worker queueing."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"| page | server-side p50 ms | server-side p99 ms ({requests} requests) |")
    print("|---|---|---|")
    for name, path in PAGES:
        client.get(path)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"| {name} | {times[len(times) // 2]:.0f} | {times[int(len(times) * 0.99) - 1]:.0f} |")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def change_one_report() -> None:
    """A coordinator corrects one run: saving it must invalidate the overviews."""
    import django

    django.setup()
    from mestring.activity.models import RunActivity

    row = RunActivity.objects.order_by("-pk").first()
    row.participants_patients += 1
    row.save()


def reset() -> None:
    """An empty cache and task queue (loading the structure queued a rebuild job): every page starts cold."""
    import django

    django.setup()
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    cache.clear()
    DBTaskResult.objects.all().delete()


def rebuild_durations() -> None:
    """How long each rebuild job the worker ran took, and what it returned."""
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.filter(task_path="mestring.overview.tasks.rebuild_overviews").order_by(
            "enqueued_at"):
        took = (row.finished_at - row.started_at).total_seconds() if row.finished_at and row.started_at else None
        print(f"rebuild job: {row.status}, {row.return_value!r}, "
              f"{'not run' if took is None else f'{took:.1f} s in the worker'}")


def expire_pending() -> None:
    """As if the worker had not run for longer than OVERVIEW_STALE_SECONDS after the last change."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache

    from mestring.overview.cache import PENDING_KEY

    cache.set(PENDING_KEY, time.time() - settings.OVERVIEW_STALE_SECONDS - 1, timeout=None)


def report_timings() -> None:
    """The national report (every step, PDF and XLSX) and two fact sheets, each from an empty cache."""
    import django

    django.setup()
    from mestring.overview import cache, factsheets
    from mestring.overview.models import ReportJob
    from mestring.overview.report_services import run_step
    from mestring.overview.reports import STEPS
    from mestring.structure.models import Unit

    def timed(what: str, function) -> None:
        cache.bump()  # a new data version: nothing cached
        start = time.perf_counter()
        function()
        print(f"| {what} | {time.perf_counter() - start:.1f} |", flush=True)

    def report() -> None:
        job = ReportJob.objects.create(year=LAST)
        for step in range(len(STEPS)):
            run_step(job=job, step=step)
        job.refresh_from_db()
        assert job.status == ReportJob.Status.DONE, job.message
        job.pdf.delete(save=False)  # the files went to the project's var/media
        job.xlsx.delete(save=False)
        job.delete()

    print("| built in one process, empty cache | seconds |\n|---|---|")
    timed(f"national report {LAST}: {len(STEPS)} steps, PDF + XLSX", report)
    for kind, code in (("kommune", "5501"), ("hf", "universitetssykehuset-nord-norge")):
        unit = Unit.objects.current().get(kind=kind, code=code)
        timed(f"fact sheet {unit.name} {LAST}", lambda unit=unit: factsheets.factsheet_pdf(unit, LAST))


def run(env: dict, *args: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mestring.cli", *args], env=env, cwd=BASE, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def python(env: dict, function: str) -> None:
    subprocess.run([sys.executable, "-c", f"from bench.overview_bench import {function}; {function}()"],
                   env={**env, "PYTHONPATH": str(BASE), "DJANGO_SETTINGS_MODULE": "mestring.settings"},
                   cwd=BASE, check=True)


def wrk(url: str) -> tuple[float, float, float, int]:
    """(requests per second, p50 ms, p99 ms, requests) with 2 threads and 16 connections."""
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency", url], capture_output=True,
                         text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"non-2xx answers from {url}:\n{out}")

    def ms(percent: str) -> float:
        value, unit = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, ms("50"), ms("99"), int(re.search(r"(\d+) requests in", out).group(1))


def fetch_ms(url: str) -> tuple[float, bool]:
    """(milliseconds, whether the page said its figures are being updated)."""
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=300) as response:
        body = response.read().decode()
    return (time.monotonic() - start) * 1000, "Tallene oppdateres" in body


def main() -> None:
    if not (shutil.which("wrk") and shutil.which("redis-server")):
        print("wrk or redis-server is not installed (apt-get install wrk redis-server); overview benchmark skipped")
        return
    tmp = Path(tempfile.mkdtemp(prefix="overview_bench_"))
    redis = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "DEBUG": "false",
           "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0", "ALLOWED_HOSTS": "127.0.0.1",
           "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789abcdef", "SITE_URL": f"http://127.0.0.1:{PORT}",
           "EMAIL_URL": "locmem://"}
    try:
        for step in (["migrate", "-v0"], ["load_structure", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            run(env, *step)
        python(env, "generate")
        measure(env)
        python(env, "in_process")
        python(env, "report_timings")
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def first_requests(base: str) -> dict[str, str]:
    """Each page once, in order: 'ms' or 'ms (old)' when the page served the previous figures."""
    result = {}
    for name, path in PAGES:
        ms, updating = fetch_ms(base + path)
        result[name] = f"{ms:.0f}{' (old)' if updating else ''}"
    return result


def measure(env: dict) -> None:
    server = subprocess.Popen([sys.executable, "-m", "mestring.cli", "serve", "--port", str(PORT),
                               "--workers", WORKERS, "--threads", THREADS], env=env, cwd=BASE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(1)
        python(env, "reset")
        first = first_requests(base)
        python(env, "change_one_report")  # queues the rebuild job (run OVERVIEW_REBUILD_DELAY s later)
        queued = first_requests(base)
        time.sleep(6)
        job_seconds = run(env, "db_worker", "--batch")  # what `mestring worker` does with the queued job
        python(env, "rebuild_durations")
        after_job = first_requests(base)
        python(env, "change_one_report")
        python(env, "expire_pending")
        no_worker = first_requests(base)
        print(f"worker process (start, run the queued job, exit): {job_seconds:.1f} s; "
              f"{WORKERS} workers × {THREADS} threads, {os.cpu_count()} cores, load {load()}")
        print("| page | first request ms | after a change, job queued ms | after the job ms "
              f"| after a change, no worker ms | req/s | p50 ms | p99 ms | CPU ms/req | load (wrk 16 conn., {DURATION}) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, path in PAGES:
            fetch_ms(base + path)
            before = cpu_seconds(server.pid)
            rps, p50, p99, done = wrk(base + path)
            cpu = 1000 * (cpu_seconds(server.pid) - before) / max(done, 1)
            print(f"| {name} | {first[name]} | {queued[name]} | {after_job[name]} | {no_worker[name]} | {rps:.0f} "
                  f"| {p50:.0f} | {p99:.0f} | {cpu:.1f} | {load().split()[0]} |", flush=True)
    finally:
        server.terminate()
        server.wait()
