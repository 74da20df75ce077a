"""Helpers for the knowledge-base tests: files in each accepted format and ready-made items."""
from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from mestring.network import knowledge
from mestring.network.models_knowledge import Document, PracticeExample, Project


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(*lines: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = 780
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_document(user, *, title="Veileder", text="Tekst.", fmt="txt", tags=(), is_public=True, kind="guide",
                  year=2025, description="Beskrivelse.") -> Document:
    data = {"txt": lambda: text.encode(), "docx": lambda: docx_bytes(text), "pdf": lambda: pdf_bytes(text)}[fmt]()
    document = Document(title=title, kind=kind, description=description, year=year, is_public=is_public)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the text extraction job runs at once
        knowledge.save_document(document=document, tag_names=list(tags), upload=(f"fil.{fmt}", fmt, data), by=user)
    document.refresh_from_db()
    return document


def make_practice(user, unit, *, title="Felles lærings- og mestringssenter", published=True, tags=(),
                  what_was_done="Vi startet kurs for pårørende.") -> PracticeExample:
    example = PracticeExample(title=title, unit=unit, year=2025, organisation_form="Interkommunalt samarbeid",
                              target_groups="Pårørende", what_was_done=what_was_done,
                              what_worked="Faste kursdager og brukerrepresentanter som kursholdere.",
                              contact_name="Kari Koordinator", contact_email="kari@example.no",
                              is_published=published)
    return knowledge.save_practice(example=example, tag_names=list(tags), partners=[], by=user)


def make_project(unit, *, name="Pårørendeskolen i nord", public=True, documents=()) -> Project:
    project = Project(name=name, status=Project.Status.ONGOING, starts_on=dt.date(2025, 1, 1),
                      description="Et prosjekt om kurs for pårørende.", is_public=public)
    return knowledge.save_project(project=project, units=[unit], documents=list(documents))


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
