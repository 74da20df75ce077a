"""Workshop pages in Debian's Chromium: axe-core with 0 violations, 320 px, live updates without reload."""
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
COORDINATOR = "koordinator.tromso@mestring.example"
DEMO = "Dialogkafé på nettverkskonferansen (demo)"


def open_demo(page) -> str:
    log_in(page, COORDINATOR)
    page.goto("/arbeid/verksted/")
    page.get_by_role("link", name=DEMO).click()
    page.wait_for_url(re.compile(r".*/arbeid/verksted/\d+/$"))
    return page.url


def first_table_link(page) -> str:
    return page.get_by_role("link", name="Bordets notatside").first.get_attribute("href")


def test_facilitator_pages_pass_axe_at_full_width_and_320_px(page):
    detail = open_demo(page)
    paths = [detail, detail + "galleri/", detail + "plakater/", detail + "import/", detail + "oppsummering/",
             "/arbeid/verksted/", "/arbeid/verksted/ny/"]
    page.get_by_role("link", name="Duplikater").first.click()
    paths.append(page.url)
    page.goto(detail)
    page.get_by_role("link", name="Overskrifter").first.click()
    paths.append(page.url)
    for path in paths:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert axe_violations(page) == [], (path, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)


def test_note_added_on_a_phone_appears_on_the_live_poster_without_reload(page, browser, served_site):
    open_demo(page)
    link = first_table_link(page)
    page.goto(link + "plakat/")
    assert axe_violations(page) == []
    phone = browser.new_context(locale="nb-NO", base_url=served_site, viewport={"width": 320, "height": 700}).new_page()
    phone.goto(link)
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    phone.get_by_label("Ditt notat").fill("Et notat skrevet på telefonen")
    phone.get_by_role("button", name="Legg på plakaten").click()
    phone.get_by_text("Notatet er lagt på plakaten.").wait_for()
    page.get_by_text("Et notat skrevet på telefonen").wait_for(timeout=15000)
    phone.context.close()


def test_facilitator_merges_a_suggestion_and_undoes_it(page):
    open_demo(page)
    page.get_by_role("link", name="Duplikater").first.click()
    page.get_by_role("button", name=re.compile("Slå sammen .* identisk tekst")).click()
    page.get_by_text("grupper med identisk tekst er slått sammen").wait_for()
    page.get_by_role("button", name="Slå sammen de valgte").first.click()
    page.get_by_text("Notatene er slått sammen.").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Angre sammenslåingen")).first.click()
    page.get_by_text("Sammenslåingen er angret.").wait_for()


def test_statements_are_sorted_by_keyboard_form(page):
    open_demo(page)
    page.get_by_role("link", name="Overskrifter").nth(1).click()
    page.get_by_label("Ny overskrift").fill("Betaling")
    page.get_by_role("button", name="Legg til overskrift").click()
    item = page.locator(".statement").filter(has_text="System for å oppnevne og betale").first
    item.get_by_role("combobox").select_option(label="Betaling")
    item.get_by_role("button", name=re.compile("^Flytt")).click()
    page.wait_for_load_state()
    section = page.locator("section").filter(has=page.get_by_role("heading", name="Betaling"))
    assert "System for å oppnevne og betale" in section.inner_text()
    assert axe_violations(page) == []


def test_dropping_a_statement_on_a_heading_sorts_it(page):
    open_demo(page)
    page.get_by_role("link", name="Overskrifter").nth(2).click()
    page.get_by_label("Ny overskrift").fill("Samarbeid")
    page.get_by_role("button", name="Legg til overskrift").click()
    page.get_by_text("Overskriften «Samarbeid» er lagt til.").wait_for()
    item = page.locator(".statement").filter(has_text="Konkrete samarbeidsavtaler med sjekklister").first
    target = page.locator("section.drop-zone").filter(has=page.get_by_role("heading", name="Samarbeid"))
    # The drag events are dispatched directly (Playwright's mouse drag does not start an HTML5 drag
    # here); this checks the page's drop handling: the statement is saved under the heading.
    transfer = page.evaluate_handle("() => new DataTransfer()")
    item.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    target.locator(".statement", has_text="Konkrete samarbeidsavtaler med sjekklister").wait_for(timeout=10000)
