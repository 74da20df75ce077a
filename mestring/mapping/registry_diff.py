"""Reads for carrying a reviewed answer into the service registry: the per-field diff staff accept.

Three facts of the registry come from the municipal mapping: how the unit's LM work is organised
(`Service.form`), its contact person, and the member units of an intermunicipal service it hosts.
The diff compares the registry today with what the answer says; nothing here writes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from mestring.mapping.models import Response
from mestring.registry.models import Contact, Service, ServiceMembership
from mestring.structure.models import Unit

# Answer choices of the organisation question → registry organisation form. "medlem" (member of
# another unit's service) and "ingen_tilbud" (no offers) mean the unit hosts no service of its own.
FORM_FOR_ANSWER = {"eget": Service.Form.LM_KOMMUNE, "vert": Service.Form.LM_KOMMUNE,
                   "ingen_felles": Service.Form.SPREAD}
HOST_ANSWERS = {"vert"}
CONTACT_ROLE = "Kontaktperson for lærings- og mestringsarbeidet"
FIELDS = ("form", "contact", "members")


@dataclass
class FieldDiff:
    key: str
    label: str
    current: str
    proposed: str
    changed: bool
    problem: str = ""
    detail: str = ""

    @property
    def acceptable(self) -> bool:
        return self.changed and not self.problem


@dataclass
class RegistryDiff:
    response: Response
    service: Service | None
    fields: list[FieldDiff] = field(default_factory=list)
    form: str = ""
    contact: str = ""
    members: list[Unit] = field(default_factory=list)
    # Open memberships the answer no longer reports: ended the day before the campaign date.
    ended: list[ServiceMembership] = field(default_factory=list)
    note: str = ""

    def by_key(self) -> dict[str, FieldDiff]:
        return {f.key: f for f in self.fields}


def service_for_unit(unit: Unit) -> Service | None:
    """The unit's own service in the registry (the oldest, if a unit somehow hosts several)."""
    return Service.objects.filter(host_unit=unit).order_by("pk").first()


def mapping_contact(service: Service | None) -> Contact | None:
    """The contact this flow maintains: the one with the mapping contact role."""
    if service is None:
        return None
    return service.contacts.filter(role=CONTACT_ROLE).order_by("pk").first()


def member_codes(response: Response) -> list[str]:
    campaign = response.questionnaire.campaign
    rows = response.data.get(campaign.members_question) or []
    codes = [str(row.get(campaign.member_code_field, "")).strip() for row in rows if isinstance(row, dict)]
    return sorted({c for c in codes if c and c != response.unit.code})


def current_memberships(service: Service | None, day: dt.date) -> list[ServiceMembership]:
    if service is None:
        return []
    return [m for m in service.memberships.select_related("unit").order_by("unit__code") if m.covers(day)]


def end_of(membership: ServiceMembership, day: dt.date) -> dt.date | None:
    """The end date for a membership the answer of `day` drops; None when it starts that day (it is removed)."""
    return day - dt.timedelta(days=1) if membership.valid_from < day else None


def registry_diff(response: Response) -> RegistryDiff:
    """Registry value vs answer value for each field; a field is offered only if it would change something."""
    campaign = response.questionnaire.campaign
    service = service_for_unit(response.unit)
    diff = RegistryDiff(response=response, service=service)
    answer = response.data.get(campaign.organisation_question)
    diff.form = FORM_FOR_ANSWER.get(answer, "")
    if not diff.form and service is None:
        diff.note = str(_("Svaret sier at enheten ikke har en egen tjeneste, så registeret får ingen endring."))
        return diff
    diff.fields.append(form_diff(service, diff.form))
    diff.contact = str(response.data.get(campaign.contact_question) or "").strip()
    diff.fields.append(contact_diff(service, diff.contact))
    diff.fields.append(members_diff(diff, answer))
    return diff


def form_diff(service: Service | None, form: str) -> FieldDiff:
    current = service.get_form_display() if service else ""
    proposed = str(Service.Form(form).label) if form else ""
    problem = "" if form else str(_("Svaret gir ingen organisering som registeret kjenner."))
    changed = bool(form) and (service is None or service.form != form)
    return FieldDiff("form", str(_("Organisering")), current, proposed, changed, problem if service is None else "")


def contact_diff(service: Service | None, name: str) -> FieldDiff:
    contact = mapping_contact(service)
    current = contact.name if contact else ""
    return FieldDiff("contact", str(_("Kontaktperson")), current, name, bool(name) and name != current)


def members_diff(diff: RegistryDiff, answer) -> FieldDiff:
    """Member units are looked up by the codes valid on the campaign date (the codes the unit answered with).

    Members the answer adds get a membership from the campaign date; open memberships it no longer
    reports end the day before (or are removed when they start on that very day: this campaign said so).
    """
    response = diff.response
    day = response.questionnaire.campaign.as_of
    codes = member_codes(response) if answer in HOST_ANSWERS else []
    units = {u.code: u for u in Unit.objects.valid_on(day).filter(code__in=codes,
                                                                  kind__in=[Unit.Kind.KOMMUNE, Unit.Kind.BYDEL])}
    unknown = [c for c in codes if c not in units]
    memberships = current_memberships(diff.service, day)
    current = {m.unit.code for m in memberships}
    diff.members = [units[c] for c in codes if c in units and c not in current]
    diff.ended = [m for m in memberships if m.unit.code not in codes]
    problem = (str(_("Ukjent kommunenummer per %(day)s: %(codes)s."))
               % {"day": day.strftime("%d.%m.%Y"), "codes": ", ".join(unknown)}) if unknown else ""
    return FieldDiff("members", str(_("Kommuner i samarbeidet")), ", ".join(sorted(current)),
                     ", ".join(codes), bool(diff.members or diff.ended or unknown), problem,
                     members_detail(diff, day))


def members_detail(diff: RegistryDiff, day: dt.date) -> str:
    parts = []
    if diff.members:
        parts.append(str(_("Legges til fra %(day)s: %(codes)s"))
                     % {"day": day.strftime("%d.%m.%Y"), "codes": ", ".join(u.code for u in diff.members)})
    ending = [m for m in diff.ended if end_of(m, day)]
    if ending:
        parts.append(str(_("Avsluttes %(day)s: %(codes)s"))
                     % {"day": end_of(ending[0], day).strftime("%d.%m.%Y"),
                        "codes": ", ".join(m.unit.code for m in ending)})
    removed = [m for m in diff.ended if not end_of(m, day)]
    if removed:
        parts.append(str(_("Fjernes (registrert fra samme dato): %(codes)s"))
                     % {"codes": ", ".join(m.unit.code for m in removed)})
    return ". ".join(parts)
