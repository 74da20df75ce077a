"""Duplicate handling, headings and the summary as a facilitator sees them."""
import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from mestring.workshops import selectors, services
from mestring.workshops.models import MergeGroup, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(table1, table2):
    add = services.add_note
    return {
        "a1": add(table=table1, text="Felles oversikt over tilbud"),
        "a2": add(table=table2, text="felles oversikt over tilbud!"),
        "b1": add(table=table1, text="Kontaktperson i hver kommune"),
        "b2": add(table=table2, text="Kontaktperson i hver kommunne"),
        "c1": add(table=table2, text="Kontaktperson på hvert sykehus"),
        "m1": add(table=table1, text="Alle må vite hvem de kan ringe"),
    }


def test_duplicates_page_offers_exact_merge_and_suggestions_but_never_actor_swaps(client, question, notes, coordinator_a):
    client.force_login(coordinator_a)
    text = client.get(reverse("workshops:duplicates", args=[question.pk])).content.decode()
    assert "Slå sammen 1 gruppe med identisk tekst" in text
    assert "Kontaktperson i hver kommunne" in text
    groups = [sorted(s.note.text for s in g) for g in selectors.suggestions(question)]
    assert ["Kontaktperson i hver kommune", "Kontaktperson i hver kommunne"] in groups
    assert not any("Kontaktperson på hvert sykehus" in g for g in groups)


def test_auto_merge_joins_identical_notes_only_and_is_audited(client, question, notes, coordinator_a):
    client.force_login(coordinator_a)
    client.post(reverse("workshops:auto_merge", args=[question.pk]))
    group = MergeGroup.objects.get()
    assert group.kind == "auto" and set(group.notes.all()) == {notes["a1"], notes["a2"]}
    assert Note.objects.count() == 6  # originals kept
    entry = LogEntry.objects.get_for_object(group).get()
    assert entry.actor == coordinator_a
    client.post(reverse("workshops:auto_merge", args=[question.pk]))
    assert MergeGroup.objects.count() == 1  # running again changes nothing


def test_confirming_a_suggestion_keeps_the_chosen_wording_and_undo_restores(client, question, notes, coordinator_a):
    client.force_login(coordinator_a)
    client.post(reverse("workshops:auto_merge", args=[question.pk]))
    auto = MergeGroup.objects.get()
    ids = [notes["a1"].pk, notes["b1"].pk, notes["b2"].pk]
    client.post(reverse("workshops:merge", args=[question.pk]), {"notes": ids, "kept": notes["b1"].pk})
    confirmed = MergeGroup.objects.get(kind="confirmed")
    auto.refresh_from_db()
    assert auto.parent == confirmed and confirmed.kept_note == notes["b1"]
    statement = next(s for s in selectors.statements(question) if s.group)
    assert statement.note.text == "Kontaktperson i hver kommune" and len(statement.members) == 4
    page = client.get(reverse("workshops:duplicates", args=[question.pk])).content.decode()
    assert "felles oversikt over tilbud!" in page  # merged notes stay traceable
    client.post(reverse("workshops:unmerge", args=[confirmed.pk]))
    auto.refresh_from_db()
    assert auto.parent is None and list(MergeGroup.objects.all()) == [auto]
    assert Note.objects.get(pk=notes["b1"].pk).group is None


def test_merge_rejects_a_kept_text_outside_the_selection_and_writes_nothing(client, question, notes, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("workshops:merge", args=[question.pk]),
                           {"notes": [notes["b1"].pk, notes["b2"].pk], "kept": notes["a1"].pk}, follow=True)
    assert "må være ett av de valgte" in response.content.decode() and not MergeGroup.objects.exists()


def test_notes_of_another_question_cannot_be_merged_in(client, workshop, question, notes, coordinator_a):
    other = services.add_note(table=workshop.questions.get(number=2).tables.first(), text="Felles oversikt over tilbud")
    client.force_login(coordinator_a)
    client.post(reverse("workshops:merge", args=[question.pk]), {"notes": [notes["a1"].pk, other.pk], "kept": other.pk})
    assert not MergeGroup.objects.exists()


def test_duplicate_pages_are_closed_to_other_units(client, question, notes, coordinator_b):
    client.force_login(coordinator_b)
    assert client.get(reverse("workshops:duplicates", args=[question.pk])).status_code == 403
    assert client.post(reverse("workshops:auto_merge", args=[question.pk])).status_code == 403
    group = services.run_auto_merge(question=question, user=None)[0]
    assert client.post(reverse("workshops:unmerge", args=[group.pk])).status_code == 403
    assert MergeGroup.objects.count() == 1


def test_headings_sort_statements_with_a_keyboard_form_and_undo(client, question, notes, coordinator_a):
    client.force_login(coordinator_a)
    client.post(reverse("workshops:heading_add", args=[question.pk]), {"title": "Kontaktpersoner"})
    heading = question.headings.get()
    client.post(reverse("workshops:note_move", args=[notes["b1"].pk]), {"heading": heading.pk})
    assert Note.objects.get(pk=notes["b1"].pk).heading == heading
    assert Note.objects.get(pk=notes["b1"].pk).text == "Kontaktperson i hver kommune"  # wording untouched
    client.post(reverse("workshops:note_move", args=[notes["b1"].pk]), {"heading": ""})
    assert Note.objects.get(pk=notes["b1"].pk).heading is None
    client.post(reverse("workshops:heading_rename", args=[heading.pk]), {"title": "Kontakt"})
    heading.refresh_from_db()
    assert heading.title == "Kontakt"
    page = client.get(reverse("workshops:categorise", args=[question.pk])).content.decode()
    assert 'draggable="true"' in page and "Flytt" in page


