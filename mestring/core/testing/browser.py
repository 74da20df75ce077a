"""Browser tests: a real `mestring serve` on a throwaway database, driven by Playwright in Debian's Chromium.

The served site has the national structure and the demo data (`load_demo`) loaded, like `make demo`.
When Chromium is absent the tests are skipped with a message saying how to install it.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_DIR = Path(__file__).resolve().parents[3]
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_database(tmp: Path) -> str:
    """A fresh database for the served site: SQLite by default, PostgreSQL when the suite runs on it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"mestring_browser_{os.getpid()}"
        base = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{base}/{name}"
    return f"sqlite:///{tmp / 'site.sqlite3'}"


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """Base URL of a running production server with structure and demo data loaded."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    tmp = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": site_database(tmp), "DEBUG": "false", "CACHE_URL": "locmem://",
           "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}", "EMAIL_URL": "locmem://"}
    command = [sys.executable, "-m", "mestring.cli"]
    for step in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"],
                 ["load_structure", "-v0"], ["load_demo", "-v0"]):
        subprocess.run(command + step, env=env, check=True, cwd=BASE_DIR, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(command + ["serve", "--port", str(port), "--workers", "2"], env=env, cwd=BASE_DIR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/healthz", server)
    yield url
    server.terminate()
    server.wait(timeout=10)
    drop_site_database(env["DATABASE_URL"])


def drop_site_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


@pytest.fixture(scope="session")
def browser(served_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served_site):
    context = browser.new_context(locale="nb-NO", base_url=served_site)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page and return the violations."""
    page.evaluate(AXE.read_text())  # through DevTools, so the strict CSP need not allow it
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def demo_password() -> str:
    return (BASE_DIR / "var" / "demo_password").read_text().strip()


def log_in(page, email: str) -> None:
    """Log in through the real form as a demo user (see mestring/accounts/demo.py)."""
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(demo_password())
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeid/")
