"""The overviews in Debian's Chromium: axe 0 violations at 1280 and 320 px, no sideways scrolling,
charts and maps reachable with the keyboard, and the filter form working without JavaScript."""
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
ADMIN = "admin@mestring.example"
PAGES = ["/oversikt/", "/oversikt/tjenester/", "/oversikt/per-innbygger/", "/oversikt/per-innbygger/?level=hf",
         "/oversikt/fordeling/", "/oversikt/fordeling/?dimension=sprak", "/oversikt/brukermedvirkning/",
         "/oversikt/utvikling/", "/oversikt/likeverdig-tilgang/", "/oversikt/per-innbygger/?year=1999"]


def check_widths(page, paths):
    for path in paths:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert axe_violations(page) == [], (path, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)


def test_every_overview_page_passes_axe_at_two_widths(page):
    check_widths(page, PAGES)


def test_staff_page_passes_axe(page):
    log_in(page, ADMIN)
    check_widths(page, ["/arbeid/oversikt/tjenester/"])
    assert page.locator("table tbody tr").count() > 0


def test_map_is_reachable_by_keyboard_and_the_filter_works_without_javascript(browser, served_site):
    context = browser.new_context(base_url=served_site, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    response = page.goto("/oversikt/per-innbygger/")
    assert response.status == 200
    page.locator("svg[role=img]").first.wait_for()
    assert page.locator("svg[role=img] path").count() >= 357
    page.get_by_label("Fylke").select_option(label="Nordland - Nordlánnda")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r".*fylke=18.*"))
    assert page.get_by_role("cell", name="Bodø", exact=True).count() == 1
    assert page.get_by_role("cell", name="Tromsø", exact=True).count() == 0
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "img":
            break
    assert page.evaluate("document.activeElement.tagName.toLowerCase()") == "svg"
    context.close()