def test_heading_of_another_question_is_refused(client, workshop, question, notes, coordinator_a):
    other = services.add_heading(question=workshop.questions.get(number=2), title="Annet")
    client.force_login(coordinator_a)
    client.post(reverse("workshops:note_move", args=[notes["b1"].pk]), {"heading": other.pk})
    assert Note.objects.get(pk=notes["b1"].pk).heading is None


def test_suggested_headings_can_be_accepted_renamed_or_discarded(client, question, notes, coordinator_a):
    proposals = selectors.heading_proposals(question)
    proposal = next(p for p in proposals if p.title == "Kontaktperson")
    client.force_login(coordinator_a)
    client.post(reverse("workshops:heading_add", args=[question.pk]),
                {"title": "Kontaktpersoner", "note": [s.note.pk for s in proposal.statements]})
    heading = question.headings.get()
    assert heading.title == "Kontaktpersoner" and heading.notes.count() == len(proposal.statements)
    remaining = [p.title for p in selectors.heading_proposals(question)]
    if remaining:
        client.post(reverse("workshops:proposal_discard", args=[question.pk]), {"title": remaining[0]})
        page = client.get(reverse("workshops:categorise", args=[question.pk])).content.decode()
        assert f'value="{remaining[0]}"' not in page


def test_heading_pages_are_closed_to_other_units(client, question, coordinator_b):
    heading = services.add_heading(question=question, title="Tema")
    client.force_login(coordinator_b)
    assert client.get(reverse("workshops:categorise", args=[question.pk])).status_code == 403
    assert client.post(reverse("workshops:heading_delete", args=[heading.pk])).status_code == 403
    assert client.post(reverse("workshops:heading_add", args=[question.pk]), {"title": "X"}).status_code == 403


@pytest.fixture
def sorted_workshop(workshop, question, notes):
    services.set_main(note=notes["m1"])
    services.run_auto_merge(question=question, user=None)
    services.merge_notes(question=question, note_ids=[notes["b1"].pk, notes["b2"].pk], kept_note_id=notes["b1"].pk, user=None)
    heading = services.add_heading(question=question, title="Kontaktpersoner")
    services.move_statement(note=notes["b1"], heading=heading)
    return workshop


def test_summary_puts_main_statements_first_then_headings_without_duplicates(client, sorted_workshop, coordinator_a):
    client.force_login(coordinator_a)
    text = client.get(reverse("workshops:summary", args=[sorted_workshop.pk])).content.decode()
    main, heading, kept = (text.index("Alle må vite hvem de kan ringe"), text.index("Kontaktpersoner"),
                           text.index("Kontaktperson i hver kommune"))
    assert main < heading < kept
    assert "kommunne" not in text and text.lower().count("felles oversikt over tilbud") == 1
    assert "Kontaktperson på hvert sykehus" in text


def test_summary_docx_and_pdf_are_in_the_published_shape(client, sorted_workshop, coordinator_a):
    client.force_login(coordinator_a)
    docx = client.get(reverse("workshops:download", args=[sorted_workshop.pk, "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs.index("Hovedutsagn") < paragraphs.index("Alle må vite hvem de kan ringe") < paragraphs.index("Kontaktpersoner")
    assert "Kontaktperson i hver kommunne" not in paragraphs
    pdf = client.get(reverse("workshops:download", args=[sorted_workshop.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_raw_export_keeps_every_note_with_group_and_heading(client, sorted_workshop, notes, coordinator_a):
    services.add_note(table=notes["a1"].table, text="=HYPERLINK(\"http://x\")")
    client.force_login(coordinator_a)
    rows = list(csv.DictReader(io.StringIO(client.get(
        reverse("workshops:download", args=[sorted_workshop.pk, "csv"])).content.decode("utf-8-sig"))))
    assert len(rows) == 7
    typo = next(r for r in rows if r["text"] == "Kontaktperson i hver kommunne")
    assert typo["statement_text"] == "Kontaktperson i hver kommune" and typo["heading"] == "Kontaktpersoner" and typo["group_id"]
    assert any(r["text"].startswith("'=HYPERLINK") for r in rows)
    export = LogEntry.objects.get_for_object(sorted_workshop).filter(action=LogEntry.Action.ACCESS).get()
    assert export.actor == coordinator_a
    book = load_workbook(io.BytesIO(client.get(reverse("workshops:download", args=[sorted_workshop.pk, "xlsx"])).content))
    assert book.active.max_row == 8


def test_qdpx_project_holds_every_note_coded_with_its_heading(client, sorted_workshop, notes, coordinator_a):
    import zipfile
    from xml.etree import ElementTree as ET

    client.force_login(coordinator_a)
    response = client.get(reverse("workshops:download", args=[sorted_workshop.pk, "qdpx"]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    project = ET.fromstring(archive.read("project.qde"))
    heading = project.find(".//q:Code[@name='Kontaktpersoner']", ns)
    selections = project.findall(".//q:PlainTextSelection", ns)
    assert len(selections) == 6
    coded = [s for s in selections if s.find(f".//q:CodeRef[@targetGUID='{heading.get('guid')}']", ns) is not None]
    assert len(coded) == 2  # both notes of the merged statement carry its heading
    source = project.find(".//q:TextSource", ns)
    text = archive.read(f"Sources/{source.get('guid')}.txt").decode()
    first = source.find("q:PlainTextSelection", ns)
    assert text[int(first.get("startPosition")):int(first.get("endPosition"))] == notes["a1"].text


def test_downloads_are_closed_to_other_units(client, sorted_workshop, coordinator_b):
    client.force_login(coordinator_b)
    for fmt in ("docx", "pdf", "csv", "xlsx", "qdpx"):
        assert client.get(reverse("workshops:download", args=[sorted_workshop.pk, fmt])).status_code == 403
