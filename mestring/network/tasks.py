"""Background work: one e-mail per step, sent at most once per status change."""
from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from mestring.network import links
from mestring.network.ics import event_calendar
from mestring.network.models import Registration


def _claim(registration: Registration) -> bool:
    """Mark this status as told; False if another run already did (the e-mail is not sent twice)."""
    return bool(Registration.objects.filter(pk=registration.pk, status=registration.status)
                .exclude(notified_status=registration.status).update(notified_status=registration.status))


def build_email(registration: Registration) -> EmailMessage:
    event = registration.event
    context = {"registration": registration, "event": event, "link": links.absolute_link(registration),
               "position": registration.waitlist_position()}
    with translation.override("nb"):
        subject = render_to_string(f"network/email/{registration.status}_subject.txt", context).strip()
        body = render_to_string(f"network/email/{registration.status}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    if registration.status == Registration.Status.CONFIRMED:
        message.attach(f"{event.slug}.ics", event_calendar(event), "text/calendar; charset=utf-8; method=PUBLISH")
    return message


@task()
def send_status_email(*, registration_id: int) -> bool:
    """Tell a participant their seat, waitlist place or cancellation. Returns whether it sent."""
    registration = (Registration.objects.select_related("event")
                    .filter(pk=registration_id, anonymised_at__isnull=True).first())
    if registration is None or not _claim(registration):
        return False
    try:
        build_email(registration).send()
    except Exception:
        with transaction.atomic():  # let a retry send it
            Registration.objects.filter(pk=registration.pk).update(notified_status="")
        raise
    return True
