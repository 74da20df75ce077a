"""Registry benchmark: 50,000 course offers in SQLite, served by `mestring serve` (its default 4 workers × 2 threads), wrk with 16
connections on the HSDS API and the finder; plus the time to import the 50,000-offer package.

Needs Debian's `wrk` (apt-get install wrk). Prints a table; record the figures in docs/benchmarks.md.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]
SERVICES = int(os.environ.get("BENCH_SERVICES", "19000"))  # about 50,000 offers
DURATION = os.environ.get("BENCH_DURATION", "15s")


def run(env: dict, *args: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mestring.cli", *args], env=env, cwd=BASE, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def database(tmp: Path, name: str) -> dict:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / name}", "DEBUG": "false", "CACHE_URL": "locmem://",
            "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789abcdef", "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1:8101", "EMAIL_URL": "locmem://"}


def wrk(url: str) -> tuple[float, float]:
    """(requests per second, p99 latency in ms) with 2 threads and 16 connections."""
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency", url], capture_output=True,
                         text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    if "Non-2xx" in out:
        raise RuntimeError(f"non-2xx answers from {url}:\n{out}")
    return rps, p99


def main() -> None:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); registry benchmark skipped")
        return
    tmp = Path(tempfile.mkdtemp(prefix="registry_bench_"))
    env = database(tmp, "source.sqlite3")
    for step in (["migrate", "-v0"], ["load_structure", "-v0"], ["load_demo", "-v0", "--services", str(SERVICES)],
                 ["export_hsds", str(tmp / "package")]):
        run(env, *step)
    target = database(tmp, "served.sqlite3")
    run(target, "migrate", "-v0")
    run(target, "load_structure", "-v0")
    import_seconds = run(target, "import_hsds", str(tmp / "package"))
    offers = sum(1 for _ in (tmp / "package" / "services.csv").open()) - 1
    rows = [("import_hsds", f"{offers} offers", f"{import_seconds:.1f} s", "< 60 s")]
    rows += serve_and_measure(target, tmp)
    print(f"{'what':34} {'detail':>16} {'result':>22} {'target':>16}")
    for row in rows:
        print(f"{row[0]:34} {row[1]:>16} {row[2]:>22} {row[3]:>16}")
    shutil.rmtree(tmp, ignore_errors=True)


def serve_and_measure(env: dict, tmp: Path) -> list[tuple[str, str, str, str]]:
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.registry_settings", "PYTHONPATH": str(BASE)}
    run(env, "collectstatic", "--no-input", "-v0")
    server = subprocess.Popen([sys.executable, "-m", "mestring.cli", "serve", "--port", "8101"],
                              env=env, cwd=BASE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = "http://127.0.0.1:8101"
        wait(base + "/healthz")
        org = first_organization_with_diabetes(base)
        term = diabetes_term(base)
        urls = [("API search", f"{base}/api/hsds/services?search=diabetes&per_page=20"),
                ("API search + organization_id", f"{base}/api/hsds/services?search=diabetes&per_page=20&organization_id={org}"),
                ("API taxonomy_term_id listing", f"{base}/api/hsds/services?taxonomy_term_id={term}&per_page=20"),
                ("finder page, same search", f"{base}/kurs/?q=diabetes")]
        results = []
        for name, url in urls:
            urllib.request.urlopen(url).read()
            rps, p99 = wrk(url)
            target = "p99 < 150 ms" if name.startswith("finder") else "≥ 400/s, p99 < 100 ms"
            results.append((name, "16 connections", f"{rps:.0f}/s, p99 {p99:.0f} ms", target))
        return results
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def first_organization_with_diabetes(base: str) -> str:
    import json

    body = json.loads(urllib.request.urlopen(f"{base}/api/hsds/services?search=diabetes&per_page=1").read())
    return body["contents"][0]["organization_id"]


def diabetes_term(base: str) -> str:
    import json

    body = json.loads(urllib.request.urlopen(f"{base}/api/hsds/taxonomy_terms?per_page=100").read())
    return next(t["id"] for t in body["contents"] if t["code"] == "diabetes")
