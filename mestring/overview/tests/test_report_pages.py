"""Report and fact sheet pages: who may start and download, progress without JavaScript, fact sheet figures."""
from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pdfminer.high_level import extract_text

from mestring.overview.models import ReportJob
from mestring.overview.tests.reporting import UNN, YEAR, activity, immediate_tasks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def text_of(response, pages=None) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(extract_text(io.BytesIO(data), page_numbers=pages).split())


def make_job(user, **fields) -> ReportJob:
    return ReportJob.objects.create(year=YEAR, requested_by=user, **fields)


def test_national_admin_starts_a_report_and_follows_it_to_the_downloads(client, admin_user, activity,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    assert client.get(reverse("overview_reports:list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("overview_reports:list"), {"year": YEAR})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("overview_reports:detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "100 % ferdig" in page and "Last ned rapporten for 2025 (PDF)" in page
    assert "hx-trigger" not in page  # finished: polling stops
    pdf = client.get(reverse("overview_reports:download", args=[job.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and f"Norge {YEAR}" in text_of(pdf, pages=[0])
    xlsx = client.get(reverse("overview_reports:download", args=[job.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_starting_a_year_that_is_being_made_opens_that_report(client, admin_user):
    job = make_job(admin_user, status=ReportJob.Status.RUNNING, progress=25, step=1)
    client.force_login(admin_user)
    response = client.post(reverse("overview_reports:list"), {"year": YEAR})
    assert response.url == reverse("overview_reports:detail", args=[job.pk])
    assert ReportJob.objects.count() == 1


def test_unknown_year_is_refused_with_a_message_and_nothing_is_queued(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("overview_reports:list"), {"year": 1990})
    assert response.status_code == 200 and "Velg et gyldig valg" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_progress_page_polls_with_htmx_and_has_a_refresh_link_without_javascript(client, admin_user):
    job = make_job(admin_user, status=ReportJob.Status.RUNNING, progress=40, step=2,
                   message="Regner ut utviklingen over fem år")
    client.force_login(admin_user)
    page = client.get(reverse("overview_reports:detail", args=[job.pk])).content.decode()
    assert "40 % ferdig" in page and "Regner ut utviklingen over fem år" in page
    assert 'hx-trigger="every 2s"' in page and "Oppdater framdriften" in page
    partial = client.get(reverse("overview_reports:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<section") and "<html" not in partial


def test_download_of_an_unfinished_report_is_404(client, admin_user):
    job = make_job(admin_user, progress=25, step=1)
    client.force_login(admin_user)
    assert client.get(reverse("overview_reports:download", args=[job.pk, "pdf"])).status_code == 404
    assert client.get(reverse("overview_reports:download", args=[job.pk, "exe"])).status_code == 404


@pytest.mark.parametrize("who", ["coordinator_a", "interviewer", "outsider"])
def test_other_users_may_not_start_see_or_download_reports(client, request, admin_user, who):
    job = make_job(admin_user, status=ReportJob.Status.DONE, progress=100)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("overview_reports:list")).status_code == 403
    assert client.post(reverse("overview_reports:list"), {"year": YEAR}).status_code == 403
    assert client.get(reverse("overview_reports:detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("overview_reports:download", args=[job.pk, "pdf"])).status_code == 403
    assert ReportJob.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, admin_user):
    job = make_job(admin_user)
    assert client.get(reverse("overview_reports:list")).status_code == 302
    assert client.get(reverse("overview_reports:detail", args=[job.pk])).status_code == 403


def test_unknown_job_is_404_for_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("overview_reports:detail", args=[999])).status_code == 404


def test_tromso_fact_sheet_is_public_and_shows_its_own_figures(client, activity):
    response = client.get(reverse("overview_reports:factsheet", args=["kommune", "5501", YEAR]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert f"Faktaark {YEAR}: Tromsø kommune" in text
    assert "holdt 2 kurs i 1 kurstilbud med 30 deltakere" in text
    assert "Universitetssykehuset Nord-Norge HF" in text and "Side 1 av 1" in text
    assert "KOLS og lungesykdommer" in text and "Diabetes" not in text  # Bodø's offer is not Tromsø's


def test_hf_fact_sheet_shows_its_own_centre_and_its_catchment(client, activity):
    response = client.get(reverse("overview_reports:factsheet", args=["hf", UNN, YEAR]))
    text = text_of(response)
    assert f"Faktaark {YEAR}: Universitetssykehuset Nord-Norge HF" in text
    assert "holdt 3 kurs i 2 kurstilbud med 50 deltakere" in text  # its own 20 and Tromsø's 30, not Bodø's 8
    assert "LMS UNN" in text and "Side 1 av 1" in text


def test_one_address_may_have_few_new_fact_sheets_drawn_but_any_already_drawn(client, activity, settings):
    from django.core.cache import cache

    settings.FACTSHEET_DRAW_RATE = "1/m"
    cache.clear()
    tromso = reverse("overview_reports:factsheet", args=["kommune", "5501", YEAR])
    assert client.get(tromso).status_code == 200
    response = client.get(reverse("overview_reports:factsheet", args=["kommune", "1804", YEAR]))
    assert response.status_code == 429 and "For mange nye faktaark" in response.content.decode()
    assert client.get(tromso).status_code == 200  # kept: costs nothing to send again
    cache.clear()


def test_fact_sheet_figures_follow_a_changed_report(client, activity):
    url = reverse("overview_reports:factsheet", args=["kommune", "1804", YEAR])
    assert "holdt 1 kurs i 1 kurstilbud med 8 deltakere" in text_of(client.get(url))
    row = activity["bodo"].runs.get().activity.get()
    row.participants_patients = 11
    row.save()
    assert "holdt 1 kurs i 1 kurstilbud med 11 deltakere" in text_of(client.get(url))


@pytest.mark.parametrize("path", [("kommune", "9999", YEAR), ("hf", "5501", YEAR), ("fylke", "55", YEAR),
                                  ("kommune", "5501", 1990)])
def test_unknown_fact_sheet_is_404(client, path):
    assert client.get(reverse("overview_reports:factsheet", args=path)).status_code == 404


def test_fact_sheet_form_sends_to_the_pdf_or_explains_the_choice(client):
    url = reverse("overview_reports:factsheets")
    assert client.get(url).status_code == 200
    response = client.get(url, {"kommune": "5501", "hf": "", "year": YEAR})
    assert response.url == reverse("overview_reports:factsheet", args=["kommune", "5501", YEAR])
    both = client.get(url, {"kommune": "5501", "hf": UNN, "year": YEAR}).content.decode()
    assert "Velg enten en kommune eller et helseforetak" in both
