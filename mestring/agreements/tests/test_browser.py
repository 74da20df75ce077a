"""Agreement pages in Debian's Chromium: content, axe-core with 0 violations, 320 px, the review flow."""
from __future__ import annotations

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

ANALYST = "analytiker@mestring.example"
ADMIN = "admin@mestring.example"
FONNA = "Delavtale om lærings- og mestringstjenester, Helse Fonna – Haugesund"

PAGES = [
    ("/arbeid/avtaler/", "Samarbeidsavtale UNN – Tromsø"),
    ("/arbeid/avtaler/?status=ny", "Samarbeidsavtale SSHF – Kristiansand"),
    ("/arbeid/avtaler/ny/", "Ny samarbeidsavtale"),
    ("/arbeid/avtaler/1/endre/", "Endre avtalen"),
    ("/arbeid/avtaler/uenigheter/", "Samarbeidsavtale UNN – Harstad"),
    ("/arbeid/avtaler/sok/?q=brukerrepresentanter", "Brukerrepresentanter"),
    ("/arbeid/avtaler/oversikt/", "Helse Vest RHF – Helse Fonna HF"),
    ("/arbeid/avtaler/sjekkliste/", "i fellesskap utvikle og gjennomføre kurs"),
]


def test_every_agreement_page_renders_for_an_analyst_and_passes_axe(page):
    log_in(page, ANALYST)
    for path, text in PAGES:
        page.goto(path)
        assert text in page.content(), path
        assert axe_violations(page) == [], path
    page.goto("/arbeid/avtaler/")
    page.get_by_role("link", name=FONNA).click()
    assert "Foreslått nivå 3 – konkret samarbeid" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tekst hentet ut").click()
    assert page.locator("mark").count() >= 3
    assert axe_violations(page) == []


def test_agreement_pages_fit_320_px(page):
    log_in(page, ANALYST)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/arbeid/avtaler/")
    page.get_by_role("link", name=FONNA).click()
    detail = page.url
    page.get_by_role("link", name="Tekst hentet ut").click()
    for url in ["/arbeid/avtaler/", detail, page.url, "/arbeid/avtaler/oversikt/", "/arbeid/avtaler/sjekkliste/",
                "/arbeid/avtaler/ny/"]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert axe_violations(page) == [], url


def test_admin_changes_the_proposed_level_with_a_comment_and_history_names_them(page):
    log_in(page, ADMIN)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Avtaler").click()
    page.get_by_role("link", name="Delavtale om kroniske sykdommer, Ahus – Lillestrøm").click()
    page.get_by_label("2 – Ansvar fordelt").check()
    page.get_by_label("Kommentar").fill("Fastlegens ansvar gjelder ikke opplæring; men forløpet er tydelig.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    assert "Vurderingen er lagret." in page.content()
    assert "Første vurdering" in page.content() and "admin@mestring.example" in page.content()
    assert axe_violations(page) == []


def test_other_staff_see_no_agreement_link_and_get_403(page):
    log_in(page, "intervjuer@mestring.example")
    assert page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Avtaler").count() == 0
    assert page.goto("/arbeid/avtaler/").status == 403
