"""Pages for brukerrepresentanter: the coordinators' register and payments, and the person's own page."""
from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.network import representatives as services
from mestring.network.access import (get_assignment_for_user, get_representative_for_user, own_representative,
                                     visible_representatives)
from mestring.network.forms import AssignmentForm, RepresentativeForm, TrainingForm
from mestring.network.models import Assignment, PersonalDataAccess

coordinator_required = role_required(Role.COORDINATOR)


@coordinator_required
@require_GET
def representative_list(request):
    people = visible_representatives(request.user).prefetch_related("units")
    # The list shows names, organisations and areas of experience: personal data, so the look is logged.
    PersonalDataAccess.objects.create(user=request.user, action=PersonalDataAccess.Action.REPRESENTATIVE_LIST)
    return render(request, "network/representatives.html", {"people": people})


@coordinator_required
@require_http_methods(["GET", "POST"])
def representative_form(request, pk=None):
    instance = get_representative_for_user(request.user, pk) if pk else None
    if instance is not None and request.method == "GET":  # the form shows all of the person's data
        PersonalDataAccess.objects.create(representative=instance, user=request.user,
                                          action=PersonalDataAccess.Action.PROFILE)
    form = RepresentativeForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        if instance is None:
            form.instance.consent_at = timezone.now()
        person = form.save()
        messages.success(request, _("Brukerrepresentanten er lagret."))
        return redirect("network:representative", pk=person.pk)
    return render(request, "network/representative_form.html", {"form": form, "person": instance},
                  status=400 if form.errors else 200)


def _detail_context(request, person, assignment_form=None, training_form=None) -> dict:
    assignments = person.assignments.select_related("unit", "rate", "approved_by")
    return {"person": person, "assignments": assignments, "trainings": person.trainings.all(),
            "assignment_form": assignment_form or AssignmentForm(user=request.user),
            "training_form": training_form or TrainingForm(),
            "accesses": person.data_accesses.select_related("user")[:20]}


@coordinator_required
@require_GET
def representative_detail(request, pk):
    person = get_representative_for_user(request.user, pk)
    PersonalDataAccess.objects.create(representative=person, user=request.user,
                                      action=PersonalDataAccess.Action.PROFILE)
    return render(request, "network/representative.html", _detail_context(request, person))


@coordinator_required
@require_POST
def assignment_add(request, pk):
    person = get_representative_for_user(request.user, pk)
    form = AssignmentForm(request.POST, user=request.user, instance=Assignment(representative=person))
    if form.is_valid():
        form.save()
        messages.success(request, _("Oppdraget er lagt til."))
        return redirect("network:representative", pk=person.pk)
    return render(request, "network/representative.html", _detail_context(request, person, assignment_form=form),
                  status=400)


@coordinator_required
@require_POST
def training_add(request, pk):
    person = get_representative_for_user(request.user, pk)
    form = TrainingForm(request.POST, instance=person.trainings.model(representative=person))
    if form.is_valid():
        form.save()
        messages.success(request, _("Opplæringen er registrert."))
        return redirect("network:representative", pk=person.pk)
    return render(request, "network/representative.html", _detail_context(request, person, training_form=form),
                  status=400)


@coordinator_required
@require_POST
def assignment_approve(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    get_representative_for_user(request.user, assignment.representative_id)
    try:
        services.approve(assignment=assignment, by=request.user)
        messages.success(request, _("Oppdraget er godkjent for utbetaling."))
    except services.AssignmentRefused as refused:
        messages.error(request, refused.message)
    return redirect("network:representative", pk=assignment.representative_id)


@coordinator_required
@require_POST
def representative_invite(request, pk):
    person = get_representative_for_user(request.user, pk)
    services.invite(representative=person, site_url=settings.SITE_URL)
    messages.success(request, _("Invitasjon til innlogging er sendt til %(email)s.") % {"email": person.email})
    return redirect("network:representative", pk=person.pk)


def _payable(user):
    """Approved assignments the user may send to payment: their units' (all for national admins)."""
    from mestring.accounts.access import scoped_units

    rows = Assignment.objects.filter(status=Assignment.Status.APPROVED)
    return rows if user.is_national_admin else rows.filter(unit__in=scoped_units(user))


@coordinator_required
@require_http_methods(["GET", "POST"])
def payments(request):
    if request.method == "POST":
        fmt = "xlsx" if request.POST.get("format") == "xlsx" else "csv"
        content, count = services.export_for_payment(assignments=_payable(request.user), fmt=fmt)
        if count == 0:
            messages.info(request, _("Ingen godkjente oppdrag venter på utbetaling."))
            return redirect("network:payments")
        PersonalDataAccess.objects.create(user=request.user, action=PersonalDataAccess.Action.PAYMENT_EXPORT)
        kind = "text/csv; charset=utf-8" if fmt == "csv" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="utbetaling-{timezone.localdate()}.{fmt}"'
        return response
    rows = _payable(request.user).select_related("representative", "unit", "rate").order_by("pk")
    return render(request, "network/payments.html", {"rows": rows})


# The representative's own page ------------------------------------------------------------------

@login_required
@require_GET
def my_assignments(request):
    person = own_representative(request.user)
    assignments = person.assignments.select_related("unit", "rate")
    return render(request, "network/my_assignments.html", {"person": person, "assignments": assignments,
                                                           "trainings": person.trainings.all()})


@login_required
@require_POST
def my_assignment_confirm(request, pk):
    person = own_representative(request.user)
    assignment = get_object_or_404(person.assignments, pk=pk)
    services.confirm(assignment=assignment, representative=person)
    messages.success(request, _("Takk, oppdraget er bekreftet."))
    return redirect("network:my_assignments")


@login_required
@require_GET
def my_data(request):
    """Everything kept about the representative, as a file they can keep (right of access)."""
    person = own_representative(request.user)
    data = {f: getattr(person, f) for f in ("name", "email", "phone", "appointed_by", "experience", "competence",
                                            "consent_at", "keep_until")}
    data["purpose"] = str(person.purpose)
    data["units"] = [str(u) for u in person.units.all()]
    data["trainings"] = [{"title": t.title, "completed_on": t.completed_on} for t in person.trainings.all()]
    data["assignments"] = [{"title": a.title, "from": a.starts_on, "to": a.ends_on, "hours": a.hours,
                            "honorarium": a.honorarium, "travel_costs": a.travel_costs, "status": a.get_status_display()}
                           for a in person.assignments.select_related("rate")]
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-opplysninger.json"'
    return response
