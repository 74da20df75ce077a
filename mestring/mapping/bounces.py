"""Bounces that arrive after sending: delivery status notifications (RFC 3464) and other returned mail.

A returned e-mail is matched to our message by the Message-ID we set when sending
(`<mapping.<pk>.<random>@host>`, found in the returned headers or the quoted original), else by the
failed address a DSN names. Only permanent failures (5.x.x) are recorded; delays (4.x.x) and
auto-replies are reported and left alone.
"""
from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import Message as MailMessage
from email.parser import BytesParser
from pathlib import Path

from django.utils.translation import gettext as _

from mestring.mapping import services
from mestring.mapping.models import Message

OUR_MESSAGE_ID = re.compile(r"<mapping\.\d+\.[0-9a-f]+@[^>\s]+>")
BOUNCE_SENDERS = re.compile(r"mailer-daemon|postmaster", re.IGNORECASE)
BOUNCE_SUBJECTS = re.compile(r"undeliver|delivery (status notification|failure)|returned mail|failure notice|"
                             r"ikke levert|kunne ikke leveres|returnert", re.IGNORECASE)


@dataclass
class Bounce:
    """What one returned e-mail says."""

    message_id: str = ""
    addresses: list[str] = field(default_factory=list)
    status: str = ""
    diagnostic: str = ""
    is_dsn: bool = False
    looks_like_bounce: bool = False

    @property
    def permanent(self) -> bool:
        return self.status.startswith("5") or (not self.status and self.looks_like_bounce)

    @property
    def detail(self) -> str:
        return " ".join(part for part in (self.status, self.diagnostic) if part)[:500]


@dataclass(frozen=True)
class Outcome:
    source: str
    recorded: bool
    text: str


def read_messages(path: Path) -> Iterator[tuple[str, MailMessage]]:
    """One .eml file, or every message of an mbox file (recognised by its leading 'From ' line)."""
    with path.open("rb") as handle:
        mbox = handle.read(5) == b"From "
    if not mbox:
        with path.open("rb") as handle:
            yield path.name, BytesParser(policy=policy.compat32).parse(handle)
        return
    for number, message in enumerate(mailbox.mbox(path, create=False), start=1):
        yield f"{path.name} #{number}", message


def all_text(message: MailMessage) -> str:
    """Headers and decoded bodies of every part, including the quoted original."""
    chunks = []
    for part in message.walk():
        chunks.append("\n".join(f"{k}: {v}" for k, v in part.items()))
        if not part.is_multipart() and part.get_content_maintype() != "message":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                chunks.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(chunks)


def status_blocks(message: MailMessage) -> list[MailMessage]:
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            return [block for block in payload if isinstance(block, MailMessage)] if isinstance(payload, list) else []
    return []


def address_of(value: str) -> str:
    """'rfc822; user@example.no' → 'user@example.no'."""
    return value.split(";", 1)[-1].strip().strip("<>").lower()


def parse_bounce(message: MailMessage) -> Bounce:
    bounce = Bounce()
    found = OUR_MESSAGE_ID.search(all_text(message))
    bounce.message_id = found.group(0) if found else ""
    for block in status_blocks(message):
        if block.get("Final-Recipient") or block.get("Original-Recipient"):
            bounce.is_dsn = True
            bounce.addresses.append(address_of(block.get("Final-Recipient") or block.get("Original-Recipient")))
            action, status = (block.get("Action") or "").strip().lower(), (block.get("Status") or "").strip()
            bounce.status = status or ("5.0.0" if action == "failed" else "4.0.0")
            bounce.diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
    auto_reply = (message.get("Auto-Submitted") or "no").lower() != "no" and not bounce.is_dsn
    bounce.looks_like_bounce = not auto_reply and (bounce.is_dsn or bool(
        BOUNCE_SENDERS.search(message.get("From") or "") or BOUNCE_SUBJECTS.search(message.get("Subject") or "")))
    return bounce


def match(bounce: Bounce) -> Message | None:
    """Our message by its Message-ID, else the last message sent to the failed address."""
    if bounce.message_id:
        return Message.objects.select_related("recipient").filter(message_id=bounce.message_id).first()
    for address in bounce.addresses:
        message = (Message.objects.select_related("recipient")
                   .filter(to__iexact=address, status__in=[Message.Status.SENT, Message.Status.BOUNCED])
                   .order_by("-sent_at", "-pk").first())
        if message is not None:
            return message
    return None


def handle(source: str, message: MailMessage, *, dry_run: bool = False) -> Outcome:
    bounce = parse_bounce(message)
    if not bounce.looks_like_bounce:
        return Outcome(source, False, _("ikke en returmelding (for eksempel et autosvar); ingenting registrert"))
    if not bounce.permanent:
        return Outcome(source, False, _("midlertidig feil %(status)s; ingenting registrert") % {"status": bounce.status})
    found = match(bounce)
    if found is None:
        return Outcome(source, False, _("fant ingen e-post fra oss som passer (%(who)s)")
                       % {"who": ", ".join(bounce.addresses) or bounce.message_id or "–"})
    if not dry_run:
        services.record_bounce(recipient=found.recipient, message=found,
                               detail=_("Returmelding: %(detail)s") % {"detail": bounce.detail or "–"})
    return Outcome(source, True, _("%(to)s (%(unit)s) registrert som e-post i retur")
                   % {"to": found.to, "unit": found.recipient.unit.name})


def record_bounces(paths: list[Path], *, dry_run: bool = False) -> list[Outcome]:
    return [handle(source, message, dry_run=dry_run) for path in paths for source, message in read_messages(path)]
