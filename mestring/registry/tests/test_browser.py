"""Browser tests: the coordinator's editing pages pass axe (also with errors showing) and work without JavaScript."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


def test_coordinator_edits_a_service_and_its_parts(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/registry/")
    assert axe_violations(page) == []
    page.locator("main h2 a").first.click()
    assert page.get_by_role("heading", name="Om tjenesten").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Legg til kontaktperson").click()
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Feltet er påkrevet.").first.is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Navn").fill("Testa Testesen")
    page.get_by_label("Rolle").fill("Leder")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Lagt til: kontaktperson.").is_visible()
    assert page.get_by_role("link", name="Testa Testesen").is_visible()

    page.get_by_role("link", name="Testa Testesen").click()
    page.get_by_role("link", name="Slett kontaktperson").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Slett").click()
    assert page.get_by_text("Slettet: Testa Testesen.").is_visible()


def test_coordinator_adds_a_run_and_makes_a_token(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/registry/")
    page.locator("main table a").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny kursstart").click()
    page.get_by_label("Startdato").fill("2030-05-02")
    page.get_by_label("Sluttdato").fill("2030-04-01")
    page.get_by_label("Tidspunkt").fill("torsdager kl. 17–19")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Sluttdato kan ikke være før startdato.").is_visible()
    assert axe_violations(page) == []

    page.goto("/arbeid/registry/nokler/")
    assert axe_violations(page) == []
    page.get_by_label("Navn").fill("Kurskalender")
    page.get_by_role("button", name="Lag nøkkel").click()
    assert page.locator("#new-secret").inner_text().startswith("mst_")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Trekk tilbake – Kurskalender").click()
    assert page.get_by_text("er trukket tilbake").is_visible()


def test_editing_works_without_javascript(browser, served_site):
    context = browser.new_context(locale="nb-NO", base_url=served_site, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "koordinator.tromso@mestring.example")
        page.goto("/arbeid/registry/")
        page.locator("main h2 a").first.click()
        page.get_by_role("link", name="Legg til åpningstid").click()
        page.get_by_label("Ukedag").select_option("3")
        page.get_by_label("Åpner").fill("09:00")
        page.get_by_label("Stenger").fill("08:00")
        page.get_by_role("button", name="Lagre").click()
        assert page.get_by_text("Stengetid må være etter åpningstid.").is_visible()
        page.get_by_label("Stenger").fill("14:30")
        page.get_by_role("button", name="Lagre").click()
        assert page.get_by_role("link", name="onsdag 09:00–14:30").is_visible()
    finally:
        context.close()


def test_deleting_a_place_in_use_needs_the_tick(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/registry/")
    page.locator("main h2 a").first.click()
    place = page.locator("#h-locations ~ ul a").first
    name = place.inner_text()
    place.click()
    page.get_by_role("link", name="Slett sted").click()
    assert page.locator("#location-uses li").count() >= 1
    assert axe_violations(page) == []
    page.get_by_role("button", name="Slett stedet").click()
    assert page.get_by_text("Kryss av for at du forstår").is_visible()
    assert page.get_by_label("Jeg forstår at kursene og kursstartene over mister stedet").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Avbryt").click()
    assert page.get_by_role("link", name=name, exact=True).first.is_visible()  # nothing was deleted
