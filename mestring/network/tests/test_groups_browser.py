"""Group pages and the contact directory in Debian's Chromium: axe-core finds nothing, 320 px holds."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

GROUP = "/nettverk/grupper/nasjonal-arbeidsgruppe/"


def fits_320(page) -> bool:
    page.set_viewport_size({"width": 320, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") <= 320


def test_public_group_and_meeting_pages_show_only_public_things_and_pass_axe(page):
    page.goto("/nettverk/grupper/")
    assert "Nettverk for kommunale lærings- og mestringstjenester" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nasjonal arbeidsgruppe for kommunale LM-tjenester").click()
    html = page.content()
    assert "Oppstartsmøte" in html and "Arbeidsmøte om praksiseksempler" not in html and "Sara Sekretær" not in html
    assert axe_violations(page) == []
    page.get_by_role("link", name="Oppstartsmøte").click()
    assert "mandat.txt" in page.content() and "utkast-anbefalinger.txt" not in page.content()
    assert axe_violations(page) == []
    assert fits_320(page)


def test_member_space_of_the_leader_passes_axe(page):
    log_in(page, "gruppeleder@mestring.example")
    page.goto(GROUP)
    html = page.content()
    assert "Sara Sekretær" in html and "Arbeidsmøte om praksiseksempler" in html
    assert axe_violations(page) == []
    page.get_by_label("Søk i møter, referater og vedlegg").fill("brukermedvirkning")
    page.get_by_role("button", name="Søk", exact=True).click()
    assert "utkast-anbefalinger.txt" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Arbeidsmøte om praksiseksempler").first.click()
    assert "Utkastene deles bare i gruppen" in page.content()
    page.get_by_text("Last opp vedlegg").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Endre møte, saksliste og referat").click()
    assert axe_violations(page) == []
    assert fits_320(page)


def test_public_directory_filters_and_passes_axe(page):
    page.goto("/nettverk/kontakter/")
    html = page.content()
    assert "Tone Tromsø" in html and "Gunn Gamle Oslo" not in html
    assert axe_violations(page) == []
    nordland = page.locator("#id_fylke option", has_text="Nordland").first.get_attribute("value")
    page.get_by_label("Fylke").select_option(value=nordland)
    page.get_by_role("button", name="Vis").click()
    assert "Bjørn Bodø" in page.content() and "Tone Tromsø" not in page.content()
    assert axe_violations(page) == []
    assert fits_320(page)


def test_coordinator_keeps_their_directory_rows_and_pages_pass_axe(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.goto("/arbeid/nettverk/kontakter/")
    assert "Gunn Gamle Oslo" in page.content()  # staff see rows that are not public
    assert axe_violations(page) == []
    page.get_by_role("link", name="Endre Tone Tromsø").click()
    page.get_by_label("Telefon").fill("77 99 99 99")
    page.get_by_role("button", name="Lagre").click()
    assert "77 99 99 99" in page.content()
    page.goto("/arbeid/nettverk/kontakter/ny/")
    assert axe_violations(page) == []


def test_admin_manages_members_and_pages_pass_axe(page):
    log_in(page, "admin@mestring.example")
    page.goto("/arbeid/nettverk/grupper/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Medlemmer i Nasjonal arbeidsgruppe for kommunale LM-tjenester").click()
    assert "Lene Gruppeleder" in page.content()
    assert axe_violations(page) == []
