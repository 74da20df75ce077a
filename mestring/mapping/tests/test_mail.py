"""Invitations and reminders through a real SMTP server (aiosmtpd), in idempotent steps."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mestring.core.testing.smtp import smtp  # noqa: F401  (fixture)
from mestring.mapping import services
from mestring.mapping.forms import TemplateForm
from mestring.mapping.models import Message, Response
from mestring.mapping.tasks import send_message_task
from mestring.mapping.tests.factories import add_recipient, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = make_campaign()
    for code, email in (("1804", "bodo@kommune.example"), ("1805", "narvik@kommune.example"),
                        ("1820", "retur@kommune.example")):
        add_recipient(campaign, campaign.units.get(code=code), email)
    return campaign


def send_all(mailing):
    for pk in mailing.messages.values_list("pk", flat=True):
        send_message_task.func(pk)  # what the worker runs for each queued task


def test_invitations_are_queued_as_tasks_and_sent_with_a_working_link(campaign, smtp, client,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    assert DBTaskResult.objects.count() == 3
    send_all(mailing)
    delivered = {to[0]: body for to, body in smtp.received}
    assert set(delivered) == {"bodo@kommune.example", "narvik@kommune.example"}
    body = delivered["bodo@kommune.example"]
    assert "Hei Rita Rådmann" in body or "Hei Rita R" in body
    link = re.search(r"http://testserver(/s/[\w-]+/)", body).group(1)
    assert "Bodø" in client.get(link).content.decode()
    statuses = dict(mailing.messages.values_list("to", "status"))
    assert statuses == {"bodo@kommune.example": "sent", "narvik@kommune.example": "sent",
                        "retur@kommune.example": "bounced"}
    assert campaign.recipients.get(email="retur@kommune.example").bounced_at is not None


def test_sending_twice_sends_once(campaign, smtp):
    mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    send_all(mailing)
    send_all(mailing)
    assert len(smtp.received) == 2


def test_second_invitation_round_skips_those_already_invited(campaign, smtp):
    send_all(services.queue_mailing(campaign=campaign, kind="invitation"))
    assert services.queue_mailing(campaign=campaign, kind="invitation").messages.count() == 0


def test_reminders_go_only_to_those_who_have_not_submitted_nor_opted_out(campaign, smtp):
    bodo, narvik = campaign.recipients.get(unit__code="1804"), campaign.recipients.get(unit__code="1805")
    Response.objects.create(questionnaire=campaign.questionnaires.get(), unit=bodo.unit, status="submitted", data={})
    services.record_bounce(recipient=campaign.recipients.get(unit__code="1820"))
    mailing = services.queue_mailing(campaign=campaign, kind="reminder")
    assert list(mailing.messages.values_list("to", flat=True)) == ["narvik@kommune.example"]
    services.opt_out(recipient=narvik)
    send_all(mailing)
    assert smtp.received == [] and mailing.messages.get().status == "skipped"


def test_a_crash_mid_send_resumes_without_sending_twice(campaign, smtp):
    mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    first, second, _third = mailing.messages.order_by("pk")
    # The worker claimed `first`, may or may not have sent it, and died.
    Message.objects.filter(pk=first.pk).update(status="sending", claimed_at=timezone.now() - dt.timedelta(hours=1))
    result = services.resume_sending(campaign=campaign)
    assert result == {"uncertain": 1, "sent": 1}
    assert [to for to, _body in smtp.received] == [[second.to]]
    first.refresh_from_db()
    assert first.status == "uncertain" and "avbrutt" in first.detail
    assert services.resume_sending(campaign=campaign) == {"uncertain": 0, "sent": 0}


def test_a_failing_server_marks_the_message_failed_not_sent(campaign, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    send_all(mailing)
    assert set(mailing.messages.values_list("status", flat=True)) == {"failed"}


@pytest.mark.parametrize(("body", "valid"), [
    ("Hei {{ navn }}, svar her: {{ lenke }}", True),
    ("Hei {{ navn }} fra {{ kommune }}: {{ lenke }}", False),
    ("Hei {{ navn }}", False),
])
def test_templates_accept_only_known_merge_fields_and_need_the_link(body, valid):
    assert TemplateForm({"subject": "Emne", "body": body}).is_valid() is valid


def test_periodic_resume_sends_lost_messages_once_and_leaves_fresh_ones_to_their_task(campaign, smtp):
    from mestring.mapping.tasks import resume_all_sending

    mailing = services.queue_mailing(campaign=campaign, kind="invitation")
    lost, crashed, fresh = mailing.messages.order_by("pk")
    Message.objects.filter(pk__in=[lost.pk, crashed.pk]).update(created_at=timezone.now() - dt.timedelta(hours=1))
    Message.objects.filter(pk=crashed.pk).update(status="sending", claimed_at=timezone.now() - dt.timedelta(hours=1))
    assert resume_all_sending.func() == {"uncertain": 1, "sent": 1}
    assert [to for to, _body in smtp.received] == [[lost.to]]
    assert resume_all_sending.func() == {"uncertain": 0, "sent": 0}  # idempotent
    assert Message.objects.get(pk=fresh.pk).status == "queued"
