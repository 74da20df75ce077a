"""The national report and the fact sheets are tagged PDF/UA-1: structure tree, language, alt text, no network."""
from __future__ import annotations

import io
import logging
import socket
from collections import Counter

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mestring.overview import report_pdf
from mestring.overview.models import ReportJob
from mestring.overview.national_report import HEADINGS
from mestring.overview.report_services import start_report
from mestring.overview.tests.reporting import YEAR, activity, immediate_tasks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def structure(data: bytes) -> tuple[PdfReader, Counter, list[str]]:
    """The PDF, how many structure elements of each type it has, and the /Alt of every Figure."""
    reader = PdfReader(io.BytesIO(data))
    counts, alts = Counter(), []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        element = stack.pop().get_object()
        if "/S" in element:
            counts[element["/S"][1:]] += 1
            if element["/S"] == "/Figure":
                alts.append(str(element.get("/Alt", "")))
            if element["/S"] == "/TD" and element["/A"].get("/Headers"):
                counts["TD with headers"] += 1
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            target = kid.get_object() if hasattr(kid, "get_object") else None
            if isinstance(target, dict) and target.get("/Type") != "/OBJR":
                stack.append(kid)
    return reader, counts, alts


def assert_tagged(reader: PdfReader, title: str) -> None:
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]) == "nb-NO" and catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA-1
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}  # our own embedded font, nothing substituted


def test_national_report_is_tagged_with_headings_tables_and_described_figures(activity, admin_user,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_report(year=YEAR, user=admin_user)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    reader, counts, alts = structure(job.pdf.read())
    assert_tagged(reader, f"Lærings- og mestringstilbud i Norge {YEAR}: nasjonal rapport")
    assert counts["H1"] == 1 and counts["H2"] == 10 and counts["H3"] == 7  # title; Innhold + 9 chapters; sections
    assert counts["Table"] >= 11 and counts["TH"] > 357 and counts["TD"] > 357 * 5  # a row header per kommune
    assert counts["TD with headers"] == counts["TD"]  # every figure names its column and row
    assert counts["Link"] >= len(HEADINGS)  # the table of contents links to every heading
    assert len(alts) == 5 and all(alts)  # the map and four charts
    assert any(alt.startswith("Kart over Norges kommuner") for alt in alts)
    assert "Stolpediagram: deltakere etter diagnosegruppe. Tallene står i tabellen under." in alts
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "1 Innledning" and outline[-1] == "9 Metode" and len(outline) == 9


def test_fact_sheet_is_tagged_one_page_with_its_map_and_chart_described(client, activity, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(reverse("overview_reports:factsheet", args=["kommune", "5501", YEAR]))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []  # no CSS or resource problems
    reader, counts, alts = structure(response.content)
    assert_tagged(reader, f"Faktaark {YEAR}: Tromsø kommune")
    assert len(reader.pages) == 1
    assert counts["H1"] == 1 and counts["H2"] == 2 and counts["Table"] == 2
    assert counts["TD with headers"] == counts["TD"] == 13  # 8 key figures and 5 years, each with its row header
    assert alts == ["Kart over Norges kommuner der Tromsø kommune er markert.",
                    "Stolpediagram: deltakere per år. Tallene står i tabellen ved siden av."]
    assert reader.metadata.subject == f"Lærings- og mestringstilbud i Tromsø kommune i {YEAR}"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/logo.png", "https://example.org/font.ttf",
                                 "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo="])
def test_the_fetcher_refuses_anything_but_our_own_files(url):
    with pytest.raises(report_pdf.NotLocalError):
        report_pdf.LocalFetcher().fetch(url)


def test_the_fetcher_hands_out_the_print_stylesheet_and_the_font():
    fetcher = report_pdf.LocalFetcher()
    assert b"@page" in fetcher.fetch((report_pdf.STATIC_DIR / "print.css").as_uri()).read()
    assert fetcher.fetch((report_pdf.FONT_DIR / "DejaVuSans.ttf").as_uri()).read(4) == b"\x00\x01\x00\x00"


def test_a_document_asking_for_a_network_image_is_not_drawn_and_nothing_is_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to open a network connection")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = ('<!doctype html><html lang="nb-NO"><head><title>Prøve</title></head>'
            '<body><img src="http://127.0.0.1:9/logo.png" alt="Logo"></body></html>')
    with pytest.raises(report_pdf.NotLocalError, match="bare bruke lokale filer"):
        report_pdf.render_html(html)
