"""Writes for mapping campaigns: campaigns, links, answers, mailings and calls. One transaction each."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import smtplib
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.mapping.answers import Cleaned, clean_answers, schema_for
from mestring.mapping.models import (AccessToken, CallAttempt, CallList, CallTarget, Campaign, Mailing, Message,
                                     MessageTemplate, Phase, Questionnaire, Recipient, RegistryUpdate, Response,
                                     hash_token)
from mestring.mapping.registry_diff import CONTACT_ROLE, end_of, mapping_contact, registry_diff
from mestring.mapping.selectors import coverage
from mestring.registry.models import Contact, Service, ServiceMembership
from mestring.structure.models import Unit
from mestring.structure.selectors import mapping_units

DEFAULT_PHASES = [
    (Phase.Kind.SURVEY, "Spørreskjema til rådmann/bydelsdirektør"),
    (Phase.Kind.INTERVIEW, "Telefonintervju med dem som har eget tilbud eller er vertskommune"),
    (Phase.Kind.FOLLOW_UP, "Oppringing av dem som verken svarte eller er dekket"),
]
DEFAULT_TEMPLATES = {
    MessageTemplate.Kind.INVITATION: (
        "Kartlegging av lærings- og mestringstjenester: {{ enhet }}",
        "Hei {{ navn }}\n\nVi kartlegger hvordan lærings- og mestringsarbeidet er organisert i {{ enhet }}. "
        "Svar her (svarene lagres underveis):\n{{ lenke }}\n\nLenken gjelder til {{ frist }}.\n"),
    MessageTemplate.Kind.REMINDER: (
        "Påminnelse: kartlegging for {{ enhet }}",
        "Hei {{ navn }}\n\nVi har ikke fått svar fra {{ enhet }} ennå. Svar her:\n{{ lenke }}\n\n"
        "Lenken gjelder til {{ frist }}.\n"),
}
MERGE_FIELDS = {"navn", "enhet", "lenke", "frist", "kartlegging"}
MERGE_FIELD = re.compile(r"\{\{\s*([\w-]+)\s*\}\}")
STALE_SENDING = dt.timedelta(minutes=10)


class AlreadySubmitted(Exception):
    """The answer was submitted before; nothing was changed."""


def target_units(target: str, as_of: dt.date) -> list[Unit]:
    if target == Campaign.Target.HF:
        return list(Unit.objects.valid_on(as_of).filter(kind=Unit.Kind.HF).order_by("code"))
    return [u for u in mapping_units(as_of.year) if u.valid_from is None or u.valid_from <= as_of]


@transaction.atomic
def create_campaign(*, slug: str, title: str, target: str, as_of: dt.date, created_by=None) -> Campaign:
    """A campaign with its target units fixed as of `as_of`, three phases and default e-mail texts."""
    campaign = Campaign.objects.create(slug=slug, title=title, target=target, as_of=as_of, created_by=created_by)
    campaign.units.set(target_units(target, as_of))
    for number, (kind, name) in enumerate(DEFAULT_PHASES, start=1):
        Phase.objects.create(campaign=campaign, number=number, kind=kind, name=name)
    for kind, (subject, body) in DEFAULT_TEMPLATES.items():
        MessageTemplate.objects.create(campaign=campaign, kind=kind, subject=subject, body=body)
    return campaign


# Links ------------------------------------------------------------------------------------------

def issue_link(*, recipient: Recipient) -> str:
    """A new link for `recipient`; the raw token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    AccessToken.objects.create(recipient=recipient, token_hash=hash_token(token),
                               expires_at=timezone.now() + dt.timedelta(days=recipient.campaign.link_days))
    return token


def revoke_links(*, recipient: Recipient) -> int:
    return recipient.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def reissue_link(*, recipient: Recipient) -> str:
    revoke_links(recipient=recipient)
    return issue_link(recipient=recipient)


def link_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/s/{token}/"


# Answers ----------------------------------------------------------------------------------------

