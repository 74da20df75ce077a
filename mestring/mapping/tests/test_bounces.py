"""Bounces that arrive after sending: real DSN and non-DSN samples read by `mestring record_bounces`."""
import io

import pytest
from django.core.management import call_command

from mestring.mapping import services
from mestring.mapping.models import Message
from mestring.mapping.tests.factories import add_recipient, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = make_campaign()
    for code, email in (("1804", "bodo@kommune.example"), ("1805", "narvik@kommune.example")):
        add_recipient(campaign, campaign.units.get(code=code), email)
    mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    for pk in mailing.messages.values_list("pk", flat=True):
        services.send_message(message_id=pk)
    return campaign


def sent_to(address: str) -> Message:
    return Message.objects.get(to=address, mailing__kind="invitation")


def postfix_dsn(message_id: str, address: str, status: str = "5.1.1", action: str = "failed") -> str:
    return f"""\
Return-Path: <>
Received: by mx.kommune.example (Postfix) id 3F1A2B; Mon, 23 Nov 2026 10:12:01 +0100 (CET)
Date: Mon, 23 Nov 2026 10:12:01 +0100 (CET)
From: MAILER-DAEMON@mx.kommune.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: ikke-svar@mestring.no
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="3F1A2B.1700730721/mx.kommune.example"
Message-Id: <20261123091201.3F1A2B@mx.kommune.example>

This is a MIME-encapsulated message.

--3F1A2B.1700730721/mx.kommune.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.kommune.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{address}>: host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <{address}>:
    Recipient address rejected: User unknown in local recipient table

--3F1A2B.1700730721/mx.kommune.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.kommune.example
X-Postfix-Queue-ID: 3F1A2B
Arrival-Date: Mon, 23 Nov 2026 10:12:00 +0100 (CET)

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822;{address}
Action: {action}
Status: {status}
Remote-MTA: dns; 127.0.0.1
Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected: User
    unknown in local recipient table

--3F1A2B.1700730721/mx.kommune.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: mestring <ikke-svar@mestring.no>
To: {address}
Subject: =?utf-8?q?Kartlegging_av_l=C3=A6rings-_og_mestringstjenester?=
Message-ID: {message_id}

--3F1A2B.1700730721/mx.kommune.example--
"""


def exchange_dsn_without_message_id(address: str) -> str:
    """An Exchange-style NDR whose original part lost its headers: matched by Final-Recipient."""
    return f"""\
From: postmaster@kommune.example
To: ikke-svar@mestring.no
Subject: Undeliverable: Kartlegging av lærings- og mestringstjenester
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

RGVsaXZlcnkgaGFzIGZhaWxlZCB0byB0aGVzZSByZWNpcGllbnRzIG9yIGdyb3Vwcy4K

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns;EXCH01.kommune.example

Final-Recipient: rfc822;{address.upper()}
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;554 5.2.2 mailbox full;

--b1--
"""


def qmail_failure_notice(message_id: str, address: str) -> str:
    """A plain-text bounce (no DSN) that quotes the original message."""
    return f"""\
From: MAILER-DAEMON@mail.kommune.example
To: ikke-svar@mestring.no
Subject: failure notice

Hi. This is the qmail-send program at mail.kommune.example.
I'm afraid I wasn't able to deliver your message to the following addresses.

<{address}>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Message-ID: {message_id}
From: mestring <ikke-svar@mestring.no>
To: {address}
"""


OUT_OF_OFFICE = """\
From: Rita Rådmann <bodo@kommune.example>
To: ikke-svar@mestring.no
Subject: Fraværsmelding: Kartlegging av lærings- og mestringstjenester
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Jeg er på ferie til 1. desember.
"""


