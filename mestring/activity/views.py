"""Activity reporting pages for coordinators, and the national admin's lock/reopen of a year."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.activity import exports, selectors, services
from mestring.activity.access import get_service_for_user
from mestring.activity.forms import UploadForm, run_forms
from mestring.activity.models import ReportingYear
from mestring.activity.workbook import UploadInvalid, build_template
from mestring.core.audit import history_for
from mestring.registry.access import services_for_user


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _checked_year(year: int) -> int:
    if year not in selectors.reportable_years():
        raise Http404("No such reporting year")
    return year


@role_required(Role.COORDINATOR)
def overview(request):
    """The coordinator's services with a report link per year; national admins also lock and reopen years."""
    years = selectors.reportable_years()[:2]
    locked = selectors.locked_years()
    return render(request, "activity/overview.html", {
        "services": services_for_user(request.user), "years": years,
        "year_rows": [(year, year in locked) for year in selectors.reportable_years()],
        "locked": locked,
    })


@role_required(Role.COORDINATOR)
def report_form(request, service_pk: int, year: int):
    """One service's report for one year, one row per registry run held that year."""
    service = get_service_for_user(request.user, service_pk)
    year = _checked_year(year)
    report = selectors.report_for(service, year)
    is_locked = selectors.year_status(year) == ReportingYear.Status.LOCKED
    rows = run_forms(selectors.runs_held(service, year), selectors.reported_rows(report),
                     request.POST if request.method == "POST" else None, year=year,
                     known=selectors.kommuner_in(year), homes=selectors.saved_homes(report), disabled=is_locked)
    errors = []
    if request.method == "POST" and all(form.is_valid() for _run, form in rows):
        submit = request.POST.get("action") == "submit"
        try:
            services.save_report(service=service, year=year, user=request.user, submit=submit,
                                 rows=[(run, form.activity_values()) for run, form in rows])
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Aktivitetsrapporten er sendt inn.") if submit
                             else _("Aktivitetsrapporten er lagret."))
            return redirect("activity:report", service_pk=service.pk, year=year)
    elif request.method == "POST":
        errors = [_("Noen rader har feil. Rett feltene som er merket, og lagre igjen.")]
    return render(request, "activity/report_form.html", {
        "service": service, "year": year, "rows": rows, "report": report, "is_locked": is_locked,
        "errors": errors, "history": history_for(request.user, report) if report else None,
    }, status=400 if errors else 200)


@require_GET
@role_required(Role.COORDINATOR)
def template(request, service_pk: int, year: int):
    """The XLSX template for one service and year, pre-filled with the registry's runs and what is saved."""
    service = get_service_for_user(request.user, service_pk)
    year = _checked_year(year)
    response = HttpResponse(build_template(service, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="aktivitet-{year}-tjeneste-{service.pk}.xlsx"'
    return response


@role_required(Role.COORDINATOR)
def upload(request, service_pk: int, year: int):
    """Upload the filled-in template; every problem is listed with its cell and nothing is saved."""
    service = get_service_for_user(request.user, service_pk)
    year = _checked_year(year)
    is_locked = selectors.year_status(year) == ReportingYear.Status.LOCKED
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems, errors = [], []
    if request.method == "POST" and not is_locked and form.is_valid():
        try:
            report = services.import_report(service=service, year=year, user=request.user,
                                            content=form.cleaned_data["file"].read(),
                                            submit=request.POST.get("action") == "submit")
        except UploadInvalid as invalid:
            problems = invalid.problems
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Filen er lest inn: %(n)s kursstarter er lagret i rapporten.")
                             % {"n": report.runs.count()})
            return redirect("activity:report", service_pk=service.pk, year=year)
    failed = request.method == "POST" and (problems or errors or not form.is_valid() or is_locked)
    return render(request, "activity/upload.html", {
        "service": service, "year": year, "form": form, "problems": problems, "errors": errors,
        "is_locked": is_locked,
    }, status=400 if failed else 200)


@require_POST
@role_required(Role.NATIONAL_ADMIN)
def year_status(request, year: int):
    """Lock or reopen a year (POST only)."""
    year = _checked_year(year)
    status = request.POST.get("status", "")
    try:
        services.set_year_status(year=year, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("Rapporteringsåret %(year)s er låst.") if status == ReportingYear.Status.LOCKED \
            else _("Rapporteringsåret %(year)s er åpnet igjen.")
        messages.success(request, text % {"year": year})
    if request.POST.get("back") == "year":
        return redirect("activity:year", year=year)
    return redirect("activity:overview")


@require_GET
@role_required(Role.NATIONAL_ADMIN)
def year_detail(request, year: int):
    """A national adviser's view of one year: status per service, reminders, lock and reopen."""
    year = _checked_year(year)
    rows = selectors.year_statuses(year)
    return render(request, "activity/year.html", {
        "year": year, "rows": rows, "counts": selectors.status_counts(rows),
        "reporting_year": ReportingYear.objects.filter(year=year).first(),
        "reminders": selectors.reminders_for(year)[:200],
    })


@require_GET
@role_required(Role.NATIONAL_ADMIN)
def year_export(request, year: int, fmt: str):
    """The status list as CSV or XLSX."""
    year = _checked_year(year)
    rows = selectors.year_statuses(year)
    if fmt == "csv":
        response = HttpResponse(exports.status_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.status_xlsx(rows, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="aktivitetsrapporter-status-{year}.{fmt}"'
    return response


@require_POST
@role_required(Role.NATIONAL_ADMIN)
def send_reminders(request, year: int):
    """Queue one reminder per coordinator of services that have not submitted (once a day at most)."""
    year = _checked_year(year)
    try:
        queued, already = services.queue_reminders(year=year, created_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(queued)s påminnelser er lagt i kø for sending. %(already)s koordinatorer "
                                    "har allerede fått påminnelse i dag.") % {"queued": queued, "already": already})
    return redirect("activity:year", year=year)