@transaction.atomic
def save_answers(*, questionnaire: Questionnaire, unit: Unit, payload: Any, submit: bool,
                 recipient: Recipient | None = None, channel: str = Response.Channel.WEB,
                 interviewer=None) -> tuple[Response, Cleaned]:
    """Save a draft, or submit when every rule holds. A submit with errors still keeps the draft.

    The row is locked, so two tabs or a double click cannot interleave; a second submit of an
    already submitted answer raises AlreadySubmitted and changes nothing.
    """
    response, _created = Response.objects.select_for_update().get_or_create(
        questionnaire=questionnaire, unit=unit,
        defaults={"recipient": recipient, "channel": channel, "interviewer": interviewer})
    if response.status == Response.Status.SUBMITTED:
        raise AlreadySubmitted
    cleaned = clean_answers(schema_for(questionnaire), payload, final=submit)
    response.data = cleaned.data
    response.revision += 1
    response.updated_at = timezone.now()
    response.channel, response.interviewer = channel, interviewer or response.interviewer
    if submit and not cleaned.errors:
        response.status, response.submitted_at = Response.Status.SUBMITTED, timezone.now()
    response.save()
    return response, cleaned


def reopen_response(*, response: Response) -> Response:
    """Staff let a unit change a submitted answer; it counts as not answered until submitted again."""
    response.status = Response.Status.REOPENED
    response.save(update_fields=["status"])
    return response


def mark_reviewed(*, response: Response, by) -> Response:
    """A reviewed answer is the one a later registry update may take its facts from."""
    response.reviewed_at, response.reviewed_by = timezone.now(), by
    response.save(update_fields=["reviewed_at", "reviewed_by"])
    return response


def opt_out(*, recipient: Recipient) -> None:
    if recipient.opted_out_at is None:
        recipient.opted_out_at = timezone.now()
        recipient.save(update_fields=["opted_out_at"])


def record_bounce(*, recipient: Recipient, message: Message | None = None, detail: str = "") -> Message | None:
    """Mark the message that came back (default: the last one sent) and stop e-mailing the address.

    A bounce for an address the recipient no longer has marks only that old message.
    """
    with transaction.atomic():
        message = message or recipient.messages.filter(status=Message.Status.SENT).first()
        if message is not None:
            Message.objects.filter(pk=message.pk).update(status=Message.Status.BOUNCED, detail=detail[:500])
        if recipient.bounced_at is None and (message is None or message.to.lower() == recipient.email.lower()):
            recipient.bounced_at = timezone.now()
            recipient.save(update_fields=["bounced_at"])
    return message


# E-mail -----------------------------------------------------------------------------------------

def unknown_merge_fields(text: str) -> list[str]:
    return sorted({m.group(1) for m in MERGE_FIELD.finditer(text)} - MERGE_FIELDS)


def merge(text: str, values: dict[str, str]) -> str:
    return MERGE_FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def recipients_for(campaign: Campaign, kind: str) -> list[Recipient]:
    """Invitations go to everyone not invited yet; reminders only to those who have not submitted."""
    recipients = campaign.recipients.filter(opted_out_at__isnull=True, bounced_at__isnull=True)
    if kind == MessageTemplate.Kind.INVITATION:
        return list(recipients.exclude(messages__mailing__kind=kind))
    answered = coverage(campaign).answered
    return [r for r in recipients.exclude(unit_id__in=answered)]


def queue_mailing(*, campaign: Campaign, kind: str, created_by=None) -> Mailing:
    """Freeze the text, create one queued message per recipient, and enqueue the sends after commit."""
    with transaction.atomic():
        template = campaign.templates.get(kind=kind)
        mailing = Mailing.objects.create(campaign=campaign, kind=kind, subject=template.subject, body=template.body,
                                         created_by=created_by)
        Message.objects.bulk_create([Message(mailing=mailing, recipient=r, to=r.email)
                                     for r in recipients_for(campaign, kind)])
        transaction.on_commit(lambda: enqueue_sends(mailing.pk))
    return mailing


