"""Public overview pages are rendered once per data version and language for everyone not signed in,
each visitor getting their own CSRF token; a change shows at once; signed-in visitors get their menu."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from mestring.core import shared_pages
from mestring.overview.tests.conftest import YEAR, report_run

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def run(tromso_offer):
    return report_run(tromso_offer, patients=8, relatives=2)


def participants(html: str) -> str:
    return html.split("<dt>Deltakere</dt><dd>", 1)[1].split("</dd>", 1)[0]


def test_a_second_visitor_gets_the_kept_page_with_their_own_token(client, run, django_assert_max_num_queries):
    url = reverse("overview:index")
    first = client.get(url, {"year": YEAR}).content.decode()
    other = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(2):  # the data fingerprint (and nothing rendered or computed)
        second = other.get(url, {"year": YEAR}).content.decode()
    assert participants(second) == participants(first) == "10"
    assert shared_pages.marker() not in second
    token = TOKEN.search(second).group(1)
    assert token != TOKEN.search(first).group(1)
    answer = other.post("/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_a_change_shows_on_the_kept_page_at_once(client, run, django_capture_on_commit_callbacks, settings):
    settings.OVERVIEW_STALE_SECONDS = 0  # no worker in this test: the request computes the new figures
    url = reverse("overview:index")
    assert participants(client.get(url, {"year": YEAR}).content.decode()) == "10"
    with django_capture_on_commit_callbacks(execute=True):
        run.participants_patients = 30
        run.save()
    assert participants(client.get(url, {"year": YEAR}).content.decode()) == "32"


def test_signed_in_visitors_get_their_own_menu(client, run, coordinator_a):
    url = reverse("overview:index")
    assert "Logg inn" in client.get(url, {"year": YEAR}).content.decode()
    client.force_login(coordinator_a)
    page = client.get(url, {"year": YEAR}).content.decode()
    assert "Arbeidsflate" in page and "Logg inn" not in page
