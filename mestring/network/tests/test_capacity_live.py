"""No overbooking under load: 300 sign-ups, 50 at a time, at a 200-seat event on a real server.

The server is `mestring serve` (gunicorn, 2 workers × 2 threads) on its own database: SQLite by
default, PostgreSQL when the suite runs with DATABASE_URL=postgresql://… .
"""
import csv
import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor

import pytest

from mestring.core.testing.browser import demo_password
from mestring.network.tests.live import SiteClient, loopback, signup_template


def create_event(admin: SiteClient, slug: str, capacity: int) -> int:
    start = dt.datetime.now() + dt.timedelta(days=40)
    token = admin.form_token("/arbeid/nettverk/ny/")
    response = admin.post("/arbeid/nettverk/ny/", {
        "csrfmiddlewaretoken": token, "title": f"Lasttest {slug}", "slug": slug, "kind": "conference",
        "summary": "Lasttest.", "programme": "", "place": "Oslo", "address": "", "capacity": str(capacity),
        "starts_at": start.strftime("%Y-%m-%dT10:00"), "ends_at": start.strftime("%Y-%m-%dT16:00"),
        "registration_closes_at": "", "unit": "", "is_published": "on", "purpose": "Deltakerliste.",
        "delete_personal_data_on": (start + dt.timedelta(days=30)).strftime("%Y-%m-%d")})
    assert response.status == 302, response.body[-2000:]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_300_parallel_sign_ups_fill_200_seats_and_queue_100(served_site):
    admin = SiteClient(served_site)
    admin.log_in("admin@mestring.example", demo_password())
    pk = create_event(admin, "lasttest-200", 200)
    opener = SiteClient(served_site)
    fields = signup_template(opener, "lasttest-200")  # one form, reused: CSRF and fill-time tokens
    csrf_cookie = opener.cookies["csrftoken"]

    def sign_up(n: int) -> int:
        person = SiteClient(served_site, source_ip=loopback(n), cookies={"csrftoken": csrf_cookie})
        data = {**fields, "name": f"Person {n}", "email": f"person{n}@example.no"}
        return person.post("/nettverk/arrangementer/lasttest-200/", data).status

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(sign_up, range(300)))
    assert statuses == [302] * 300

    export = admin.get(f"/arbeid/nettverk/{pk}/deltakere.csv").body
    rows = list(csv.DictReader(io.StringIO(export.lstrip("\ufeff")), delimiter=";"))
    statuses = [row["Status"] for row in rows]
    assert statuses.count("Påmeldt") == 200
    assert statuses.count("På venteliste") == 100
    assert len({row["E-post"] for row in rows}) == 300
    assert "200 / 200" in admin.get(f"/arbeid/nettverk/{pk}/").body
