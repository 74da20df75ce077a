"""Recipients proposed from the registry: one contact person (with e-mail) of a service each targeted unit hosts.

Staff see the proposal first: new recipients, changes to existing ones (old and new side by side) and the
units without a usable contact. Nothing is written until they confirm, and an existing recipient changes
only when its row is ticked.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mestring.mapping.models import Campaign, Recipient
from mestring.mapping.registry_diff import CONTACT_ROLE
from mestring.registry.models import Contact, Service
from mestring.structure.models import Unit

NEW, CHANGED, SAME = "new", "changed", "same"


@dataclass
class Proposal:
    unit: Unit
    name: str
    email: str
    phone: str
    service: str
    current: Recipient | None = None

    @property
    def state(self) -> str:
        if self.current is None:
            return NEW
        same = (self.current.name, self.current.email.lower()) == (self.name, self.email.lower())
        return SAME if same else CHANGED


@dataclass
class Proposals:
    proposals: list[Proposal] = field(default_factory=list)
    missing: list[tuple[Unit, str]] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.proposals)


def best_contacts(units: list[Unit]) -> dict[int, Contact]:
    """Per unit: the mapping contact of its (oldest) service if it has e-mail, else the first contact with e-mail."""
    contacts = (Contact.objects.filter(service__host_unit__in=units).exclude(email="")
                .select_related("service").order_by("service_id", "pk"))
    best: dict[int, Contact] = {}
    for contact in contacts:
        unit_id = contact.service.host_unit_id
        chosen = best.get(unit_id)
        if chosen is None or (contact.role == CONTACT_ROLE and chosen.role != CONTACT_ROLE):
            best[unit_id] = contact
    return best


def propose_recipients(campaign: Campaign) -> Proposals:
    units = list(campaign.units.order_by("code"))
    best = best_contacts(units)
    hosting = set(Service.objects.filter(host_unit__in=units).values_list("host_unit_id", flat=True))
    current = {r.unit_id: r for r in campaign.recipients.all()}
    result = Proposals()
    for unit in units:
        contact = best.get(unit.pk)
        if contact is None:
            reason = _("Ingen kontaktperson med e-post") if unit.pk in hosting else _("Ingen tjeneste i registeret")
            result.missing.append((unit, str(reason)))
            continue
        result.proposals.append(Proposal(unit=unit, name=contact.name, email=contact.email.lower(),
                                         phone=contact.phone, service=contact.service.name,
                                         current=current.get(unit.pk)))
    return result


@transaction.atomic
def apply_proposals(*, campaign: Campaign, unit_ids: set[int]) -> int:
    """Store the ticked proposals (computed again now); returns how many recipients were created or changed."""
    stored = 0
    for proposal in propose_recipients(campaign).proposals:
        if proposal.unit.pk not in unit_ids or proposal.state == SAME:
            continue
        recipient = proposal.current or Recipient(campaign=campaign, unit=proposal.unit)
        if recipient.pk and recipient.email.lower() != proposal.email:
            recipient.bounced_at = None  # a new address has not bounced
        recipient.name, recipient.email, recipient.phone = proposal.name, proposal.email, proposal.phone
        recipient.save()
        stored += 1
    return stored