def run(*paths) -> str:
    out = io.StringIO()
    call_command("record_bounces", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def test_a_postfix_dsn_is_matched_by_message_id_and_stops_reminders(campaign, tmp_path):
    message = sent_to("bodo@kommune.example")
    assert message.message_id.startswith("<mapping.")
    path = tmp_path / "bounce.eml"
    path.write_text(postfix_dsn(message.message_id, "bodo@kommune.example"))
    output = run(path)
    assert "1 of 1 messages recorded" in output and "Bodø" in output
    message.refresh_from_db()
    assert message.status == "bounced" and "5.1.1" in message.detail and "User" in message.detail
    assert message.recipient.bounced_at is not None
    reminders = services.queue_mailing(campaign=campaign, kind="reminder")
    assert list(reminders.messages.values_list("to", flat=True)) == ["narvik@kommune.example"]


def test_recipient_page_shows_the_bounce(client, admin_user, campaign, tmp_path):
    message = sent_to("bodo@kommune.example")
    path = tmp_path / "bounce.eml"
    path.write_text(postfix_dsn(message.message_id, "bodo@kommune.example"))
    run(path)
    client.force_login(admin_user)
    page = client.get(f"/arbeid/kartlegging/{campaign.slug}/mottakere/{message.recipient_id}/").content.decode()
    assert "Avvist av mottaker" in page and "Returmelding: 5.1.1" in page


def test_an_mbox_with_several_kinds_of_returned_mail(campaign, tmp_path):
    bodo, narvik = sent_to("bodo@kommune.example"), sent_to("narvik@kommune.example")
    mbox = tmp_path / "retur.mbox"
    messages = [exchange_dsn_without_message_id("narvik@kommune.example"), OUT_OF_OFFICE,
                postfix_dsn(bodo.message_id, "bodo@kommune.example", status="4.4.1", action="delayed")]
    mbox.write_text("".join(f"From MAILER-DAEMON Mon Nov 23 10:12:01 2026\n{m}\n" for m in messages))
    output = run(mbox)
    assert "1 of 3 messages recorded" in output
    assert "retur.mbox #2: ikke en returmelding" in output and "midlertidig feil 4.4.1" in output
    narvik.refresh_from_db()
    bodo.refresh_from_db()
    assert (narvik.status, bodo.status) == ("bounced", "sent")
    assert "5.2.2" in narvik.detail


def test_a_plain_text_failure_notice_is_matched_by_the_quoted_message_id(campaign, tmp_path):
    message = sent_to("narvik@kommune.example")
    path = tmp_path / "qmail.eml"
    path.write_text(qmail_failure_notice(message.message_id, message.to))
    assert "1 of 1" in run(path)
    message.refresh_from_db()
    assert message.status == "bounced"


def test_an_unknown_bounce_is_reported_and_changes_nothing(campaign, tmp_path):
    path = tmp_path / "ukjent.eml"
    path.write_text(postfix_dsn("<mapping.999999.abcdef@annen.example>", "fremmed@example.no"))
    assert "fant ingen e-post fra oss" in run(path)
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_dry_run_changes_nothing(campaign, tmp_path):
    message = sent_to("bodo@kommune.example")
    path = tmp_path / "bounce.eml"
    path.write_text(postfix_dsn(message.message_id, message.to))
    out = io.StringIO()
    call_command("record_bounces", str(path), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    message.refresh_from_db()
    assert message.status == "sent" and message.recipient.bounced_at is None


def test_a_bounce_for_an_old_address_does_not_block_the_new_one(campaign, tmp_path):
    message = sent_to("bodo@kommune.example")
    message.recipient.email = "ny.radmann@kommune.example"
    message.recipient.save()
    path = tmp_path / "bounce.eml"
    path.write_text(postfix_dsn(message.message_id, "bodo@kommune.example"))
    run(path)
    message.recipient.refresh_from_db()
    assert message.recipient.bounced_at is None
    assert Message.objects.get(pk=message.pk).status == "bounced"


def test_staff_form_marks_bounced_and_other_roles_cannot(client, admin_user, coordinator_a, campaign):
    recipient = campaign.recipients.get(unit__code="1805")
    url = f"/arbeid/kartlegging/{campaign.slug}/mottakere/{recipient.pk}/handling/"
    client.force_login(coordinator_a)
    assert client.post(url, {"action": "bounce"}).status_code == 403
    recipient.refresh_from_db()
    assert recipient.bounced_at is None
    client.force_login(admin_user)
    client.post(url, {"action": "bounce"})
    recipient.refresh_from_db()
    assert recipient.bounced_at is not None and sent_to("narvik@kommune.example").status == "bounced"
