"""Coordinator pages under /arbeid/registry/: a unit's services and everything they keep current.

Every object is fetched through `registry.access` (404 outside the user's units); every change goes
through `registry.services` in one transaction and lands in the audit trail.
"""
from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.registry import access, selectors, services
from mestring.registry.forms import (ContactForm, LocationDeleteForm, LocationForm, MembershipForm, OfferForm,
                                     OpeningHoursForm, RunForm, ServiceForm, TokenForm)
from mestring.registry.history import offer_history, service_history
from mestring.registry.models import Contact, CourseRun, Location, OpeningHours, ServiceMembership

coordinator_required = role_required(Role.COORDINATOR)


@dataclass(frozen=True)
class Part:
    """One kind of thing a service keeps: its model, form, and names for headings."""

    model: type[Model]
    form: type[forms.ModelForm]
    label: Promise
    delete_note: Promise | None  # None: the kind has its own delete page


PARTS = {
    "kontakt": Part(Contact, ContactForm, gettext_lazy("kontaktperson"), gettext_lazy("Kontaktpersonen fjernes.")),
    "sted": Part(Location, LocationForm, gettext_lazy("sted"), None),
    "apningstid": Part(OpeningHours, OpeningHoursForm, gettext_lazy("åpningstid"),
                       gettext_lazy("Åpningstiden fjernes.")),
    "medlem": Part(ServiceMembership, MembershipForm, gettext_lazy("kommune eller bydel som betjenes"),
                   gettext_lazy("Enheten regnes ikke lenger som betjent av tjenesten. Vil du bare avslutte "
                                "samarbeidet, sett heller en sluttdato.")),
}


def part_of(kind: str) -> Part:
    if kind not in PARTS:
        raise Http404("No such kind")
    return PARTS[kind]


@coordinator_required
def overview(request):
    own = access.services_for_user(request.user).prefetch_related("offers")
    return render(request, "registry/overview.html", {"services": own[:200]})


