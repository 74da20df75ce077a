"""Contact directory: public shows only public rows, coordinators keep only their units, exports are logged."""
from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mestring.conftest import unit
from mestring.network.models_groups import DIRECTORY_PURPOSE, DirectoryEntry, DirectoryExport


@pytest.fixture
def entries(unit_a, unit_b):
    """Tromsø (public), Bodø (public), and a Tromsø deputy who is not shown publicly."""
    return {
        "tromso": DirectoryEntry.objects.create(unit=unit_a, name="Tone Tromsø", role="LM-koordinator",
                                                email="tone@tromso.kommune.no", phone="77 00 00 00", is_public=True),
        "bodo": DirectoryEntry.objects.create(unit=unit_b, name="Bjørn Bodø", role="Leder frisklivssentral",
                                              email="bjorn@bodo.kommune.no", is_public=True),
        "hidden": DirectoryEntry.objects.create(unit=unit_a, name="Skjult Stedfortreder", role="Stedfortreder",
                                                email="skjult@tromso.kommune.no", is_public=False),
    }


def page(client, name, **params):
    return client.get(reverse(name), params).content.decode()


def test_public_directory_shows_only_public_rows_and_why(client, entries):
    html = page(client, "network:directory")
    assert "Tone Tromsø" in html and "Bjørn Bodø" in html and "77 00 00 00" in html
    assert "Skjult Stedfortreder" not in html and "skjult@tromso.kommune.no" not in html
    assert str(DIRECTORY_PURPOSE)[:60] in html


@pytest.mark.parametrize("field, kind, code, shown, hidden", [
    ("fylke", "fylke", "55", "Tone Tromsø", "Bjørn Bodø"),
    ("fylke", "fylke", "18", "Bjørn Bodø", "Tone Tromsø"),
    ("hf", "hf", "universitetssykehuset-nord-norge", "Tone Tromsø", "Bjørn Bodø"),
    ("kommune", "kommune", "1804", "Bjørn Bodø", "Tone Tromsø"),
])
def test_filter_by_fylke_hf_and_kommune(client, entries, field, kind, code, shown, hidden):
    html = page(client, "network:directory", **{field: unit(kind, code).pk})
    assert shown in html and hidden not in html


def test_text_search_matches_role_and_unit_name(client, entries):
    assert "Bjørn Bodø" in page(client, "network:directory", q="FRISKLIV")
    html = page(client, "network:directory", q="tromsø")
    assert "Tone Tromsø" in html and "Bjørn Bodø" not in html


def test_an_unknown_filter_value_shows_a_message_not_an_error(client, entries):
    response = client.get(reverse("network:directory"), {"fylke": "999999"})
    assert response.status_code == 200 and "Velg et gyldig valg" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator_a", "coordinator_b", "interviewer", "admin_user"])
def test_staff_directory_shows_every_row_to_staff(client, request, who, entries):
    client.force_login(request.getfixturevalue(who))
    html = page(client, "network:directory_staff")
    assert "Skjult Stedfortreder" in html and "Tone Tromsø" in html


def test_staff_directory_refuses_people_without_a_role(client, outsider, entries):
    assert client.get(reverse("network:directory_staff")).status_code == 302  # anonymous: log in first
    client.force_login(outsider)
    assert client.get(reverse("network:directory_staff")).status_code == 403


def test_staff_directory_offers_edit_links_only_for_own_units(client, coordinator_a, entries):
    client.force_login(coordinator_a)
    html = page(client, "network:directory_staff")
    assert reverse("network:directory_entry_edit", args=[entries["tromso"].pk]) in html
    assert reverse("network:directory_entry_edit", args=[entries["bodo"].pk]) not in html


def entry_data(unit_obj, **overrides):
    data = {"unit": unit_obj.pk, "name": "Nina Ny", "role": "LM-koordinator", "email": "Nina@Tromso.kommune.no",
            "phone": "", "is_public": "on"}
    data.update(overrides)
    return data


def test_coordinator_adds_and_updates_a_row_for_their_unit(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("network:directory_entry_new")).status_code == 200
    response = client.post(reverse("network:directory_entry_new"), entry_data(unit_a))
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get(name="Nina Ny")
    assert entry.email == "nina@tromso.kommune.no" and entry.updated_by == coordinator_a
    url = reverse("network:directory_entry_edit", args=[entry.pk])
    client.post(url, entry_data(unit_a, role="Leder for LM-tjenesten"))
    html = client.get(url).content.decode()
    assert "Endringslogg" in html and "Leder for LM-tjenesten" in html and "koord.a@test.example" in html


