"""Activity reporting in Debian's Chromium: axe 0 violations at 1280 and 320 px, and a report saved."""
import datetime as dt
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
COORDINATOR = "koordinator.tromso@mestring.example"
ADMIN = "admin@mestring.example"
YEAR = dt.date.today().year - 1


def check_widths(page, paths):
    for path in paths:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert axe_violations(page) == [], (path, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)


def test_coordinator_fills_in_last_years_report(page):
    log_in(page, COORDINATOR)
    page.get_by_role("link", name="Aktivitet", exact=True).click()
    page.get_by_role("link", name=re.compile(f"^Rapport {YEAR} for ")).first.click()
    page.wait_for_url(re.compile(rf".*/arbeid/aktivitet/\d+/{YEAR}/$"))
    form_url = page.url
    check_widths(page, ["/arbeid/aktivitet/", form_url])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(form_url)
    assert page.locator("fieldset").count() == 2
    page.get_by_label("Deltakere, pasienter og brukere").first.fill("8")
    page.get_by_label("Deltakere, pårørende").first.fill("-3")
    page.get_by_role("button", name="Lagre rapporten").click()
    page.get_by_text("Noen rader har feil").wait_for()
    assert axe_violations(page) == []
    for field in page.get_by_label("Deltakere, pasienter og brukere").all():
        field.fill("8")
    for field in page.get_by_label("Deltakere, pårørende").all():
        field.fill("2")
    page.get_by_role("button", name="Lagre rapporten").click()
    page.get_by_text("Aktivitetsrapporten er lagret.").wait_for()
    assert page.get_by_label("Deltakere, pårørende").first.input_value() == "2"


def test_national_admin_locks_and_reopens_a_year(page):
    log_in(page, ADMIN)
    page.goto("/arbeid/aktivitet/")
    check_widths(page, ["/arbeid/aktivitet/"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name=f"Lås {YEAR - 2}").click()
    page.get_by_text(f"Rapporteringsåret {YEAR - 2} er låst.").wait_for()
    page.get_by_role("button", name=f"Åpne {YEAR - 2} igjen").click()
    page.get_by_text(f"Rapporteringsåret {YEAR - 2} er åpnet igjen.").wait_for()
