"""A tiny HTTP client for tests and benchmarks that talk to a real `mestring serve`.

Each client can send from its own loopback address (127.0.x.y), the way separate people arrive
from separate addresses, so the per-address rate limit sees them as different visitors.
"""
from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="started" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict
    body: str


@dataclass
class SiteClient:
    base_url: str
    source_ip: str | None = None
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        parts = urllib.parse.urlsplit(self.base_url)
        source = (self.source_ip, 0) if self.source_ip else None
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=source)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return Response(raw.status, dict(raw.getheaders()), raw.read().decode("utf-8", "replace"))
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def form_token(self, path: str) -> str:
        return TOKEN.search(self.get(path).body).group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.form_token("/konto/logg-inn/")
        response = self.post("/konto/logg-inn/", {"csrfmiddlewaretoken": token, "username": email,
                                                  "password": password})
        assert response.status == 302, response.status


def loopback(n: int) -> str:
    """The n-th of many distinct loopback addresses (127.0.1.1, 127.0.1.2, …)."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def signup_template(site: SiteClient, slug: str, wait: float = 3.2) -> dict:
    """Open the sign-up form once and wait out the minimum fill time; the fields can then be reused."""
    page = site.get(f"/nettverk/arrangementer/{slug}/").body
    fields = {"csrfmiddlewaretoken": TOKEN.search(page).group(1), "started": STARTED.search(page).group(1),
              "website": "", "consent": "on", "organisation": "Testkommune", "role": "Rådgiver"}
    time.sleep(wait)
    return fields
