"""The national report job: built by the tasks worker in steps, as a PDF and an XLSX with the year's figures."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from mestring.overview.models import ReportJob
from mestring.overview.report_services import run_step, start_report
from mestring.overview.reports import STEPS
from mestring.overview.tests.reporting import YEAR, activity, immediate_tasks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
SHEETS = ["Nøkkeltall", "Fylker", "Helseforetak", "Kommuner", "Diagnosegrupper", "Målgrupper", "Språk", "Digitalt",
          "Utvikling", "Uten tilbud", "Avstand"]


def page_text(data: bytes, index: int) -> str:
    # pdfminer reads a page of the 357-row kommune table slowly: the test reads a few pages only.
    return " ".join(extract_text(io.BytesIO(data), page_numbers=[index]).split())


def test_worker_builds_pdf_and_xlsx_with_the_years_figures(activity, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_report(year=YEAR, user=admin_user)
    job.refresh_from_db()
    assert (job.status, job.progress, job.step) == (ReportJob.Status.DONE, 100, len(STEPS))
    assert job.finished is not None and job.message == "Ferdig"

    data = job.pdf.read()
    total = len(list(PDFPage.get_pages(io.BytesIO(data))))
    first, second, third, last = (page_text(data, i) for i in (0, 1, 2, total - 1))
    assert f"Lærings- og mestringstilbud i Norge {YEAR}" in first
    for heading in ("Innhold", "1 Innledning", "2 Nøkkeltall", "3 Geografisk fordeling", "9 Metode"):
        assert heading in first
    assert "1 Innledning" in second and "2 Nøkkeltall" in third
    assert f"I {YEAR} holdt tjenestene 4 kurs med 58 deltakere" in third  # Tromsø 30 + Bodø 8 + UNN 20
    assert "9 Metode" in last and "Per 10 000 innbyggere" in last
    method = page_text(data, total - 2) + " " + last
    assert (f"for {YEAR} er 0 rapporter sendt inn og 3 er utkast; året er ikke låst, så tallene kan endre seg"
            in method)
    for index, text in ((0, first), (1, second), (2, third), (total - 1, last)):
        assert f"Side {index + 1} av {total}" in text
    assert total > 10  # the kommune table alone takes several pages

    workbook = load_workbook(io.BytesIO(job.xlsx.read()))
    assert workbook.sheetnames == SHEETS
    assert [c.value for c in workbook["Kommuner"][1]][:3] == ["Nummer", "Kommune", "Fylke"]
    kommuner = {row[0]: row for row in workbook["Kommuner"].iter_rows(min_row=2, values_only=True)}
    assert len(kommuner) == 357 and kommuner["5501"][1] == "Tromsø" and kommuner["5501"][9] == 30
    key = dict(workbook["Nøkkeltall"].iter_rows(min_row=2, values_only=True))
    assert key["Deltakere i alt"] == 58 and key["Pasienter og brukere"] == 50 and key["Pårørende"] == 8
    hfs = {row[0]: row for row in workbook["Helseforetak"].iter_rows(min_row=2, values_only=True)}
    assert hfs["Universitetssykehuset Nord-Norge HF"][5] == 50  # its own 20 and Tromsø's 30


def test_progress_moves_step_by_step_and_a_repeated_step_changes_nothing(activity, admin_user):
    job = ReportJob.objects.create(year=YEAR, requested_by=admin_user)
    seen = [job.progress]
    for step in range(3):
        assert run_step(job=job, step=step) is True
        seen.append(job.progress)
    assert seen == [0, 25, 40, 55] and job.status == ReportJob.Status.RUNNING
    before = dict(job.data)
    assert run_step(job=job, step=1) is False  # a duplicate delivery of an earlier step
    job.refresh_from_db()
    assert job.data == before and job.progress == 55


def test_a_failing_step_marks_the_job_failed_with_a_norwegian_message(admin_user, monkeypatch):
    job = ReportJob.objects.create(year=YEAR, requested_by=admin_user)
    monkeypatch.setattr("mestring.overview.report_services.do_step",
                        lambda job, step: (_ for _ in ()).throw(RuntimeError("disk full")))
    assert run_step(job=job, step=0) is False
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.message.startswith("Rapporten kunne ikke lages")
