"""Registry benchmark: 50,000 course offers in SQLite, served by `mestring serve`, wrk with 16
connections on the HSDS API and the finder; plus the time to import the 50,000-offer package.

Besides the fixed URLs of issue 4, each endpoint is also measured with wrk rotating through varied
queries (other words, pages, terms) so the answer cache is not the only thing measured. Every row
notes the load average, and the server's CPU seconds per request (user + system time of the
gunicorn processes divided by requests), which stays meaningful on a busy shared machine.

Needs Debian's `wrk` (apt-get install wrk). Prints a table; record the figures in docs/benchmarks.md.
BENCH_DB=path/to/served.sqlite3 skips generation and import and serves that database;
BENCH_WORKERS / BENCH_THREADS set `mestring serve --workers/--threads`.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.serving import cpu_seconds, load

BASE = Path(__file__).resolve().parents[1]
SERVICES = int(os.environ.get("BENCH_SERVICES", "20300"))  # at least 50,000 offers (about 2.5 per service)
DURATION = os.environ.get("BENCH_DURATION", "15s")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "1")
WORDS = ["diabetes", "kols", "kreft", "hjertesykdom", "pårørende", "smerte", "mestring", "overvekt", "angst",
         "søvn", "barn", "revmatisme", "epilepsi", "demens", "rus", "psykisk", "slag", "astma", "kursene", "livsstil"]


def shared_cache() -> str:
    """Redis when it runs here (as in production: the rate limits count across worker processes), else
    each process's own memory. BENCH_CACHE_URL chooses."""
    import socket

    if os.environ.get("BENCH_CACHE_URL"):
        return os.environ["BENCH_CACHE_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return "redis://127.0.0.1:6379/15"
    except OSError:
        return "locmem://"


CACHE_URL = shared_cache()
WARM_UP = 30  # requests per fixed URL before timing, on new connections, so every worker has the answer cached


def run(env: dict, *args: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mestring.cli", *args], env=env, cwd=BASE, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def database(tmp: Path, name: str) -> dict:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / name}", "DEBUG": "false", "CACHE_URL": CACHE_URL,
            "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789abcdef", "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1:8101", "EMAIL_URL": "locmem://"}


def wrk(url: str, paths: list[str] | None = None, tmp: Path | None = None) -> tuple[float, float, int]:
    """(requests per second, p99 latency in ms, requests) with 2 threads and 16 connections.

    With `paths`, a Lua script makes each request ask for the next path of the list in turn.
    """
    script = []
    if paths:
        lua = tmp / "rotate.lua"
        quoted = ",".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
        lua.write_text(f"local paths = {{{quoted}}}\nlocal i = math.random(#paths)\n"
                       "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
        script = ["-s", str(lua)]
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency", *script, url], capture_output=True,
                         text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    if "Non-2xx" in out:
        raise RuntimeError(f"non-2xx answers from {url}:\n{out}")
    return rps, p99, done


def main() -> None:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); registry benchmark skipped")
        return
    tmp = Path(tempfile.mkdtemp(prefix="registry_bench_"))
    if os.environ.get("BENCH_DB"):
        print_rows(serve_and_measure({**database(tmp, "x"), "DATABASE_URL": f"sqlite:///{os.environ['BENCH_DB']}"},
                                     tmp))
        return
    env = database(tmp, "source.sqlite3")
    for step in (["migrate", "-v0"], ["load_structure", "-v0"], ["load_demo", "-v0", "--without-reports", "--services", str(SERVICES)],
                 ["export_hsds", str(tmp / "package")]):
        run(env, *step)
    target = database(tmp, "served.sqlite3")
    run(target, "migrate", "-v0")
    run(target, "load_structure", "-v0")
    import_seconds = run(target, "import_hsds", str(tmp / "package"))
    offers = sum(1 for _ in (tmp / "package" / "services.csv").open()) - 1
    rows = [("import_hsds", f"{offers} offers", f"{import_seconds:.1f} s", "< 60 s")]
    rows += serve_and_measure(target, tmp)
    print_rows(rows)
    shutil.rmtree(tmp, ignore_errors=True)


def print_rows(rows: list[tuple[str, ...]]) -> None:
    print(f"server: mestring serve --workers {WORKERS} --threads {THREADS}; cache {CACHE_URL}")
    print(f"{'what':44} {'detail':>22} {'result':>44} {'target':>22}")
    for row in rows:
        print(f"{row[0]:44} {row[1]:>22} {row[2]:>44} {row[3]:>22}")


def serve_and_measure(env: dict, tmp: Path) -> list[tuple[str, str, str, str]]:
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.registry_settings", "PYTHONPATH": str(BASE)}
    run(env, "collectstatic", "--no-input", "-v0")
    server = subprocess.Popen([sys.executable, "-m", "mestring.cli", "serve", "--port", "8101",
                               "--workers", WORKERS, "--threads", THREADS],
                              env=env, cwd=BASE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = "http://127.0.0.1:8101"
        wait(base + "/healthz")
        org = first_organization_with_diabetes(base)
        term = diabetes_term(base)
        api = "/api/hsds/services?per_page=20"
        terms = term_ids(base)
        urls = [("API search", f"{base}{api}&search=diabetes", None),
                ("API search + organization_id", f"{base}{api}&search=diabetes&organization_id={org}", None),
                ("API taxonomy_term_id listing", f"{base}{api}&taxonomy_term_id={term}", None),
                ("finder page, same search", f"{base}/kurs/?q=diabetes", None),
                ("API search, 100 varied queries", base,
                 [f"{api}&search={w}&page={p}" for w in WORDS for p in range(1, 6)]),
                ("API search + organization, varied", base,
                 [f"{api}&search={w}&organization_id={o}" for w in WORDS[:10] for o in organizations(base, w)]),
                ("API taxonomy_term_id, varied", base,
                 [f"{api}&taxonomy_term_id={t}&page={p}" for t in terms for p in range(1, 4)]),
                ("finder, 100 varied queries", base, [f"/kurs/?q={w}&side={p}" for w in WORDS for p in range(1, 6)])]
        results = []
        server_pid = server.pid
        for name, url, paths in urls:
            for path in paths or [url[len(base):]] * WARM_UP:  # errors show here; each worker process warms up
                urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?=&")).read()
            before = cpu_seconds(server_pid)
            rps, p99, done = wrk(url, [urllib.parse.quote(p, safe="/?=&") for p in paths] if paths else None, tmp)
            cpu_ms = 1000 * (cpu_seconds(server_pid) - before) / max(done, 1)
            target = "p99 < 150 ms" if name.startswith("finder") else "≥ 400/s, p99 < 100 ms"
            results.append((name, f"16 conn., load {load().split()[0]}", f"{rps:.0f}/s, p99 {p99:.0f} ms, {cpu_ms:.1f} ms CPU/req",
                            target))
            print(*results[-1], sep=" | ", flush=True)
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


def term_ids(base: str) -> list[str]:
    import json

    body = json.loads(urllib.request.urlopen(f"{base}/api/hsds/taxonomy_terms?per_page=100").read())
    return [t["id"] for t in body["contents"]]


def organizations(base: str, word: str) -> list[str]:
    import json

    query = urllib.parse.urlencode({"search": word, "per_page": 3})
    body = json.loads(urllib.request.urlopen(f"{base}/api/hsds/services?{query}").read())
    return [s["organization_id"] for s in body["contents"]]


def diabetes_term(base: str) -> str:
    import json

    body = json.loads(urllib.request.urlopen(f"{base}/api/hsds/taxonomy_terms?per_page=100").read())
    return next(t["id"] for t in body["contents"] if t["code"] == "diabetes")
