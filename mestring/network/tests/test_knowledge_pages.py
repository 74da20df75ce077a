"""Knowledge-base pages: who may see, download and change documents, practice examples and projects;
uploads checked for type and size; every change in the audit trail."""
import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from mestring.network.models_knowledge import Document, PracticeExample, Project
from mestring.network.tests.knowledge_helpers import (docx_bytes, make_document, make_practice, make_project,
                                                      pdf_bytes, upload)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}


@pytest.fixture
def public_doc(admin_user):
    return make_document(admin_user, title="Veileder for pårørendearbeid", text="Samtalegrupper for pårørende.")


@pytest.fixture
def internal_doc(admin_user):
    return make_document(admin_user, title="Intern avtalemal", kind="template", text="Konfidensielt utkast.",
                         is_public=False)


def document_post(**overrides):
    data = {"title": "Rapport om mestringskurs", "kind": "report", "description": "Erfaringer fra kursene.",
            "year": "2025", "organisation": "Nasjonal kompetansetjeneste", "is_public": "on",
            "tag_names": "Kurs, pårørende, kurs", "file": upload("rapport.docx", docx_bytes("Kursene for pårørende."))}
    data.update(overrides)
    return data


# --- Documents ---------------------------------------------------------------------------------

def test_admin_uploads_a_docx_and_its_text_becomes_searchable(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # runs the extraction job (child process)
        response = client.post(reverse("network:document_new"), document_post())
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.extraction == Document.Extraction.DONE and "Kursene for pårørende." in document.text
    assert sorted(t.name for t in document.tags.all()) == ["kurs", "pårørende"]
    page = client.get(reverse("network:knowledge"), {"q": "kurset"}).content.decode()
    assert "Rapport om mestringskurs" in page


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notat.exe", b"MZ\x90\x00", "bare PDF, DOCX eller tekstfiler"),
    ("falsk.pdf", b"just text", "har ikke det innholdet filnavnet sier (PDF)"),
    ("bilde.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "har ikke det innholdet filnavnet sier (TXT)"),
    ("tom.txt", b"   ", "er tom"),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_stored(client, admin_user, name, data, message):
    client.force_login(admin_user)
    response = client.post(reverse("network:document_new"), document_post(file=upload(name, data)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Rapport om mestringskurs"' in response.content.decode()  # what was typed is kept
    assert not Document.objects.exists()


def test_files_over_the_size_limit_are_refused(client, admin_user, monkeypatch):
    from mestring.network import forms_knowledge

    monkeypatch.setattr(forms_knowledge, "MAX_UPLOAD_BYTES", 1000)
    client.force_login(admin_user)
    response = client.post(reverse("network:document_new"), document_post(file=upload("stor.txt", b"a" * 1001)))
    assert response.status_code == 400 and "større enn grensen" in response.content.decode()


def test_a_scanned_pdf_is_marked_as_such(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:document_new"), document_post(file=upload("skann.pdf", pdf_bytes(""))))
    assert Document.objects.get().extraction == Document.Extraction.SCANNED


def test_editing_without_a_new_file_keeps_the_file_and_text(client, admin_user, public_doc):
    client.force_login(admin_user)
    data = document_post(title="Ny tittel")
    del data["file"]
    assert client.post(reverse("network:document_edit", args=[public_doc.pk]), data).status_code == 302
    public_doc.refresh_from_db()
    assert public_doc.title == "Ny tittel" and "Samtalegrupper" in public_doc.text


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_staff_only_document_and_its_file_are_hidden_from_the_public(client, internal_doc, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    assert client.get(reverse("network:document", args=[internal_doc.pk])).status_code == 404
    assert client.get(reverse("network:document_file", args=[internal_doc.pk])).status_code == 404


def test_staff_read_and_download_a_staff_only_document(client, internal_doc, coordinator_a):
    client.force_login(coordinator_a)
    assert "Intern avtalemal" in client.get(reverse("network:document", args=[internal_doc.pk])).content.decode()
    response = client.get(reverse("network:document_file", args=[internal_doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"Konfidensielt utkast."
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")


def test_anyone_reads_and_downloads_a_public_document(client, public_doc):
    page = client.get(reverse("network:document", args=[public_doc.pk])).content.decode()
    assert "Veileder for pårørendearbeid" in page and "Lignende dokumenter" in page
    assert "Endringslogg" not in page  # the audit trail is for staff
    assert client.get(reverse("network:document_file", args=[public_doc.pk])).status_code == 200


ADMIN_ONLY = [("get", "network:document_new", False), ("get", "network:document_edit", True),
              ("post", "network:document_delete", True), ("get", "network:project_new", False)]


@pytest.mark.parametrize(("method", "name", "needs_pk"), ADMIN_ONLY)
def test_coordinators_cannot_manage_documents_or_projects(client, coordinator_a, public_doc, method, name, needs_pk):
    client.force_login(coordinator_a)
    url = reverse(name, args=[public_doc.pk] if needs_pk else [])
    assert getattr(client, method)(url).status_code == 403
    assert Document.objects.filter(pk=public_doc.pk).exists()


def test_anonymous_is_sent_to_log_in_for_staff_forms(client):
    response = client.get(reverse("network:document_new"))
    assert response.status_code == 302 and "/logg-inn" in response["Location"] or "login" in response["Location"]


def test_admin_deletes_a_document_and_it_leaves_the_search(client, admin_user, public_doc):
    client.force_login(admin_user)
    assert client.get(reverse("network:document_delete", args=[public_doc.pk])).status_code == 405  # GET changes nothing
    assert client.post(reverse("network:document_delete", args=[public_doc.pk])).status_code == 302
    assert not Document.objects.exists()
    assert "0 treff" in client.get(reverse("network:knowledge"), {"q": "pårørende"}).content.decode()


def test_document_changes_are_in_the_audit_trail_shown_to_staff(client, admin_user, public_doc):
    client.force_login(admin_user)
    data = document_post(title="Endret tittel")
    del data["file"]
    client.post(reverse("network:document_edit", args=[public_doc.pk]), data)
    entries = LogEntry.objects.get_for_object(public_doc)
    assert entries.filter(action=LogEntry.Action.UPDATE, actor=admin_user).exists()
    assert all("text" not in (e.changes_dict or {}) for e in entries)  # extracted text stays out of the log
    assert "Endringslogg" in client.get(reverse("network:document", args=[public_doc.pk])).content.decode()


# --- Practice examples ------------------------------------------------------------------------

def practice_post(unit, **overrides):
    data = {"title": "Pårørendeskole", "unit": unit.pk, "year": "2025", "organisation_form": "Interkommunalt",
            "other_partners": "Demensforeningen", "target_groups": "Pårørende", "what_was_done": "Kurs.",
            "what_worked": "Faste dager.", "contact_name": "Kari", "contact_email": "kari@example.no",
            "tag_names": "demens", "is_published": "on"}
    data.update(overrides)
    return data


def test_coordinator_adds_a_practice_example_for_their_unit(client, coordinator_a, unit_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:practice_new"), practice_post(unit_a, partners=[unit_b.pk]))
    example = PracticeExample.objects.get()
    assert response.status_code == 302 and example.unit == unit_a and list(example.partners.all()) == [unit_b]
    assert LogEntry.objects.get_for_object(example).filter(actor=coordinator_a).exists()
    page = client.get(example.get_absolute_url()).content.decode()
    assert "Demensforeningen" in page and unit_b.name in page


def test_coordinator_cannot_add_a_practice_example_for_another_unit(client, coordinator_a, unit_b):
    client.force_login(coordinator_a)
    response = client.post(reverse("network:practice_new"), practice_post(unit_b))
    assert response.status_code == 400 and "Velg et gyldig valg" in response.content.decode()
    assert not PracticeExample.objects.exists()


def test_coordinator_cannot_edit_another_units_practice_example(client, admin_user, coordinator_b, unit_a):
    example = make_practice(admin_user, unit_a)
    client.force_login(coordinator_b)
    assert client.get(reverse("network:practice_edit", args=[example.pk])).status_code == 403
    assert client.post(reverse("network:practice_edit", args=[example.pk]),
                       practice_post(unit_a, title="Kapret")).status_code == 403
    example.refresh_from_db()
    assert example.title == "Felles lærings- og mestringssenter"


def test_coordinator_edits_their_own_units_practice_example(client, admin_user, coordinator_a, unit_a):
    example = make_practice(admin_user, unit_a)
    client.force_login(coordinator_a)
    assert client.post(reverse("network:practice_edit", args=[example.pk]),
                       practice_post(unit_a, title="Nytt navn")).status_code == 302
    example.refresh_from_db()
    assert example.title == "Nytt navn"


@pytest.mark.parametrize("who", ["outsider", "interviewer"])
def test_people_without_a_coordinator_role_cannot_add_practice_examples(client, request, who, unit_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("network:practice_new")).status_code == 403


def test_unpublished_practice_example_is_hidden_from_the_public(client, admin_user, coordinator_b, unit_a):
    draft = make_practice(admin_user, unit_a, published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator_b)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Utkast" in page and reverse("network:practice_edit", args=[draft.pk]) not in page


# --- Projects ---------------------------------------------------------------------------------

def project_post(unit, **overrides):
    data = {"name": "Pårørendeskolen", "status": "ongoing", "starts_on": "2025-01-01", "ends_on": "",
            "units": [unit.pk], "description": "Kurs for pårørende.", "is_public": "on"}
    data.update(overrides)
    return data


def test_admin_creates_a_project_with_documents_and_a_contact(client, admin_user, unit_a, public_doc):
    client.force_login(admin_user)
    response = client.post(reverse("network:project_new"), project_post(unit_a, documents=[public_doc.pk]))
    project = Project.objects.get()
    assert response.status_code == 302
    client.post(reverse("network:project_contact_add", args=[project.pk]),
                {"name": "Ola Leder", "role": "Prosjektleder", "email": "ola@example.no"})
    client.logout()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ola Leder" in page and "Veileder for pårørendearbeid" in page and unit_a.name in page
    assert "Pårørendeskolen" in client.get(reverse("network:projects")).content.decode()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ends_on": "2024-01-01"}, "kan ikke slutte før det starter"),
    ({"status": "finished"}, "må ha en sluttdato"),
])
def test_project_dates_are_checked(client, admin_user, unit_a, overrides, message):
    client.force_login(admin_user)
    response = client.post(reverse("network:project_new"), project_post(unit_a, **overrides))
    assert response.status_code == 400 and message in response.content.decode()


def test_internal_project_is_hidden_from_the_public_list_and_page(client, unit_a, coordinator_a):
    project = make_project(unit_a, name="Intern plan", public=False)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Intern plan" not in client.get(reverse("network:projects")).content.decode()
    client.force_login(coordinator_a)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_project_list_filters_by_status(client, unit_a):
    make_project(unit_a, name="Pågående prosjekt")
    finished = make_project(unit_a, name="Ferdig prosjekt")
    Project.objects.filter(pk=finished.pk).update(status="finished", ends_on=dt.date(2025, 6, 1))
    page = client.get(reverse("network:projects"), {"status": "finished"}).content.decode()
    assert "Ferdig prosjekt" in page and "Pågående prosjekt" not in page


def test_coordinator_cannot_add_project_contacts(client, coordinator_a, unit_a):
    project = make_project(unit_a)
    client.force_login(coordinator_a)
    assert client.post(reverse("network:project_contact_add", args=[project.pk]), {"name": "X"}).status_code == 403
    assert not project.contacts.exists()


def test_replacing_the_file_reads_the_new_text_and_removes_the_old_file(client, admin_user, public_doc,
                                                                          django_capture_on_commit_callbacks):
    old_name = public_doc.file.name
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:document_edit", args=[public_doc.pk]),
                    document_post(file=upload("ny.txt", b"Helt ny tekst om kols.")))
    public_doc.refresh_from_db()
    assert public_doc.text == "Helt ny tekst om kols." and public_doc.original_name == "ny.txt"
    assert not public_doc.file.storage.exists(old_name)
