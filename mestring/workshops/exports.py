"""Files out: the published summary (DOCX, PDF) and every raw note with its group and heading (CSV, XLSX).

PDF is made with reportlab (pure Python, no system libraries): a plain text summary. The overview's public
reports use WeasyPrint instead, for tagged PDF (see overview/report_pdf.py).
"""
from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from mestring.workshops import selectors
from mestring.workshops.models import MergeGroup, Note, Workshop
from mestring.core.spreadsheets import safe_cell

RAW_COLUMNS = ["question_number", "question", "table", "host", "note_id", "text", "is_main", "source", "round",
               "created_at", "group_id", "group_kind", "statement_text", "heading"]


def summary_intro() -> str:
    return _("Alle notater per spørsmål fra begge bord, sortert under overskrifter og uten duplikater. "
             "Hovedutsagnene står først. Utsagnene er ikke tolket ut over sorteringen.")


def summary_sections(workshop: Workshop):
    """(question title, [(section heading, [statement texts], is_main)]) in the published order."""
    for part in selectors.summary(workshop):
        sections = []
        if part.main:
            sections.append((_("Hovedutsagn"), [s.note.text for s in part.main], True))
        sections += [(h.title, [s.note.text for s in items], False) for h, items in part.headings if items]
        if part.unsorted:
            sections.append((_("Andre utsagn"), [s.note.text for s in part.unsorted], False))
        yield f"{part.question.number}. {part.question.text}", sections


def summary_docx(workshop: Workshop) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.language = "nb-NO"
    document.core_properties.title = workshop.title
    document.add_heading(workshop.title, level=0)
    document.add_paragraph(summary_intro())
    for title, sections in summary_sections(workshop):
        document.add_heading(title, level=1)
        for heading, texts, is_main in sections:
            document.add_heading(heading, level=2)
            for text in texts:
                run = document.add_paragraph(style="List Bullet").add_run(text)
                run.bold = is_main
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_pdf(workshop: Workshop) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()
    story = [Paragraph(escape(workshop.title), styles["Title"]), Paragraph(escape(summary_intro()), styles["Normal"])]
    for title, sections in summary_sections(workshop):
        story.append(Paragraph(escape(title), styles["Heading1"]))
        for heading, texts, is_main in sections:
            story.append(Paragraph(escape(heading), styles["Heading2"]))
            style = styles["Normal"]
            items = [ListItem(Paragraph(f"<b>{escape(t)}</b>" if is_main else escape(t), style)) for t in texts]
            story.append(ListFlowable(items, bulletType="bullet", leftIndent=12))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=workshop.title, lang="nb-NO",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    doc.build(story)
    return buffer.getvalue()


def spreadsheet_safe(value) -> str:
    """Text that a spreadsheet will not run as a formula (notes are typed by anyone with a link)."""
    return safe_cell("" if value is None else str(value))


def raw_rows(workshop: Workshop) -> list[list[str]]:
    """Every note exactly as written, with its table, merge group, kept wording and heading."""
    rows = []
    for question in workshop.questions.all():
        statements = selectors.statements(question)
        for statement in statements:
            for note in statement.members:
                rows.append(raw_row(question, note, statement))
    return rows


def raw_row(question, note: Note, statement: selectors.Statement) -> list[str]:
    group: MergeGroup | None = statement.group
    heading = statement.note.heading.title if statement.note.heading_id else ""
    return [str(question.number), question.text, note.table.label, note.table.host_name, str(note.pk), note.text,
            "ja" if note.is_main else "nei", note.source, str(note.round.number) if note.round_id else "", note.created_at.isoformat(timespec="seconds"),
            str(group.pk) if group else "", group.kind if group else "", statement.note.text, heading]


def raw_csv(workshop: Workshop) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(RAW_COLUMNS)
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in raw_rows(workshop)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def raw_xlsx(workshop: Workshop) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "notater"
    sheet.append(RAW_COLUMNS)
    for row in raw_rows(workshop):
        sheet.append([spreadsheet_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def qdpx(workshop: Workshop) -> bytes:
    """A REFI-QDA project (.qdpx) for researchers: one text source per table (its notes, one a line),
    each note a selection coded with its heading (codes grouped per question) and, if so, "Hovedutsagn".
    """
    import uuid
    import zipfile
    from xml.etree import ElementTree as ET

    ns = "urn:QDA-XML:project:1.0"

    def guid(*parts) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "mestring-workshop:" + ":".join(map(str, parts))))

    user = guid(workshop.pk, "user")
    project = ET.Element("Project", {"xmlns": ns, "name": workshop.title, "origin": "mestring"})
    ET.SubElement(ET.SubElement(project, "Users"), "User", {"guid": user, "name": "mestring"})
    codes = ET.SubElement(ET.SubElement(project, "CodeBook"), "Codes")
    main_code = guid(workshop.pk, "main")
    ET.SubElement(codes, "Code", {"guid": main_code, "name": _("Hovedutsagn"), "isCodable": "true"})
    sources = ET.SubElement(project, "Sources")
    files = {}
    for question in workshop.questions.prefetch_related("headings", "tables"):
        parent = ET.SubElement(codes, "Code", {"guid": guid("q", question.pk), "isCodable": "false",
                                               "name": f"{question.number}. {question.text}"})
        for heading in question.headings.all():
            ET.SubElement(parent, "Code", {"guid": guid("h", heading.pk), "name": heading.title, "isCodable": "true"})
        statements = {n.pk: s for s in selectors.statements(question) for n in s.members}
        for table in question.tables.all():
            files[guid("t", table.pk)] = table_source(sources, table, statements, guid, user, main_code)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(project, encoding="utf-8", xml_declaration=True))
        for name, text in files.items():
            archive.writestr(f"Sources/{name}.txt", text.encode("utf-8"))
    return buffer.getvalue()


def table_source(sources, table, statements: dict, guid, user: str, main_code: str) -> str:
    """Add one table's notes as a TextSource with a coded selection per note; returns the source text."""
    from xml.etree import ElementTree as ET

    source_guid = guid("t", table.pk)
    source = ET.SubElement(sources, "TextSource", {
        "guid": source_guid, "name": str(table), "plainTextPath": f"internal://{source_guid}.txt"})
    lines, position = [], 0
    for note in table.notes.order_by("pk"):
        statement = statements[note.pk]
        name = f"{_('notat')} {note.pk}" + (f" ({_('gruppe')} {statement.group.pk})" if statement.group else "")
        selection = ET.SubElement(source, "PlainTextSelection", {
            "guid": guid("n", note.pk), "name": name, "startPosition": str(position),
            "endPosition": str(position + len(note.text)), "creatingUser": user})
        code_refs = ([guid("h", statement.note.heading_id)] if statement.note.heading_id else []) + (
            [main_code] if note.is_main else [])
        for ref in code_refs:
            coding = ET.SubElement(selection, "Coding", {"guid": guid("c", note.pk, ref), "creatingUser": user})
            ET.SubElement(coding, "CodeRef", {"targetGUID": ref})
        lines.append(note.text)
        position += len(note.text) + 1
    return "\n".join(lines)
