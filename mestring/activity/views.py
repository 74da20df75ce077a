"""Activity reporting pages for coordinators, and the national admin's lock/reopen of a year."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.activity import selectors, services
from mestring.activity.access import get_service_for_user
from mestring.activity.forms import run_forms
from mestring.activity.models import ReportingYear
from mestring.core.audit import history_for
from mestring.registry.access import services_for_user


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
    runs = selectors.runs_held(service, year)
    report = selectors.report_for(service, year)
    saved = selectors.reported_rows(report)
    is_locked = selectors.year_status(year) == ReportingYear.Status.LOCKED
    rows = run_forms(runs, saved, request.POST if request.method == "POST" else None, disabled=is_locked)
    errors = []
    if request.method == "POST" and all(form.is_valid() for _run, form in rows):
        try:
            services.save_report(service=service, year=year, user=request.user,
                                 rows=[(run, form.activity_values()) for run, form in rows])
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Aktivitetsrapporten er lagret."))
            return redirect("activity:report", service_pk=service.pk, year=year)
    elif request.method == "POST":
        errors = [_("Noen rader har feil. Rett feltene som er merket, og lagre igjen.")]
    return render(request, "activity/report_form.html", {
        "service": service, "year": year, "rows": rows, "report": report, "is_locked": is_locked,
        "errors": errors, "history": history_for(request.user, report) if report else None,
    }, status=400 if errors else 200)


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
    return redirect("activity:overview")
