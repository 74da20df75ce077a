"""The national report job: built by the tasks worker in steps, as a PDF and an XLSX with the year's figures."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTTextContainer

from mestring.overview.models import ReportJob
from mestring.overview.report_services import start_report
from mestring.overview.tests.reporting import YEAR, activity, immediate_tasks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def page_texts(data: bytes) -> list[str]:
    return ["".join(e.get_text() for e in page if isinstance(e, LTTextContainer))
            for page in extract_pages(io.BytesIO(data))]


@pytest.fixture
def finished_job(activity, admin_user, django_capture_on_commit_callbacks) -> ReportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_report(year=YEAR, user=admin_user)
    job.refresh_from_db()
    return job


def test_worker_builds_the_report_to_100_percent(finished_job):
    assert finished_job.status == ReportJob.Status.DONE
    assert finished_job.progress == 100 and finished_job.finished is not None
    assert finished_job.pdf.name.endswith(".pdf") and finished_job.xlsx.name.endswith(".xlsx")


def test_pdf_has_year_headings_known_figures_and_page_numbers(finished_job):
    data = finished_job.pdf.read()
    pages = page_texts(data)
    text = " ".join(" ".join(pages).split())
    assert f"Lærings- og mestringstilbud i Norge {YEAR}" in text
    for heading_text in ("Innhold", "1 Innledning", "2 Nøkkeltall", "3 Geografisk fordeling", "9 Metode"):
        assert heading_text in text
    assert "holdt tjenestene 4 kurs med 58 deltakere" in text  # 30 Tromsø + 8 Bodø + 20 UNN
    assert "5501 Tromsø" in text or "Tromsø" in text
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} av {len(pages)}" in page


def test_xlsx_has_one_sheet_per_table_and_the_known_figures(finished_job):
    workbook = load_workbook(io.BytesIO(finished_job.xlsx.read()))
    assert workbook.sheetnames == ["Nøkkeltall", "Fylker", "Helseforetak", "Kommuner", "Diagnosegrupper",
                                   "Målgrupper", "Språk", "Utvikling", "Uten tilbud"]
    kommuner = {row[0]: row for row in workbook["Kommuner"].iter_rows(min_row=2, values_only=True)}
    assert kommuner["5501"][1] == "Tromsø" and kommuner["5501"][9] == 30
    assert len(kommuner) == 357
    key = dict(workbook["Nøkkeltall"].iter_rows(min_row=2, values_only=True))
    assert key["Deltakere i alt"] == 58
    hfs = {row[0]: row for row in workbook["Helseforetak"].iter_rows(min_row=2, values_only=True)}
    assert hfs["Universitetssykehuset Nord-Norge HF"][6] == 50  # its own 20 and Tromsø's 30
