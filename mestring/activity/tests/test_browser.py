"""Activity reporting in Debian's Chromium: axe 0 violations at 1280 and 320 px, and a report saved."""
import datetime as dt
import re

import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser
COORDINATOR = "koordinator.tromso@mestring.example"
ADMIN = "admin@mestring.example"
YEAR = dt.date.today().year - 1


def check_widths(page, paths):
    for path in paths:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert axe_violations(page) == [], (path, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)


def test_coordinator_fills_in_last_years_report(page):
    log_in(page, COORDINATOR)
    page.get_by_role("link", name="Aktivitet", exact=True).click()
    page.get_by_role("link", name=re.compile(f"^Rapport {YEAR} for ")).first.click()
    page.wait_for_url(re.compile(rf".*/arbeid/aktivitet/\d+/{YEAR}/$"))
    form_url = page.url
    check_widths(page, ["/arbeid/aktivitet/", form_url])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(form_url)
    assert page.locator("fieldset").count() == 2
    page.get_by_label("Deltakere, pasienter og brukere").first.fill("8")
    page.get_by_label("Deltakere, pårørende").first.fill("-3")
    page.get_by_role("button", name="Lagre rapporten").click()
    page.get_by_text("Noen rader har feil").wait_for()
    assert axe_violations(page) == []
    for field in page.get_by_label("Deltakere, pasienter og brukere").all():
        field.fill("8")
    for field in page.get_by_label("Deltakere, pårørende").all():
        field.fill("2")
    page.get_by_role("button", name="Lagre rapporten").click()
    page.get_by_text("Aktivitetsrapporten er lagret.").wait_for()
    assert page.get_by_label("Deltakere, pårørende").first.input_value() == "2"


def test_national_admin_locks_and_reopens_a_year(page):
    log_in(page, ADMIN)
    page.goto("/arbeid/aktivitet/")
    check_widths(page, ["/arbeid/aktivitet/"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name=f"Lås {YEAR - 2}").click()
    page.get_by_text(f"Rapporteringsåret {YEAR - 2} er låst.").wait_for()
    page.get_by_role("button", name=f"Åpne {YEAR - 2} igjen").click()
    page.get_by_text(f"Rapporteringsåret {YEAR - 2} er åpnet igjen.").wait_for()


def _fill_template(path, tmp_path, *, bad: bool) -> str:
    import shutil

    from openpyxl import load_workbook

    book = load_workbook(shutil.copy(path, tmp_path / "mal.xlsx"))  # openpyxl goes by the file ending
    activity = book["Aktivitet"]
    for row in range(2, activity.max_row + 1):
        activity[f"D{row}"], activity[f"E{row}"], activity[f"F{row}"] = "ja", 8, 2  # ≥ the demo's home kommuner
    if bad:
        activity["E2"] = "åtte"
        book["Hjemkommuner"].append([activity["A2"].value, "9999", 1])
    target = tmp_path / ("feil.xlsx" if bad else "riktig.xlsx")
    book.save(target)
    return str(target)


def test_coordinator_uploads_the_template_and_sees_every_bad_cell(page, tmp_path):
    log_in(page, COORDINATOR)
    page.goto("/arbeid/aktivitet/")
    page.get_by_role("link", name=re.compile(f"^Rapport {YEAR} for ")).first.click()
    page.get_by_role("link", name="last opp den utfylte malen").click()
    upload_url = page.url
    check_widths(page, [upload_url])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(upload_url)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Last ned malen for {YEAR} (XLSX)").click()
    template = download.value.path()
    page.get_by_label("Utfylt mal (XLSX)").set_input_files(_fill_template(template, tmp_path, bad=True))
    page.get_by_role("button", name="Last opp som utkast").click()
    page.get_by_text("Filen har 2 feil. Ingenting er lagret.").wait_for()
    assert page.get_by_role("rowheader", name="Aktivitet!E2").is_visible()
    assert page.get_by_role("rowheader", name=re.compile(r"^Hjemkommuner!B\d+$")).count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 900})
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Utfylt mal (XLSX)").set_input_files(_fill_template(template, tmp_path, bad=False))
    page.get_by_role("button", name="Last opp som utkast").click()
    page.get_by_text(re.compile(r"Filen er lest inn: \d+ kursstarter er lagret")).wait_for()
    assert page.get_by_label("Deltakere, pasienter og brukere").first.input_value() == "8"


def test_coordinator_enters_home_kommuner_in_the_form(page):
    log_in(page, COORDINATOR)
    page.goto("/arbeid/aktivitet/")
    page.get_by_role("link", name=re.compile(f"^Rapport {YEAR} for ")).first.click()
    for field in page.get_by_label("Deltakere, pasienter og brukere").all():
        field.fill("8")
    for field in page.get_by_label("Deltakere, pårørende").all():
        field.fill("2")
    homes = page.get_by_label("Hjemkommuner (kommunenummer:antall)")
    homes.first.fill("5501:9, 9999:3")
    page.get_by_role("button", name="Lagre rapporten").click()
    page.get_by_text(f"Kommunenummer 9999 fantes ikke i {YEAR}.").wait_for()
    assert page.get_by_text("Summen for hjemkommunene (12) er større enn antall deltakere (10).").is_visible()
    assert axe_violations(page) == []
    homes.first.fill("5501:4, 1804:2")
    page.get_by_role("button", name="Lagre og send inn").click()
    page.get_by_text("Aktivitetsrapporten er sendt inn.").wait_for()
    assert homes.first.input_value() == "1804:2, 5501:4"


def test_national_admin_follows_the_year_and_sends_reminders(page):
    log_in(page, ADMIN)
    page.goto("/arbeid/aktivitet/")
    page.get_by_role("link", name=f"Status for {YEAR}").click()
    year_url = page.url
    check_widths(page, [year_url])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(year_url)
    assert page.get_by_role("cell", name="Sendt inn").count() >= 1
    open_button = page.get_by_role("button", name=f"Åpne {YEAR} for rapportering")
    if open_button.count():
        open_button.click()
        page.get_by_text(f"{YEAR} er åpent for rapportering.").wait_for()
    page.get_by_role("button", name="Send påminnelse til dem som ikke har sendt inn").click()
    page.get_by_text(re.compile(r"påminnelser er lagt i kø for sending")).wait_for()
    assert axe_violations(page) == []
