"""Text extraction from uploads: formats, layout clean-up, and refusals with a clear message."""
from __future__ import annotations

import io
import zipfile

import pytest

from mestring.core.documents import DocumentError, extract


def pdf_bytes(pages: list[list[str]], *, columns: bool = False, encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(50, height - 30, "Samarbeidsavtale Helse Nord – Tromsø kommune")
        pdf.drawString(width / 2, 25, f"Side {number} av {len(pages)}")
        pdf.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            if columns:
                x = 50 if i < len(lines) / 2 else width / 2 + 20
                y = height - 100 - (i % ((len(lines) + 1) // 2)) * 40
            else:
                x, y = 50, height - 100 - i * 40
            pdf.drawString(x, y, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("3. Oppgavefordeling", level=2)
    document.add_paragraph("Partene fordeler ansvar slik:")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Oppgave", "Helseforetaket", "Kommunen"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Pasientopplæring", "Diagnosespesifikke kurs", "Mestringskurs"]):
        cell.text = text
    document.add_paragraph("Etter tabellen.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="2. Lærings- og mestringstilbud"))
    document.text.addElement(P(text="Kommunen skal tilby mestringskurs."))
    table = Table(name="Ansvar")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("LMS", "Diagnosespesifikke kurs"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_plain_text_in_utf8_and_windows_encoding_read_alike():
    text = "Lærings- og mestringssenteret skal tilby kurs."
    assert extract(text.encode("utf-8")).text == text
    assert extract(text.encode("cp1252")).text == text


def test_pdf_columns_are_read_left_column_first_without_running_header_or_page_numbers():
    pages = [["Venstre en.", "Venstre to.", "Høyre en.", "Høyre to."], ["Side to venstre.", "Side to høyre."]]
    result = extract(pdf_bytes(pages, columns=True), filename="avtale.pdf")
    assert result.kind == "pdf" and result.pages == 2
    order = [result.text.index(w) for w in ("Venstre en", "Venstre to", "Høyre en", "Høyre to", "Side to venstre")]
    assert order == sorted(order)
    assert "Samarbeidsavtale Helse Nord" not in result.text
    assert "Side 1 av 2" not in result.text and "Side 2 av 2" not in result.text


def test_docx_tables_come_out_as_rows_in_document_order():
    text = extract(docx_bytes(), filename="avtale.docx").text
    assert "Pasientopplæring | Diagnosespesifikke kurs | Mestringskurs" in text
    assert text.index("Partene fordeler") < text.index("Pasientopplæring") < text.index("Etter tabellen")


def test_odt_headings_paragraphs_and_tables_are_read():
    result = extract(odt_bytes(), filename="avtale.odt")
    assert result.kind == "odt"
    assert "2. Lærings- og mestringstilbud" in result.text
    assert "LMS | Diagnosespesifikke kurs" in result.text


def test_a_pdf_without_text_layer_is_flagged_as_scan():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(50, 50, 400, 600, fill=1)  # an image-like page with no text
    pdf.showPage()
    pdf.save()
    result = extract(buffer.getvalue(), filename="skann.pdf")
    assert result.looks_scanned and not result.has_text


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF" + b"\x00" * 10, "skadet"),
    (b"PK\x03\x04 not really a zip", "skadet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gammelt Word-format"),
    (b"\x00\x01\x02binary", "ikke en tekstfil"),
    (b"   ", "tom"),
])
def test_broken_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(DocumentError, match=message):
        extract(data, filename="fil")


def test_password_protected_pdf_is_refused():
    with pytest.raises(DocumentError, match="passordbeskyttet"):
        extract(pdf_bytes([["Hemmelig."]], encrypt="hemmelig"), filename="låst.pdf")


def test_files_over_the_size_limit_are_refused_before_reading():
    with pytest.raises(DocumentError, match="for stor"):
        extract(b"a" * 2048, filename="stor.txt", max_bytes=1024)


def test_zip_that_is_neither_docx_nor_odt_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hei")
    with pytest.raises(DocumentError, match="verken er DOCX eller ODT"):
        extract(out.getvalue(), filename="pakke.zip")


def test_a_word_split_across_lines_is_joined_but_a_shared_compound_keeps_its_hyphen():
    text = extract("Kommu-\nnen tilbyr pasient-\nog pårørendeopplæring.".encode()).text
    assert text == "Kommunen tilbyr pasient- og pårørendeopplæring."