def test_coordinator_cannot_add_a_row_for_another_unit(client, coordinator_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:directory_entry_new"), entry_data(unit_b))
    assert response.status_code == 400 and "Velg et gyldig valg" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_coordinator_b_gets_403_on_coordinator_as_row(client, coordinator_b, unit_b, entries):
    client.force_login(coordinator_b)
    target = entries["tromso"]
    url = reverse("network:directory_entry_edit", args=[target.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, entry_data(unit_b, name="Kapret")).status_code == 403
    assert client.post(reverse("network:directory_entry_delete", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.name == "Tone Tromsø"


def test_missing_row_is_404(client, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("network:directory_entry_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["interviewer", "outsider"])
def test_people_who_coordinate_nothing_cannot_edit(client, request, who, unit_a, entries):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("network:directory_entry_new")).status_code == 403
    assert client.post(reverse("network:directory_entry_new"), entry_data(unit_a)).status_code == 403
    assert client.get(reverse("network:directory_entry_edit", args=[entries["tromso"].pk])).status_code == 403


def test_admin_edits_any_row_and_coordinator_removes_own(client, admin_user, coordinator_a, unit_b, entries):
    client.force_login(admin_user)
    response = client.post(reverse("network:directory_entry_edit", args=[entries["bodo"].pk]),
                           entry_data(unit_b, name="Bjørn Bodø", email="ny@bodo.kommune.no"))
    assert response.status_code == 302
    client.force_login(coordinator_a)
    client.post(reverse("network:directory_entry_delete", args=[entries["hidden"].pk]))
    assert not DirectoryEntry.objects.filter(pk=entries["hidden"].pk).exists()


@pytest.mark.parametrize("data, message", [
    ({"email": "ikke-en-epost"}, "Oppgi en gyldig e-postadresse"),
    ({"name": ""}, "Feltet er påkrevet."),
])
def test_bad_input_is_refused_and_nothing_saved(client, coordinator_a, unit_a, data, message):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:directory_entry_new"), entry_data(unit_a, **data))
    assert response.status_code == 400 and message in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_csv_export_has_every_row_formula_safe_and_is_logged(client, interviewer, entries, unit_a):
    DirectoryEntry.objects.create(unit=unit_a, name="=HYPERLINK(\"x\")", role="r", email="f@example.no")
    client.force_login(interviewer)
    response = client.get(reverse("network:directory_export_csv"), {"kommune": unit_a.pk})
    assert response["Content-Type"].startswith("text/csv") and response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = [row[3] for row in rows[1:]]
    assert sorted(names) == sorted(["'=HYPERLINK(\"x\")", "Skjult Stedfortreder", "Tone Tromsø"])
    log = DirectoryExport.objects.get()
    assert (log.user, log.format, log.rows) == (interviewer, "csv", 3) and "kommune=5501" in log.filters


def test_xlsx_export_and_admin_sees_the_export_log(client, admin_user, entries):
    client.force_login(admin_user)
    response = client.get(reverse("network:directory_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4 and sheet["D1"].value == "Navn"
    html = page(client, "network:directory_staff")
    assert "Siste nedlastinger" in html and "XLSX" in html


@pytest.mark.parametrize("name", ["network:directory_export_csv", "network:directory_export_xlsx"])
def test_exports_refuse_people_without_a_role(client, outsider, entries, name):
    assert client.get(reverse(name)).status_code == 302  # anonymous: log in first
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403
    assert not DirectoryExport.objects.exists()


def test_coordinator_sees_registry_contacts_of_their_units_without_copies(client, coordinator_a, unit_a):
    from mestring.registry.models import Contact, Service

    service = Service.objects.create(name="LMS Tromsø", form=Service.Form.LM_KOMMUNE, host_unit=unit_a)
    Contact.objects.create(service=service, name="Registrert Kontakt", role="Leder")
    client.force_login(coordinator_a)
    html = page(client, "network:directory_staff")
    assert "Registrert Kontakt" in html and "LMS Tromsø" in html
    assert not DirectoryEntry.objects.exists()


def test_demo_has_a_working_group_with_meetings_a_network_and_directory_rows(db, settings, tmp_path):
    from mestring.network.demo import create_demo_groups
    from mestring.network.models_groups import Group

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    settings.VAR_DIR = tmp_path
    create_demo_groups()
    create_demo_groups()  # a second run adds nothing
    working = Group.objects.get(slug="nasjonal-arbeidsgruppe")
    assert working.meetings.count() == 3 and working.meetings.filter(is_public=True).count() == 1
    assert Group.objects.filter(kind=Group.Kind.NETWORK).count() == 1
    assert DirectoryEntry.objects.count() == 4 and DirectoryEntry.objects.filter(is_public=False).count() == 1