def enqueue_sends(mailing_id: int) -> None:
    from mestring.mapping.tasks import send_message_task

    for pk in Message.objects.filter(mailing_id=mailing_id, status=Message.Status.QUEUED).values_list("pk", flat=True):
        send_message_task.enqueue(pk)


def claim(message_id: int) -> bool:
    """Take a queued message for sending; only one worker can win the row."""
    return bool(Message.objects.filter(pk=message_id, status=Message.Status.QUEUED)
                .update(status=Message.Status.SENDING, claimed_at=timezone.now()))


def send_message(*, message_id: int, connection=None) -> str:
    """One idempotent step: claim, issue the link, send, record. Returns the final status."""
    if not claim(message_id):
        return Message.objects.get(pk=message_id).status
    message = Message.objects.select_related("mailing__campaign", "recipient__unit").get(pk=message_id)
    recipient = message.recipient
    if not recipient.reachable:
        return finish(message, Message.Status.SKIPPED, _("Mottakeren har reservert seg eller har e-post i retur."))
    token = issue_link(recipient=recipient)
    values = merge_values(message, token)
    message_id = new_message_id(message.pk)
    Message.objects.filter(pk=message.pk).update(message_id=message_id)
    email = EmailMessage(subject=merge(message.mailing.subject, values), body=merge(message.mailing.body, values),
                         to=[message.to], connection=connection or get_connection(),
                         headers={"Message-ID": message_id})
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        Recipient.objects.filter(pk=recipient.pk, bounced_at__isnull=True).update(bounced_at=timezone.now())
        return finish(message, Message.Status.BOUNCED, str(exc)[:500])
    except (smtplib.SMTPException, OSError) as exc:
        return finish(message, Message.Status.FAILED, str(exc)[:500])
    return finish(message, Message.Status.SENT, "")


