"""Pages for the national report (national admins) and the public fact sheets."""
from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.overview import factsheets
from mestring.overview.models import ReportJob
from mestring.overview.report_access import get_factsheet_unit, get_report_job_for_user
from mestring.overview.report_forms import FactsheetForm, StartReportForm, report_years
from mestring.overview.report_services import start_report

FILE_TYPES = {"pdf": "application/pdf",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@role_required(Role.NATIONAL_ADMIN)
def report_list(request):
    """The national reports made so far, and a form to start a new one (POST)."""
    form = StartReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = start_report(year=form.cleaned_data["year"], user=request.user)
        return redirect("overview_reports:detail", pk=job.pk)
    jobs = ReportJob.objects.select_related("requested_by")[:50]
    return render(request, "overview/reports/list.html",
                  {"form": form, "jobs": jobs, "keep_days": settings.OVERVIEW_REPORT_KEEP_DAYS})


@require_GET
def report_detail(request, pk: int):
    """Progress while the worker builds the report; the download links when it is done."""
    job = get_report_job_for_user(request.user, pk)
    template = "overview/reports/_progress.html" if request.htmx else "overview/reports/detail.html"
    return render(request, template, {"job": job})


@require_GET
def report_download(request, pk: int, kind: str):
    job = get_report_job_for_user(request.user, pk)
    file = getattr(job, kind, None) if kind in FILE_TYPES else None
    if job.status != ReportJob.Status.DONE or not file:
        raise Http404("No such file")
    return FileResponse(file.open("rb"), as_attachment=True, filename=f"nasjonal-rapport-{job.year}.{kind}",
                        content_type=FILE_TYPES[kind])


@require_GET
def factsheet_index(request):
    """Choose a kommune or an HF; a valid choice goes straight to its one-page PDF."""
    form = FactsheetForm(request.GET or None)
    if request.GET and form.is_valid():
        kind, code, year = form.target()
        return redirect("overview_reports:factsheet", kind=kind, code=code, year=year)
    return render(request, "overview/reports/factsheets.html", {"form": form})


@require_GET
def factsheet(request, kind: str, code: str, year: int):
    unit = get_factsheet_unit(kind, code)
    if year not in report_years():
        raise Http404("No such year")
    # Drawing one takes seconds of CPU; one already drawn for this data version is free to fetch.
    if not factsheets.factsheet_is_drawn(unit, year) and is_ratelimited(
            request, group="factsheet-draw", key="ip", rate=settings.FACTSHEET_DRAW_RATE, increment=True):
        return render(request, "overview/reports/limited.html", status=429)
    response = HttpResponse(factsheets.cached_factsheet_pdf(unit, year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="faktaark-{code}-{year}.pdf"'
    return response
