"""Each foundation page in Debian's Chromium: content, keyboard-free flows, axe-core with 0 violations."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("/", "Lærings- og mestringstjenester i Norge"),
    ("/enheter/?q=trom", "Tromsø"),
    ("/enheter/kommune/5501/", "Universitetssykehuset Nord-Norge HF"),
    ("/enheter/kommune/1850/2014/", "ikke lenger i bruk"),
    ("/enheter/hf/universitetssykehuset-nord-norge/", "Opptaksområde"),
    ("/enheter/bydel/030101/", "Gamle Oslo"),
    ("/enheter/fylke/50/", "Trøndelag"),
    ("/enheter/kart/", "Helse Nord RHF (80)"),
    ("/konto/logg-inn/", "Logg inn"),
    ("/konto/glemt-passord/", "Glemt passord"),
]


@pytest.mark.parametrize(("path", "text"), PUBLIC_PAGES)
def test_public_page_renders_and_passes_axe(page, path, text):
    page.goto(path)
    assert text in page.content()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/enheter/kommune/0301/"])
def test_page_works_at_320_px_without_sideways_scrolling(page, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []


def test_search_as_you_type_updates_results_without_reload(page):
    page.goto("/enheter/")
    page.get_by_label("Søk på navn eller nummer").press_sequentially("bodø", delay=30)
    page.locator("#unit-results a", has_text="Bodø").first.wait_for()
    assert "q=bod" in page.url  # the search stays in the address bar
    page.locator("#unit-results a", has_text="Bodø").first.click()
    page.wait_for_url("**/enheter/kommune/1804/")


def test_search_works_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False, base_url=served_site, locale="nb-NO")
    page = context.new_page()
    page.goto("/enheter/")
    page.get_by_label("Søk på navn eller nummer").fill("1804")
    page.get_by_role("button", name="Søk").click()
    assert "Bodø" in page.locator("#unit-results").inner_text()
    context.close()


def test_language_switch_shows_english(page):
    page.goto("/enheter/kommune/5501/")
    page.get_by_label("Språk").select_option("en")
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Population" in page.content()
    assert axe_violations(page) == []


def test_staff_log_in_sees_home_and_change_log(page):
    log_in(page, "koordinator.tromso@mestring.example")
    assert "Koordinator" in page.content()
    assert axe_violations(page) == []
    page.goto("/enheter/kommune/5501/")
    assert "Endringslogg" in page.content()
    assert axe_violations(page) == []
