"""Public event pages (/nettverk/) and the staff pages that run them (/arbeid/nettverk/)."""
from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from mestring.accounts.access import staff_required
from mestring.network import exports, links, selectors, services
from mestring.network.access import get_event_for_user, manageable_events, may_create_events
from mestring.network.forms import EventForm, RegistrationForm
from mestring.network.ics import event_calendar
from mestring.network.models import Event, PersonalDataAccess, Registration

SIGNUP_RATE = "10/m"


# Public pages ---------------------------------------------------------------------------------

@require_GET
def event_list(request):
    events = selectors.with_counts(selectors.public_events())
    return render(request, "network/event_list.html", {"events": events})


def _public_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("unit"), slug=slug, is_published=True)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=SIGNUP_RATE, method="POST", block=False)
def event_detail(request, slug):
    event = _public_event(slug)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, _("For mange påmeldinger fra denne adressen. Vent et minutt og prøv igjen."))
            status = 429
        elif form.is_valid():
            try:
                registration = services.register(event_id=event.pk, participant=services.Participant(
                    **{k: form.cleaned_data[k] for k in RegistrationForm.Meta.fields}))
            except services.RegistrationRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("network:registration", token=links.token_for(registration))
        status = status if status != 200 else 400
    context = {"event": event, "form": form, "seats_left": selectors.seats_left(event),
               "open": event.registration_open()}
    return render(request, "network/event_detail.html", context, status=status)


@require_GET
def event_ics(request, slug):
    event = _public_event(slug)
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _registration_or_404(token: str) -> Registration:
    registration = links.registration_for_token(token)
    if registration is None:
        raise Http404(_("Lenken er ugyldig eller utløpt."))
    return registration


@require_GET
def registration_detail(request, token):
    registration = _registration_or_404(token)
    context = {"registration": registration, "event": registration.event, "token": token,
               "may_cancel": registration.status != Registration.Status.CANCELLED
               and timezone.now() < registration.event.starts_at}
    response = render(request, "network/registration.html", context)
    return response


@require_POST
def registration_cancel(request, token):
    registration = _registration_or_404(token)
    if timezone.now() >= registration.event.starts_at:
        raise PermissionDenied
    services.cancel(registration_id=registration.pk)
    messages.success(request, _("Du er meldt av. Du får en bekreftelse på e-post."))
    return redirect("network:registration", token=token)


@require_GET
def registration_data(request, token):
    """Everything kept about the person, as a file they can keep (right of access)."""
    registration = _registration_or_404(token)
    data = {field: getattr(registration, field) for field in (
        "name", "email", "organisation", "role", "dietary_needs", "accessibility_needs", "consent_at",
        "created_at", "promoted_at", "cancelled_at", "checked_in_at")}
    data.update(status=registration.get_status_display(), event=registration.event.title,
                purpose=str(registration.event.purpose), kept_until=registration.keep_until)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-opplysninger.json"'
    return response


# Staff pages ----------------------------------------------------------------------------------

@staff_required
@require_GET
def staff_events(request):
    events = selectors.with_counts(manageable_events(request.user).select_related("unit")).order_by("-starts_at")
    return render(request, "network/staff_events.html",
                  {"events": events, "may_create": may_create_events(request.user)})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_event_form(request, pk=None):
    if pk is None and not may_create_events(request.user):
        raise PermissionDenied
    event = get_event_for_user(request.user, pk) if pk else None
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        promoted = services.save_event(event=form.instance)
        messages.success(request, _("Arrangementet er lagret."))
        if promoted:
            messages.info(request, _("%(n)s fikk plass fra ventelisten.") % {"n": len(promoted)})
        return redirect("network:staff_event", pk=form.instance.pk)
    return render(request, "network/staff_event_form.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@staff_required
@require_GET
def staff_event(request, pk):
    event = get_event_for_user(request.user, pk)
    services.log_access(event=event, user=request.user, action=PersonalDataAccess.Action.LIST)
    context = {"event": event, "participants": selectors.participants(event),
               "counts": selectors.with_counts(Event.objects.filter(pk=event.pk)).get(),
               "accesses": selectors.recent_accesses(event)}
    return render(request, "network/staff_event.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def staff_export(request, pk, fmt):
    event = get_event_for_user(request.user, pk)
    rows = selectors.participants(event)
    if fmt == "csv":
        services.log_access(event=event, user=request.user, action=PersonalDataAccess.Action.CSV)
        return _download(exports.participants_csv(rows), "text/csv; charset=utf-8", f"{event.slug}-deltakere.csv")
    services.log_access(event=event, user=request.user, action=PersonalDataAccess.Action.XLSX)
    return _download(exports.participants_xlsx(rows),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{event.slug}-deltakere.xlsx")


@staff_required
@require_GET
def staff_badges(request, pk):
    event = get_event_for_user(request.user, pk)
    services.log_access(event=event, user=request.user, action=PersonalDataAccess.Action.BADGES)
    pdf = exports.badges_pdf(selectors.confirmed_participants(event), title=event.title)
    return _download(pdf, "application/pdf", f"{event.slug}-navneskilt.pdf")


@staff_required
@require_GET
def staff_check_in(request, pk):
    event = get_event_for_user(request.user, pk)
    services.log_access(event=event, user=request.user, action=PersonalDataAccess.Action.CHECK_IN)
    return render(request, "network/staff_check_in.html",
                  {"event": event, "participants": selectors.confirmed_participants(event)})


@staff_required
@require_POST
def staff_check_in_toggle(request, pk, registration_pk):
    event = get_event_for_user(request.user, pk)
    registration = get_object_or_404(event.registrations.confirmed(), pk=registration_pk)
    services.set_checked_in(registration=registration, present=request.POST.get("present") == "1")
    if request.htmx:
        return render(request, "network/_check_in_row.html", {"event": event, "p": registration})
    return redirect("network:staff_check_in", pk=event.pk)
