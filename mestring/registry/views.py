"""Coordinator pages under /arbeid/registry/: own services and courses, edit, confirm."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.core.audit import history_for
from mestring.registry import access, services
from mestring.registry.forms import OfferForm
from mestring.registry.models import CourseOffer

coordinator_required = role_required(Role.COORDINATOR)


@coordinator_required
def overview(request):
    own = access.services_for_user(request.user).prefetch_related("offers")
    return render(request, "registry/overview.html", {"services": own[:200]})


@coordinator_required
def edit_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.save_offer(form=form)
        messages.success(request, _("Kurset er lagret og bekreftet."))
        return redirect("registry:edit_offer", pk=offer.pk)
    return render(request, "registry/offer_form.html",
                  {"form": form, "offer": offer, "history": history_for(request.user, offer)})


@require_POST
@coordinator_required
def confirm_offer(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    services.confirm_offer(offer=offer)
    messages.success(request, _("«%(title)s» er bekreftet som oppdatert.") % {"title": offer.title})
    return redirect("registry:overview")