@coordinator_required
def service_page(request, pk: int):
    service = access.get_service_for_user(request.user, pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        services.save_part(form=form)
        messages.success(request, _("Tjenesten er lagret."))
        return redirect("registry:service", pk=service.pk)
    parts = access.services_for_user(request.user).filter(pk=pk).prefetch_related(
        "contacts", "locations__kommune", "opening_hours__location", "memberships__unit", "offers").get()
    return render(request, "registry/service.html", {"form": form, "service": service, "parts": parts,
                                                     "history": service_history(request.user, service),
                                                     "history_with_objects": True,
                                                     "contact_purpose": Contact.PURPOSE})


@coordinator_required
def new_part(request, pk: int, kind: str):
    part = part_of(kind)
    service = access.get_service_for_user(request.user, pk)
    form = part.form(request.POST or None, service=service, instance=part.model(service=service))
    if request.method == "POST" and form.is_valid():
        services.save_part(form=form, service=service)
        messages.success(request, _("Lagt til: %(what)s.") % {"what": part.label})
        return redirect("registry:service", pk=service.pk)
    return render(request, "registry/part_form.html", {"form": form, "service": service, "part": part})


@coordinator_required
def edit_part(request, kind: str, pk: int):
    part = part_of(kind)
    obj = access.get_part_for_user(request.user, part.model, pk)
    form = part.form(request.POST or None, service=obj.service, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.save_part(form=form)
        messages.success(request, _("Lagret: %(what)s.") % {"what": part.label})
        return redirect("registry:service", pk=obj.service_id)
    return render(request, "registry/part_form.html", {"form": form, "service": obj.service, "part": part,
                                                       "obj": obj, "kind": kind})


@coordinator_required
def delete_part(request, kind: str, pk: int):
    part = part_of(kind)
    obj = access.get_part_for_user(request.user, part.model, pk)
    if part.model is Location:
        return delete_location(request, obj)
    back = redirect("registry:service", pk=obj.service_id)
    if request.method == "POST":
        services.delete_object(obj=obj)
        messages.success(request, _("Slettet: %(what)s.") % {"what": obj})
        return back
    return render(request, "registry/confirm_delete.html", {"obj": obj, "what": part.label, "note": part.delete_note,
                                                            "cancel_url": back.url, "action": _("Slett")})


def delete_location(request, location: Location):
    """The page names the courses and runs that use the place; deleting it then needs an explicit tick."""
    uses = selectors.location_uses(location)
    form = LocationDeleteForm(request.POST if request.method == "POST" else None, in_use=bool(uses))
    back = redirect("registry:service", pk=location.service_id)
    if form.is_valid():
        services.delete_location(location=location)
        messages.success(request, _("Slettet: %(what)s.") % {"what": location})
        return back
    return render(request, "registry/confirm_delete_location.html",
                  {"obj": location, "uses": uses, "runs": sum(n for _offer, n in uses), "form": form,
                   "hours": location.opening_hours.count(), "cancel_url": back.url})


@coordinator_required
def new_offer(request, pk: int):
    service = access.get_service_for_user(request.user, pk)
    form = OfferForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        offer = services.save_offer(form=form, service=service)
        messages.success(request, _("Kurset er opprettet. Legg til kursstarter under."))
        return redirect("registry:edit_offer", pk=offer.pk)
    return render(request, "registry/offer_form.html", {"form": form, "service": service})


@coordinator_required
def edit_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.save_offer(form=form)
        messages.success(request, _("Kurset er lagret og bekreftet."))
        return redirect("registry:edit_offer", pk=offer.pk)
    runs = offer.runs.select_related("location").order_by("starts_on")
    return render(request, "registry/offer_form.html",
                  {"form": form, "offer": offer, "service": offer.service, "runs": runs,
                   "history": offer_history(request.user, offer), "history_with_objects": True})


@require_POST
@coordinator_required
def confirm_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    services.confirm_offer(offer=offer)
    messages.success(request, _("«%(title)s» er bekreftet som oppdatert.") % {"title": offer.title})
    return redirect("registry:service", pk=offer.service_id)


@require_POST
@coordinator_required
def duplicate_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    copy = services.duplicate_offer(offer=offer)
    messages.success(request, _("Kopien er laget og er ikke aktiv før du har rettet den og satt status til aktiv."))
    return redirect("registry:edit_offer", pk=copy.pk)


@coordinator_required
def delete_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    back = redirect("registry:service", pk=offer.service_id)
    if request.method == "POST":
        services.delete_object(obj=offer)
        messages.success(request, _("Kurset «%(title)s» er slettet.") % {"title": offer.title})
        return back
    note = _("Kurset og alle kursstartene slettes og forsvinner fra kurssøket. Vil du bare skjule det, sett "
             "heller status til «Ikke aktiv» eller «Nedlagt».")
    return render(request, "registry/confirm_delete.html",
                  {"obj": offer, "what": _("kurs"), "note": note, "action": _("Slett kurset"),
                   "cancel_url": redirect("registry:edit_offer", pk=offer.pk).url})


@coordinator_required
def new_run(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    form = RunForm(request.POST or None, service=offer.service)
    if request.method == "POST" and form.is_valid():
        services.save_part(form=form, offer=offer)
        messages.success(request, _("Kursstarten er lagt til."))
        return redirect("registry:edit_offer", pk=offer.pk)
    return render(request, "registry/run_form.html", {"form": form, "offer": offer})


@coordinator_required
def edit_run(request, pk: int):
    run = access.get_run_for_user(request.user, pk)
    form = RunForm(request.POST or None, service=run.offer.service, instance=run)
    if request.method == "POST" and form.is_valid():
        services.save_part(form=form)
        messages.success(request, _("Kursstarten er lagret."))
        return redirect("registry:edit_offer", pk=run.offer_id)
    return render(request, "registry/run_form.html", {"form": form, "offer": run.offer, "run": run})


@coordinator_required
def cancel_run(request, pk: int):
    """Cancelling a run removes it from the finder and the API; the audit trail keeps what it was."""
    run: CourseRun = access.get_run_for_user(request.user, pk)
    back = redirect("registry:edit_offer", pk=run.offer_id)
    if request.method == "POST":
        services.delete_object(obj=run)
        messages.success(request, _("Kursstarten %(day)s er avlyst og fjernet.") % {"day": f"{run.starts_on:%d.%m.%Y}"})
        return back
    note = _("Kursstarten fjernes fra kurssøket og API-et. Gi beskjed til dem som har meldt seg på.")
    return render(request, "registry/confirm_delete.html", {"obj": run, "what": _("kursstart"), "note": note,
                                                            "action": _("Avlys kursstarten"), "cancel_url": back.url})


@coordinator_required
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = services.create_token(user=request.user, name=form.cleaned_data["name"],
                                              expires=form.expires())
        form = TokenForm()
    own = request.user.api_tokens.order_by("-created")
    return render(request, "registry/tokens.html", {"form": form, "tokens": own, "secret": secret})


@require_POST
@coordinator_required
def revoke_token(request, pk: int):
    token = access.get_token_for_user(request.user, pk)
    services.revoke_token(token=token)
    messages.success(request, _("Nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    return redirect("registry:tokens")


