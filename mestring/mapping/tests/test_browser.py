"""Mapping pages in a real browser: accessible (axe), usable at 320 px, autosave and submit through a link."""
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
ADMIN = "admin@mestring.example"
INTERVIEWER = "intervjuer@mestring.example"
BASE = "/arbeid/kartlegging/kommuner-2014/"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def check(page, path: str, heading: str) -> None:
    page.goto(path)
    assert page.get_by_role("heading", level=1).first.inner_text().startswith(heading), path
    assert axe_violations(page) == [], path
    page.set_viewport_size({"width": 320, "height": 800})
    assert fits(page), path
    page.set_viewport_size({"width": 1280, "height": 800})


def test_admin_pages_are_accessible_and_show_the_published_figures(page):
    log_in(page, ADMIN)
    check(page, "/arbeid/kartlegging/", "Kartlegginger")
    check(page, BASE, "Kartlegging av kommunale")
    status = page.get_by_role("table").first.inner_text()
    assert re.search(r"Organisering kjent\s+188", status) and re.search(r"Skal ringes\s+254", status)
    check(page, BASE + "skjema/importer/", "Importer skjema")
    check(page, BASE + "skjema/survey/", "Organisering av")
    check(page, BASE + "mottakere/", "Mottakere")
    check(page, BASE + "epost/", "E-post")
    check(page, BASE + "svar/", "Svar og eksport")
    check(page, BASE + "samtalelister/", "Samtalelister")
    page.get_by_role("link", name="Oppringing runde 1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Oppringing runde 1"
    assert axe_violations(page) == []


def test_xlsform_errors_are_shown_as_a_table(page, tmp_path):
    log_in(page, ADMIN)
    bad = tmp_path / "skjema.xlsx"
    bad.write_bytes(b"ikke et regneark")
    page.goto(BASE + "skjema/importer/")
    page.get_by_label("Skjema for").select_option("interview")
    page.get_by_label("Fil").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    assert "Skjemaet ble ikke importert" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []


def test_link_answered_in_the_browser_with_autosave_and_skip_logic(page, browser, served_site):
    log_in(page, ADMIN)
    page.goto(BASE + "mottakere/")
    page.get_by_role("link", name=re.compile("Bodø")).first.click()
    check(page, page.url.removeprefix(served_site), "Rådmann i Bodø")
    page.get_by_role("button", name="Lag ny lenke").click()
    link = page.locator(".link-text").inner_text()
    assert axe_violations(page) == []

    respondent = browser.new_context(locale="nb-NO", base_url=served_site).new_page()
    respondent.goto(link)
    assert axe_violations(respondent) == []
    group = respondent.get_by_role("group", name="Kommuner i samarbeidet")
    assert group.is_hidden()
    respondent.get_by_label("Kontaktperson for LM-arbeidet").fill("Lise Leder")
    respondent.get_by_label("Vertskommune for interkommunalt tilbud").check()
    respondent.get_by_text("Utkast lagret").wait_for()
    group.wait_for(state="visible")  # skip logic after autosave
    with respondent.expect_response(lambda r: "/lagre/" in r.url):
        respondent.get_by_label("Kommunenummer").fill("1805")
    respondent.reload()  # resume: the draft is there
    assert respondent.get_by_label("Kontaktperson for LM-arbeidet").input_value() == "Lise Leder"
    assert respondent.get_by_label("Kommunenummer").input_value() == "1805"
    respondent.set_viewport_size({"width": 320, "height": 800})
    assert fits(respondent)
    respondent.get_by_role("button", name="Send inn").click()
    respondent.get_by_role("heading", name="Takk for svaret").wait_for()
    assert "1805" in respondent.content() and axe_violations(respondent) == []


def test_wrong_link_page_is_accessible(page):
    page.goto("/s/" + "x" * 43 + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lenken virker ikke"
    assert axe_violations(page) == []


def test_questionnaire_works_without_javascript(browser, served_site):
    admin = browser.new_context(locale="nb-NO", base_url=served_site).new_page()
    log_in(admin, ADMIN)
    admin.goto(BASE + "mottakere/")
    admin.get_by_role("link", name=re.compile("Narvik")).first.click()
    admin.get_by_role("button", name="Lag ny lenke").click()
    link = admin.locator(".link-text").inner_text()
    page = browser.new_context(java_script_enabled=False, base_url=served_site, locale="nb-NO").new_page()
    page.goto(link)
    page.get_by_label("Kontaktperson for LM-arbeidet").fill("Nils")
    page.get_by_label("Vertskommune for interkommunalt tilbud").check()
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("button", name="Legg til en rad").click()
    assert page.get_by_label("Kommunenummer").count() == 2
    page.get_by_role("button", name="Send inn").click()
    page.get_by_role("heading", name="Takk for svaret").wait_for()


def test_interviewer_calls_in_due_order_and_records_an_attempt(page):
    log_in(page, INTERVIEWER)
    check(page, "/arbeid/kartlegging/mine-samtaler/", "Mine samtaler")
    page.locator("table a").first.click()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert fits(page)
    page.get_by_label("Utfall").select_option("call_back")
    page.get_by_label("Ring tilbake (dato og tid)").fill("2030-01-02T10:30")
    page.get_by_role("button", name="Registrer samtalen").click()
    page.get_by_text("Samtalen er registrert.").wait_for()
    assert "02.01.2030 10:30" in page.content()


def test_review_page_shows_the_registry_diff_and_marks_the_answer_reviewed(page):
    log_in(page, ADMIN)
    page.goto(BASE + "svar/")
    page.get_by_role("table").get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Overfør til registeret")
    table = page.get_by_role("table").inner_text()
    assert "Organisering" in table and "Kommunal lærings- og mestringstjeneste" in table
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert fits(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    for box in page.get_by_role("checkbox").all():  # accept nothing: the registry stays as the other tests expect
        box.uncheck()
    page.get_by_role("button", name="Overfør valgte felt").click()
    assert "registeret er uendret" in page.get_by_role("status").first.inner_text()
    assert "Kontrollert" in page.get_by_role("main").inner_text()


def test_builder_adds_a_question_shows_rule_errors_previews_and_works_without_javascript(page, browser,
                                                                                        served_site):
    log_in(page, ADMIN)
    check(page, BASE + "skjema/interview/", "Telefonintervju")
    check(page, BASE + "skjema/ny/", "Nytt skjema")
    nojs = browser.new_context(java_script_enabled=False, base_url=served_site, locale="nb-NO").new_page()
    log_in(nojs, ADMIN)
    nojs.goto(BASE + "skjema/interview/")
    nojs.get_by_role("link", name="Legg til spørsmål").click()
    nojs.get_by_label("Type").select_option("select_one")
    nojs.get_by_label("Navn (kode i eksport og regler)").fill("samarbeid_type")
    nojs.get_by_label("Spørsmålstekst").fill("Hva slags samarbeid?")
    nojs.get_by_label("Vises når (regel)").fill("${finnes_ikke} = 'x'")
    nojs.get_by_label("Valg (ett per linje: kode = tekst)").fill("felles = Felles tilbud\nvert = Vertskommune")
    nojs.get_by_role("button", name="Lagre spørsmålet").click()
    assert "viser til ukjent spørsmål: finnes_ikke" in nojs.content()
    page.goto(nojs.url)  # the same error page, checked with axe in a JS browser
    nojs.get_by_label("Vises når (regel)").fill("${brukermedvirkning} != 'nei'")
    nojs.get_by_role("button", name="Lagre spørsmålet").click()
    assert "Spørsmålet «samarbeid_type» er lagret." in nojs.content()
    nojs.get_by_role("button", name="Flytt samarbeid_type opp").click()
    check(page, BASE + "skjema/interview/", "Telefonintervju")
    assert "samarbeid_type" in page.get_by_role("table", name="Spørsmålene i rekkefølge").inner_text()
    page.get_by_role("link", name="Rediger samarbeid_type").click()
    assert axe_violations(page) == []
    check(page, BASE + "skjema/interview/forhandsvis/", "Forhåndsvisning")
    page.get_by_role("button", name="Kontroller som ved innsending").click()
    assert "Dette spørsmålet må besvares." in page.content() and axe_violations(page) == []


def test_recipients_from_registry_preview_is_accessible(page):
    log_in(page, ADMIN)
    check(page, BASE + "mottakere/fra-registeret/", "Mottakere fra registeret")
    assert "uten kontaktperson" in page.get_by_role("main").inner_text()
