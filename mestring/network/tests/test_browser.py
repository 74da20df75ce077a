"""Network pages in Debian's Chromium: sign-up flow, staff pages, axe-core with 0 violations, 320 px."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

CONFERENCE = "/nettverk/arrangementer/nettverkskonferansen/"


def fill_sign_up(page, email: str) -> None:
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Organisasjon eller enhet").fill("Tromsø kommune")
    page.get_by_label("Behov for spesialkost").fill("Vegetar")
    page.get_by_label("Jeg samtykker").check()
    page.wait_for_timeout(3200)  # the form refuses answers faster than a person could type them


def test_event_list_and_page_pass_axe(page):
    page.goto("/nettverk/arrangementer/")
    assert "Nettverkskonferansen for kommunale LM-tjenester" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nettverkskonferansen for kommunale LM-tjenester").click()
    assert "Dialogkafé" in page.content() and "Hvorfor vi ber om opplysningene" in page.content()
    assert axe_violations(page) == []


def test_sign_up_then_see_download_and_cancel(page):
    page.goto(CONFERENCE)
    fill_sign_up(page, "kari.browser@example.no")
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url("**/nettverk/pamelding/**")
    assert "Du har plass" in page.content() and "kari.browser@example.no" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Meld meg av").click()
    assert "Du er meldt av" in page.content()
    assert axe_violations(page) == []


def test_sign_up_errors_are_shown_in_norwegian_and_pass_axe(page):
    page.goto(CONFERENCE)
    page.get_by_label("Navn").fill("Uten samtykke")
    page.get_by_role("button", name="Meld meg på").click()
    assert "Du må samtykke for å kunne melde deg på" in page.content()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/nettverk/arrangementer/", CONFERENCE])
def test_public_pages_work_at_320_px(page, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []


def test_coordinator_runs_their_event_check_in_included(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/nettverk/")
    assert "Nettverkskonferansen" not in page.content()  # national, not Tromsø's
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nettverksmøte Nord-Norge").click()
    assert "Innsyn i personopplysninger" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Endre").click()
    assert axe_violations(page) == []


def test_admin_checks_in_a_participant_without_reload(page):
    log_in(page, "admin@mestring.example")
    page.goto("/arbeid/nettverk/")
    page.get_by_role("link", name="Nettverkskonferansen for kommunale LM-tjenester").click()
    assert "Siri Solberg" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Innsjekking").click()
    page.get_by_role("button", name="Sjekk inn Per Pedersen").click()
    page.get_by_role("button", name="Angre oppmøte for Per Pedersen").wait_for()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_new_event_form_passes_axe(page):
    log_in(page, "admin@mestring.example")
    page.goto("/arbeid/nettverk/ny/")
    assert axe_violations(page) == []


def test_coordinator_sees_representative_and_approves_an_assignment(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/nettverk/brukerrepresentanter/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Randi Representant").click()
    assert "Hvorfor vi har opplysningene" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godkjenn KiD-kurs, høst").click()
    assert "Oppdraget er godkjent for utbetaling" in page.content()
    page.goto("/arbeid/nettverk/utbetalinger/")
    assert "KiD-kurs, høst" in page.content()
    assert axe_violations(page) == []
    page.goto("/arbeid/nettverk/brukerrepresentanter/ny/")
    assert axe_violations(page) == []


def test_representative_sees_and_confirms_own_assignments(page):
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-post").fill("brukerrep@mestring.example")
    from mestring.core.testing.browser import demo_password

    page.get_by_label("Passord").fill(demo_password())
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeid/")
    page.goto("/nettverk/mine-oppdrag/")
    assert "KiD-kurs, høst" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bekreft KiD-kurs, høst").click()
    assert "oppdraget er bekreftet" in page.content()
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
