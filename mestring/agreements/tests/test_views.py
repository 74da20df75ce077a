"""Staff pages: access per view, uploads, reviews, disagreements, search, overview and exports."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mestring.agreements import services
from mestring.agreements.models import Agreement, DocumentVersion, Review
from mestring.agreements.tasks import extract_version

pytestmark = pytest.mark.django_db

GET_PAGES = ["queue", "create", "disagreements", "search", "overview", "checklist"]


def detail_urls(agreement) -> list[str]:
    version = agreement.documents.get().versions.get()
    return [reverse("agreements:detail", args=[agreement.pk]),
            reverse("agreements:version", args=[agreement.pk, version.pk]),
            reverse("agreements:export", args=["csv"])]


@pytest.mark.parametrize("name", GET_PAGES)
def test_analyst_and_admin_open_every_page(client, analyst, admin_user, name):
    for user in (analyst, admin_user):
        client.force_login(user)
        assert client.get(reverse(f"agreements:{name}")).status_code == 200


@pytest.mark.parametrize("name", GET_PAGES)
def test_other_roles_get_403_and_anonymous_must_log_in(client, coordinator_a, interviewer, outsider, name):
    for user in (coordinator_a, interviewer, outsider):
        client.force_login(user)
        assert client.get(reverse(f"agreements:{name}")).status_code == 403
    client.logout()
    assert client.get(reverse(f"agreements:{name}"))["Location"].startswith("/konto/logg-inn/")


def test_agreement_pages_refuse_other_roles(client, agreement, coordinator_a):
    client.force_login(coordinator_a)
    for url in detail_urls(agreement):
        assert client.get(url).status_code == 403
    assert client.post(reverse("agreements:review", args=[agreement.pk]), {"level": 3}).status_code == 403
    assert client.post(reverse("agreements:upload", args=[agreement.pk]), {}).status_code == 403


def test_unknown_agreement_and_foreign_version_are_404(client, analyst, agreement, admin_user):
    client.force_login(analyst)
    assert client.get(reverse("agreements:detail", args=[agreement.pk + 99])).status_code == 404
    other = services.create_agreement(title="Annen", hf=agreement.hf, municipalities=[])
    version = agreement.documents.get().versions.get()
    assert client.get(reverse("agreements:version", args=[other.pk, version.pk])).status_code == 404


def test_detail_shows_proposal_explanation_and_quoted_evidence(client, analyst, agreement):
    client.force_login(analyst)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Foreslått nivå 3 – konkret samarbeid" in page
    assert "Partene skal i fellesskap utvikle og gjennomføre kurs for pårørende." in page
    assert "studenter og praksis" in page  # the look-alike is named as set aside


def test_version_page_marks_the_evidence_in_the_text(client, analyst, agreement):
    client.force_login(analyst)
    url = detail_urls(agreement)[1]
    page = client.get(url).content.decode()
    assert "<mark" in page and "2.2 Partene skal i fellesskap utvikle" in page


def test_create_agreement_with_parties_and_dates(client, analyst):
    client.force_login(analyst)
    hf = Agreement._meta.get_field("hf").related_model.objects.current().get(code="nordlandssykehuset")
    response = client.post(reverse("agreements:create"), {
        "title": "Samarbeidsavtale Nordlandssykehuset – Bodø", "hf": hf.pk, "municipalities": "1804, 1806",
        "signed_on": "2023-05-02", "valid_from": "2023-06-01", "valid_to": "2027-05-31"})
    agreement = Agreement.objects.get(title__startswith="Samarbeidsavtale Nordlandssykehuset")
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert sorted(agreement.municipalities.values_list("code", flat=True)) == ["1804", "1806"]


def test_create_with_unknown_kommune_or_reversed_dates_says_why_and_writes_nothing(client, analyst):
    client.force_login(analyst)
    hf = Agreement._meta.get_field("hf").related_model.objects.current().get(code="nordlandssykehuset")
    response = client.post(reverse("agreements:create"), {
        "title": "Feil", "hf": hf.pk, "municipalities": "1804, 9999", "valid_from": "2023-06-01",
        "valid_to": "2020-01-01"})
    page = response.content.decode()
    assert "Ukjente kommunenummer: 9999." in page and "kan ikke være før" in page
    assert not Agreement.objects.filter(title="Feil").exists()


def test_upload_queues_extraction_and_worker_step_stores_sections_and_proposal(
        client, analyst, agreement, django_capture_on_commit_callbacks):
    client.force_login(analyst)
    new = SimpleUploadedFile("delavtale-lm.txt", "1. Ansvar\n1.1 Sykehuset skal tilby pasientopplæring.\n".encode())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("agreements:upload", args=[agreement.pk]), {"kind": "sub", "files": [new]})
    assert response.status_code == 302 and len(callbacks) == 1
    versions = list(agreement.documents.get().versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]  # the old version is kept
    assert versions[1].status == DocumentVersion.Status.PENDING
    extract_version.call(versions[1].pk)
    versions[1].refresh_from_db()
    agreement.refresh_from_db()
    assert versions[1].status == "done" and versions[1].sections.filter(number="1.1").exists()
    assert agreement.proposed_level == 2  # the proposal follows the newest version


def test_upload_with_one_bad_file_lists_it_and_stores_nothing(client, analyst, agreement):
    client.force_login(analyst)
    files = [SimpleUploadedFile("ok.txt", b"Tekst."), SimpleUploadedFile("virus.exe", b"MZ...")]
    response = client.post(reverse("agreements:upload", args=[agreement.pk]), {"kind": "main", "files": files})
    assert response.status_code == 400
    assert "virus.exe: bare PDF, DOCX, ODT" in response.content.decode()
    assert agreement.documents.count() == 1


def test_zip_upload_unpacks_documents(analyst, agreement):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("delavtale-2.txt", "Tekst to.")
        archive.writestr("delavtale-3.txt", "Tekst tre.")
    services.upload_documents(agreement=agreement, files=[services.Upload("pakke.zip", buffer.getvalue())],
                              kind="sub", actor=analyst)
    assert set(agreement.documents.values_list("title", flat=True)) == {"delavtale-lm", "delavtale-2", "delavtale-3"}


def test_scanned_pdf_is_flagged_not_silently_empty(analyst, agreement):
    from mestring.core.documents import Extracted

    version = services.add_version(agreement=agreement, upload=services.Upload("skann.pdf", b"%PDF-1.4"),
                                   kind="main", actor=analyst)
    services.record_extraction(version=version, extracted=Extracted("", "pdf", 3))
    version.refresh_from_db()
    assert version.status == "scanned" and "skannet" in version.error


def test_corrupt_file_fails_in_the_worker_with_its_message(analyst, agreement):
    version = services.add_version(agreement=agreement, upload=services.Upload("ødelagt.docx", b"PK\x03\x04rubbish"),
                                   kind="main", actor=analyst)
    extract_version.call(version.pk)
    version.refresh_from_db()
    assert version.status == "failed" and "skadet" in version.error


def test_two_reviews_that_differ_are_listed_as_disagreement_with_audit_trail(client, analyst, analyst_2, agreement):
    client.force_login(analyst)
    client.post(reverse("agreements:review", args=[agreement.pk]), {"level": 3, "evidence": ["0"], "comment": ""})
    client.force_login(analyst_2)
    client.post(reverse("agreements:review", args=[agreement.pk]),
                {"level": 2, "comment": "Felles kurs er bare for pårørende; jeg leser det som ansvar."})
    assert list(agreement.reviews.values_list("round", "level")) == [(1, 3), (2, 2)]
    page = client.get(reverse("agreements:disagreements")).content.decode()
    assert agreement.title in page and "jeg leser det som ansvar" in page
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "analytiker2@test.example" in detail  # the history names who decided


def test_changing_the_proposed_level_needs_a_comment(client, analyst, agreement):
    client.force_login(analyst)
    response = client.post(reverse("agreements:review", args=[agreement.pk]), {"level": 1, "comment": ""})
    assert response.status_code == 400
    assert "Skriv en kommentar" in response.content.decode()
    assert not Review.objects.exists()


def test_a_third_analyst_cannot_add_a_third_review(analyst, analyst_2, admin_user, agreement):
    from django.core.exceptions import ValidationError

    for user in (analyst, analyst_2):
        services.review_agreement(agreement=agreement, analyst=user, level=3, evidence=[], comment="")
    with pytest.raises(ValidationError):
        services.review_agreement(agreement=agreement, analyst=admin_user, level=3, evidence=[], comment="")


def test_norwegian_search_finds_compounds_and_inflections(client, analyst, agreement):
    client.force_login(analyst)
    page = client.get(reverse("agreements:search"), {"q": "mestring personene"}).content.decode()
    assert "mestringskurs for personer med KOLS" in page
    assert "Ingen treff" in client.get(reverse("agreements:search"), {"q": "beredskap"}).content.decode()


def test_overview_export_and_checklist_use_confirmed_levels(client, analyst, analyst_2, agreement):
    quotes = [e["text"] for e in agreement.proposed_evidence if e["level"] == 3]
    for user in (analyst, analyst_2):
        services.review_agreement(agreement=agreement, analyst=user, level=3, evidence=quotes, comment="")
    client.force_login(analyst)
    overview = client.get(reverse("agreements:overview")).content.decode()
    assert "Helse Nord RHF – Universitetssykehuset Nord-Norge HF" in overview
    assert "kommuner uten avtale i arkivet" in overview
    csv = client.get(reverse("agreements:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Helse Nord RHF;Universitetssykehuset Nord-Norge HF;5501;Tromsø;Delavtale UNN – Tromsø;3;Konkret samarbeid" in csv
    book = load_workbook(io.BytesIO(client.get(reverse("agreements:export", args=["xlsx"])).content))
    assert book.active["D2"].value == "Tromsø" and book.active["F2"].value == 3
    checklist = client.get(reverse("agreements:checklist")).content.decode()
    assert "Partene skal i fellesskap utvikle og gjennomføre kurs for pårørende." in checklist
    assert client.get(reverse("agreements:export", args=["pdf"])).status_code == 404


def test_queue_and_overview_queries_do_not_grow_with_agreements(client, analyst, agreement,
                                                                  django_assert_max_num_queries):
    from mestring.conftest import unit

    for i in range(8):
        extra = services.create_agreement(title=f"Avtale {i}", hf=agreement.hf,
                                          municipalities=[unit("kommune", "5501"), unit("kommune", "5503")])
        services.review_agreement(agreement=extra, analyst=analyst, level=0, evidence=[], comment="ingen tekst")
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agreements:queue")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agreements:overview")).status_code == 200


def test_oversized_file_is_refused_without_being_read(analyst, agreement):
    from django.core.exceptions import ValidationError

    from mestring.core.documents import MAX_BYTES

    class Huge:
        name, size = "stor.pdf", MAX_BYTES + 1

        def read(self):
            raise AssertionError("an oversized upload must not be read")

    with pytest.raises(ValidationError, match="større enn grensen på 20 MB"):
        services.upload_documents(agreement=agreement, files=[services.Upload.from_file(Huge())], kind="main",
                                  actor=analyst)


def test_review_post_without_csrf_token_is_refused(analyst, agreement):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert client.post(reverse("agreements:review", args=[agreement.pk]), {"level": 3}).status_code == 403
    assert not Review.objects.exists()


def test_pages_speak_english_after_the_language_switch(client, analyst, agreement):
    client.force_login(analyst)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("agreements:checklist")).content.decode()
    assert "What a good agreement on learning and mastery contains" in page
    assert "Joint development or delivery of courses" in page


def test_edit_records_a_revision_date_and_the_audit_trail_keeps_the_old_value(client, analyst, agreement, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == 403
    client.force_login(analyst)
    form = client.get(reverse("agreements:edit", args=[agreement.pk])).content.decode()
    assert 'value="5501"' in form
    client.post(reverse("agreements:edit", args=[agreement.pk]), {
        "title": agreement.title, "hf": agreement.hf.pk, "municipalities": "5501, 5503", "revised_on": "2025-03-01"})
    agreement.refresh_from_db()
    assert str(agreement.revised_on) == "2025-03-01" and agreement.municipalities.count() == 2
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "2025-03-01" in detail and "revised_on" in detail


def test_overview_map_colours_kommuner_by_confirmed_level(client, analyst, agreement):
    services.review_agreement(agreement=agreement, analyst=analyst, level=3, evidence=[], comment="")
    client.force_login(analyst)
    page = client.get(reverse("agreements:overview")).content.decode()
    assert "<svg" in page and "Tromsø: 3 – Konkret samarbeid</title>" in page
    assert "3 – Konkret samarbeid (1)" in page  # legend with the count of kommuner
