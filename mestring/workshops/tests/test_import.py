"""Importing notes typed in from paper posters: all rows good, or nothing written and every bad row named."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings, strategies as st
from openpyxl import Workbook

from mestring.workshops.models import Note
from mestring.workshops.notes_file import IMPORT_COLUMNS, ColumnError, parse

pytestmark = pytest.mark.django_db


def upload(client, workshop, name: str, content: bytes):
    return client.post(reverse("workshops:import", args=[workshop.pk]), {"file": SimpleUploadedFile(name, content)})


def test_csv_import_adds_notes_to_the_right_tables(client, workshop, coordinator_a):
    client.force_login(coordinator_a)
    content = "question;table;text;main\n1;1;Felles oversikt;ja\n1;2;Kontaktperson i hver kommune;nei\n2;1;Honorar;\n"
    response = upload(client, workshop, "notater.csv", content.encode())
    assert response.status_code == 302
    assert Note.objects.count() == 3
    main = Note.objects.get(is_main=True)
    assert (main.text, main.table.label, main.table.question.number, main.source) == ("Felles oversikt", "1", 1, "import")


def test_xlsx_import_works(client, workshop, coordinator_a):
    book = Workbook()
    book.active.append(["question", "table", "text", "main"])
    book.active.append([1, 2, "Felles plattform", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(coordinator_a)
    assert upload(client, workshop, "notater.xlsx", buffer.getvalue()).status_code == 302
    assert Note.objects.get().is_main


def test_bad_rows_are_all_listed_and_nothing_is_written(client, workshop, coordinator_a):
    client.force_login(coordinator_a)
    content = ("question,table,text,main\n1,1,God rad,ja\nx,1,Feil spørsmål,nei\n1,9,Feil bord,nei\n"
               "1,1,,nei\n1,1,Andre hovedutsagn,ja\n2,1,Ukjent main,kanskje\n")
    response = upload(client, workshop, "notater.csv", content.encode())
    text = response.content.decode()
    assert response.status_code == 400 and not Note.objects.exists()
    for expected in ("linje 3", "linje 4", "har ikke bord 9", "linje 5", "teksten er tom", "linje 6",
                     "allerede et hovedutsagn", "linje 7", "kanskje"):
        assert expected in text
    assert "linje 2:" not in text


def test_wrong_columns_are_rejected_with_the_reason(client, workshop, coordinator_a):
    client.force_login(coordinator_a)
    response = upload(client, workshop, "notater.csv", b"sporsmal,bord,tekst\n1,1,Hei\n")
    text = response.content.decode()
    assert response.status_code == 400 and not Note.objects.exists()
    assert "mangler kolonne: question, table, text, main" in text and "ukjent kolonne: sporsmal" in text


def test_import_is_closed_to_other_units(client, workshop, coordinator_b):
    client.force_login(coordinator_b)
    assert upload(client, workshop, "n.csv", b"question,table,text,main\n1,1,Hei,nei\n").status_code == 403
    assert not Note.objects.exists()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=5), max_size=6))
def test_parser_never_crashes_on_arbitrary_cells(records):
    try:
        rows = parse(records, IMPORT_COLUMNS)
    except ColumnError:
        return
    assert all(r.errors or (r.question and r.table and r.text) for r in rows)
