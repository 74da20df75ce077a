"""Knowledge-base pages in Debian's Chromium with the demo data: search, a document, a practice example and
a project, each with axe-core and 0 violations."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

GUIDE = "Veileder for pårørendearbeid i kommunale lærings- og mestringstjenester"


def test_search_finds_inflected_forms_and_passes_axe(page):
    page.goto("/nettverk/kunnskap/")
    assert axe_violations(page) == []
    page.get_by_label("Søk", exact=True).fill("pårørendes")
    page.get_by_label("Type").select_option("guide")
    page.get_by_role("button", name="Søk", exact=True).click()
    assert page.locator(".result-list li").count() == 1
    assert page.locator(".result-list mark").first.inner_text().lower().startswith("pårørende")
    assert axe_violations(page) == []


def test_document_page_with_download_and_similar_passes_axe(page):
    page.goto("/nettverk/kunnskap/?q=samtalegrupper")
    page.get_by_role("link", name=GUIDE).click()
    assert page.get_by_role("heading", name="Lignende dokumenter").is_visible()
    assert page.locator("#similar-heading + .result-list li").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert axe_violations(page) == []


def test_practice_example_page_passes_axe(page):
    page.goto("/nettverk/kunnskap/?kind=practice")
    page.get_by_role("link", name="Pårørendeskole for pårørende til personer med demens").click()
    assert page.get_by_role("heading", name="Hva fungerte").is_visible()
    assert axe_violations(page) == []


def test_project_list_and_page_pass_axe(page):
    page.goto("/nettverk/prosjekter/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Pårørendeskolen i nord").click()
    assert "Kari Koordinator" in page.content() and GUIDE in page.content()
    assert axe_violations(page) == []


def test_search_page_fits_a_narrow_screen(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/nettverk/kunnskap/?q=kurs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_own_data_page_passes_axe(page):
    log_in(page, "brukerrep@mestring.example")
    page.goto("/nettverk/mine-opplysninger/")
    assert page.get_by_role("heading", name="Opplysninger vi har om deg").is_visible()
    assert "Slettes senest" in page.content()
    assert axe_violations(page) == []
