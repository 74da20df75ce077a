"""Report and fact sheet pages in Debian's Chromium: axe 0 violations at 1280 and 320 px."""
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
ADMIN = "admin@mestring.example"


def check(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    assert axe_violations(page) == [], (page.url, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, width)


def test_admin_starts_a_report_and_sees_its_progress(page):
    log_in(page, ADMIN)
    page.goto("/arbeid/oversikt/rapporter/")
    for width in (1280, 320):
        check(page, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("År").select_option("2025")
    page.get_by_role("button", name="Lag rapporten").click()
    page.wait_for_url(re.compile(r".*/arbeid/oversikt/rapporter/\d+/$"))
    assert page.get_by_role("heading", name="Nasjonal rapport 2025").is_visible()
    assert page.get_by_role("status").is_visible()  # announced to screen readers as it changes
    page.get_by_role("link", name="Oppdater framdriften").wait_for()  # the way without JavaScript
    for width in (1280, 320):
        check(page, width)
    page.goto("/arbeid/oversikt/rapporter/")
    assert page.get_by_role("link", name="Nasjonal rapport 2025").first.is_visible()


def test_fact_sheet_chooser_is_accessible_and_explains_a_wrong_choice(page):
    page.goto("/oversikt/faktaark/")
    for width in (1280, 320):
        check(page, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Åpne faktaarket").click()
    page.get_by_text("Velg enten en kommune eller et helseforetak").wait_for()
    check(page, 1280)


def test_the_too_many_new_fact_sheets_page_explains_and_passes_axe(page, client, settings, monkeypatch):
    """Rendered here with a limit of no new drawings (the served site keeps the real limit) and without
    the database (Playwright's event loop forbids it here), and shown on the site's own address."""
    from django.core.cache import cache

    from mestring.overview import factsheets, report_views

    settings.FACTSHEET_DRAW_RATE = "0/m"
    monkeypatch.setattr(report_views, "get_factsheet_unit", lambda kind, code: object())
    monkeypatch.setattr(report_views, "report_years", lambda: [2025])
    monkeypatch.setattr(factsheets, "factsheet_is_drawn", lambda unit, year: False)
    cache.clear()
    try:
        answer = client.get("/oversikt/faktaark/kommune/5501/2025.pdf")
    finally:
        cache.clear()
    assert answer.status_code == 429
    page.goto("/oversikt/faktaark/")
    page.set_content(answer.content.decode())
    assert page.get_by_role("heading", name="For mange nye faktaark på kort tid").is_visible()
    for width in (1280, 320):
        check(page, width)