def new_message_id(pk: int) -> str:
    """A Message-ID a returned e-mail can be traced back by (see mapping/bounces.py)."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<mapping.{pk}.{secrets.token_hex(8)}@{domain}>"


def merge_values(message: Message, token: str) -> dict[str, str]:
    recipient = message.recipient
    expires = timezone.localdate() + dt.timedelta(days=recipient.campaign.link_days)
    return {"navn": recipient.name, "enhet": recipient.unit.name, "lenke": link_url(token),
            "frist": expires.strftime("%d.%m.%Y"), "kartlegging": recipient.campaign.title}


def finish(message: Message, status: str, detail: str) -> str:
    Message.objects.filter(pk=message.pk).update(status=status, detail=detail,
                                                 sent_at=timezone.now() if status == Message.Status.SENT else None)
    return status


def resume_sending(*, campaign: Campaign | None = None, older_than_minutes: int = 0,
                   limit: int | None = None) -> dict[str, int]:
    """After a crash: messages left mid-send are marked uncertain (never resent); queued ones are sent.

    `older_than_minutes` leaves recently queued messages to their own send task; `limit` bounds one run.
    """
    messages = Message.objects.all() if campaign is None else Message.objects.filter(mailing__campaign=campaign)
    stale = messages.filter(status=Message.Status.SENDING, claimed_at__lt=timezone.now() - STALE_SENDING)
    uncertain = stale.update(status=Message.Status.UNCERTAIN,
                             detail=_("Sendingen ble avbrutt; sjekk om e-posten kom fram før du sender på nytt."))
    queued = messages.filter(status=Message.Status.QUEUED,
                             created_at__lte=timezone.now() - dt.timedelta(minutes=older_than_minutes))
    sent = 0
    for pk in list(queued.order_by("pk").values_list("pk", flat=True)[:limit]):
        sent += send_message(message_id=pk) == Message.Status.SENT
    return {"uncertain": uncertain, "sent": sent}


# Calls ------------------------------------------------------------------------------------------

@transaction.atomic
def build_call_list(*, campaign: Campaign, rule: str, name: str) -> CallList:
    """A call list from a rule applied to the coverage right now."""
    status = coverage(campaign)
    units = status.to_interview if rule == CallList.Rule.INTERVIEW else status.to_call
    phase_kind = Phase.Kind.INTERVIEW if rule == CallList.Rule.INTERVIEW else Phase.Kind.FOLLOW_UP
    call_list = CallList.objects.create(campaign=campaign, rule=rule, name=name,
                                        phase=campaign.phases.filter(kind=phase_kind).first())
    CallTarget.objects.bulk_create([CallTarget(call_list=call_list, unit_id=pk) for pk in sorted(units)])
    return call_list


def assign_targets(*, targets: list[CallTarget], interviewer) -> int:
    return CallTarget.objects.filter(pk__in=[t.pk for t in targets]).update(assigned_to=interviewer)


@transaction.atomic
def record_attempt(*, target: CallTarget, interviewer, outcome: str, callback_at: dt.datetime | None = None,
                   note: str = "") -> CallAttempt:
    attempt = CallAttempt.objects.create(target=target, interviewer=interviewer, outcome=outcome,
                                         callback_at=callback_at if outcome == CallAttempt.Outcome.CALL_BACK else None,
                                         note=note)
    target.attempts_count += 1
    target.callback_at = attempt.callback_at
    target.done = outcome in CallAttempt.FINAL
    target.save(update_fields=["attempts_count", "callback_at", "done"])
    return attempt


@transaction.atomic
def apply_to_registry(*, response: Response, accept: set[str], by) -> RegistryUpdate | None:
    """Write the accepted fields of a reviewed answer to the registry and mark the answer reviewed.

    The diff is computed again inside the transaction, so a field already equal to the answer writes
    nothing (a second apply is a no-op). What was written is recorded in `RegistryUpdate`, which keeps
    the campaign answer as the source of those registry values; returns None when nothing changed.
    """
    diff = registry_diff(response)
    fields = {key: f for key, f in diff.by_key().items() if key in accept and f.acceptable}
    changes: dict[str, Any] = {}
    service = diff.service
    if fields and service is None:
        service = Service.objects.create(name=f"Lærings- og mestringstjenesten i {response.unit.name}",
                                         form=diff.form, host_unit=response.unit)
        changes["service_created"] = service.name
    if "form" in fields and service.form != diff.form:
        service.form = diff.form
        service.save(update_fields=["form", "modified"])
    if "form" in fields:
        changes["form"] = diff.form
    if "contact" in fields:
        changes["contact"] = save_mapping_contact(service=service, name=diff.contact)
    if "members" in fields:
        day = response.questionnaire.campaign.as_of
        changes["members"] = add_memberships(service=service, units=diff.members, day=day)
        if diff.ended:
            changes["members_ended"] = end_memberships(memberships=diff.ended, day=day)
    mark_reviewed(response=response, by=by)
    if not changes:
        return None
    return RegistryUpdate.objects.create(response=response, service=service, changes=changes, applied_by=by)


def save_mapping_contact(*, service: Service, name: str) -> str:
    """Rename the mapping contact, or add one; a new person does not inherit the old one's e-mail or phone."""
    contact = mapping_contact(service)
    if contact is None:
        Contact.objects.create(service=service, name=name, role=CONTACT_ROLE)
    else:
        contact.name, contact.email, contact.phone = name, "", ""
        contact.save(update_fields=["name", "email", "phone"])
    return name


def add_memberships(*, service: Service, units: list[Unit], day: dt.date) -> list[str]:
    """Dated from the campaign date: the answer describes the cooperation as of that day. Existing rows stay."""
    for unit in units:  # one save each, not bulk_create, so the audit trail logs every new row
        ServiceMembership.objects.create(service=service, unit=unit, valid_from=day)
    return [u.code for u in units]


def end_memberships(*, memberships: list[ServiceMembership], day: dt.date) -> list[str]:
    """End memberships the answer of `day` no longer reports; one save each so the audit trail logs it."""
    for membership in memberships:
        end = end_of(membership, day)
        if end is None:
            membership.delete()
        else:
            membership.valid_to = end
            membership.save(update_fields=["valid_to"])
    return [m.unit.code for m in memberships]
