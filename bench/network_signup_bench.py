"""Benchmark of the public sign-up page: a real `mestring serve` (gunicorn) on a fresh database.

Measures GET of the event page and POST of sign-ups (seat and waitlist paths) with 8 clients in
parallel, each sign-up from its own loopback address like separate people. Prints a table.
Database: a temporary SQLite file, or PostgreSQL (database network_bench) when DATABASE_URL
points at PostgreSQL.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mestring.core.testing.browser import free_port, wait_for
from mestring.network.tests.live import SiteClient, loopback, signup_template

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8
PAGE_REQUESTS = 600
SIGNUPS = 1200
CAPACITY = 1000
SLUG = "bench-konferanse"
MAKE_EVENT = f"""
import datetime as dt
from django.utils import timezone
from mestring.network.models import Event
start = timezone.now() + dt.timedelta(days=30)
Event.objects.create(title="Benchmark", slug="{SLUG}", summary="Benchmark.", programme="09.00 Start",
    place="Oslo", starts_at=start, ends_at=start + dt.timedelta(hours=6), capacity={CAPACITY},
    is_published=True, delete_personal_data_on=(start + dt.timedelta(days=30)).date())
"""
COUNT = f"""
from mestring.network.models import Registration
qs = Registration.objects.filter(event__slug="{SLUG}")
print(qs.filter(status="confirmed").count(), qs.filter(status="waitlisted").count())
"""


def database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "network_bench"')
        conn.execute('CREATE DATABASE "network_bench"')
    return f"{base}/network_bench"


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run(label: str, count: int, call) -> tuple:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        latencies = sorted(pool.map(lambda n: timed(lambda: call(n)), range(count)))
    wall = time.perf_counter() - start
    p = lambda q: latencies[min(int(q * len(latencies)), len(latencies) - 1)] * 1000  # noqa: E731
    return label, count, count / wall, statistics.median(latencies) * 1000, p(0.95), p(0.99)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="network-bench-"))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(tmp), "DEBUG": "false", "CACHE_URL": "locmem://",
           "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}", "EMAIL_URL": "locmem://",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")}
    command = [sys.executable, "-m", "mestring.cli"]
    for step in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"], ["shell", "-c", MAKE_EVENT]):
        subprocess.run(command + step, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(command + ["serve", "--port", str(port), "--workers", "2", "--threads", "2"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", server)
        opener = SiteClient(base)
        fields = signup_template(opener, SLUG)
        cookie = opener.cookies["csrftoken"]
        path = f"/nettverk/arrangementer/{SLUG}/"

        def page(n):
            assert SiteClient(base).get(path).status == 200

        def sign_up(n):
            client = SiteClient(base, source_ip=loopback(n), cookies={"csrftoken": cookie})
            status = client.post(path, {**fields, "name": f"P {n}", "email": f"p{n}@example.no"}).status
            assert status == 302, status

        rows = [run("GET event page with form", PAGE_REQUESTS, page),
                run(f"POST sign-up ({CAPACITY} seats, then waitlist)", SIGNUPS, sign_up)]
        counts = subprocess.run(command + ["shell", "-c", COUNT], env=env, cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip().splitlines()[-1].split()
    finally:
        server.terminate()
        server.wait(timeout=10)
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"network sign-up benchmark · {engine} · gunicorn 2 workers × 2 threads · {CLIENTS} clients · "
          f"{os.cpu_count()} cores")
    print(f"{'case':48} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for label, count, rate, p50, p95, p99 in rows:
        print(f"{label:48} {count:8} {rate:8.1f} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
    print(f"seats taken {counts[0]} of {CAPACITY}, waitlisted {counts[1]} (expected {CAPACITY} and {SIGNUPS - CAPACITY})")


if __name__ == "__main__":
    main()
