"""Overview benchmark: 5 years of activity reports for all 357 kommuner, 50,000 reported runs (SQLite),
served by `mestring serve` with a private Redis as the shared cache; wrk measures p99 per page.

Also measured: the first request after a report changes (every aggregate rebuilt for that page).
Needs Debian's `wrk` and `redis-server`. Prints a table; record the figures in docs/benchmarks.md.
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_OVERVIEW_RUNS", "50000"))
YEARS = 5
DURATION = os.environ.get("BENCH_DURATION", "10s")
PORT = 8111
REDIS_PORT = 6391
PAGES = [("oversikt", "/oversikt/"), ("tjenester + kart", "/oversikt/tjenester/"),
         ("per 10 000, kommune + kart", "/oversikt/per-innbygger/"),
         ("per 10 000, HF", "/oversikt/per-innbygger/?level=hf"),
         ("diagnosegruppe", "/oversikt/fordeling/"), ("språk", "/oversikt/fordeling/?dimension=sprak"),
         ("brukermedvirkning", "/oversikt/brukermedvirkning/"), ("utvikling 5 år", "/oversikt/utvikling/"),
         ("avstand + kart", "/oversikt/likeverdig-tilgang/"),
         ("per 10 000, filter fylke 46", "/oversikt/per-innbygger/?fylke=46")]


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


def run(env: dict, *args: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mestring.cli", *args], env=env, cwd=BASE, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def python(env: dict, function: str) -> None:
    subprocess.run([sys.executable, "-c", f"from bench.overview_bench import {function}; {function}()"],
                   env={**env, "PYTHONPATH": str(BASE), "DJANGO_SETTINGS_MODULE": "mestring.settings"},
                   cwd=BASE, check=True)


def wrk(url: str) -> tuple[float, float]:
    """(requests per second, p99 latency in ms) with 2 threads and 4 connections."""
    import re

    out = subprocess.run(["wrk", "-t2", "-c4", f"-d{DURATION}", "--latency", url], capture_output=True,
                         text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"non-2xx answers from {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def fetch_ms(url: str) -> float:
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return (time.monotonic() - start) * 1000


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
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def measure(env: dict) -> None:
    server = subprocess.Popen([sys.executable, "-m", "mestring.cli", "serve", "--port", str(PORT)], env=env,
                              cwd=BASE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(1)
        first = {name: fetch_ms(base + path) for name, path in PAGES}
        python(env, "change_one_report")
        after_change = {name: fetch_ms(base + path) for name, path in PAGES}
        print(f"load average before wrk: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
        print(f"| page | first request ms | after a change ms | req/s | p99 ms (wrk, {DURATION}) |")
        print("|---|---|---|---|---|")
        for name, path in PAGES:
            rps, p99 = wrk(base + path)
            print(f"| {name} | {first[name]:.0f} | {after_change[name]:.0f} | {rps:.0f} | {p99:.0f} |")
        print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait()
