"""Writes for brukerrepresentanter: register, assign, approve, export for payment, confirm, invite.

Kept apart from services.py (events) because the two share nothing but the app.
"""
from __future__ import annotations

import csv
import io

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from openpyxl import Workbook

from mestring.accounts.models import User
from mestring.network.models import Assignment, Representative
from mestring.core.spreadsheets import safe_cell as _safe


class AssignmentRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def approve(*, assignment: Assignment, by: User) -> Assignment:
    """A coordinator approves hours and costs; only planned assignments can be approved."""
    from django.utils.translation import gettext as _

    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status != Assignment.Status.PLANNED:
            raise AssignmentRefused(_("Oppdraget er allerede godkjent."))
        locked.status = Assignment.Status.APPROVED
        locked.approved_by, locked.approved_at = by, timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        return locked


def confirm(*, assignment: Assignment, representative: Representative) -> Assignment:
    """The representative confirms that the assignment (dates, hours) is right."""
    if assignment.representative_id != representative.pk:
        raise AssignmentRefused("not yours")
    assignment.confirmed_at = assignment.confirmed_at or timezone.now()
    assignment.save(update_fields=["confirmed_at"])
    return assignment


PAYMENT_HEADER = ["Navn", "E-post", "Oppnevnt av", "Oppdrag", "Enhet", "Fra", "Til", "Timer", "Sats kr/t",
                  "Honorar", "Reise km", "Reiseutgifter", "Sum", "Godkjent av", "Godkjent"]


def _payment_row(a: Assignment) -> list:
    return [a.representative.name, a.representative.email, a.representative.appointed_by, a.title, a.unit.name,
            a.starts_on.isoformat(), a.ends_on.isoformat(), float(a.hours), float(a.rate.hourly_amount),
            float(a.honorarium), a.travel_km, float(a.travel_costs), float(a.total),
            str(a.approved_by or ""), timezone.localtime(a.approved_at).strftime("%Y-%m-%d") if a.approved_at else ""]




def export_for_payment(*, assignments, fmt: str) -> tuple[bytes, int]:
    """Mark approved assignments as sent to payment and return the file for the payroll office.

    Only rows still approved when the lock is taken are exported, so nothing is paid twice.
    """
    with transaction.atomic():
        rows = list(assignments.select_for_update(of=("self",)).filter(status=Assignment.Status.APPROVED)
                    .select_related("representative", "unit", "rate", "approved_by").order_by("pk"))
        now = timezone.now()
        for row in rows:
            row.status, row.exported_at = Assignment.Status.EXPORTED, now
            row.save(update_fields=["status", "exported_at"])
    table = [PAYMENT_HEADER] + [[_safe(v) for v in _payment_row(a)] for a in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(table)
        return ("\ufeff" + buffer.getvalue()).encode(), len(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Utbetaling")
    for line in table:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), len(rows)


def invite(*, representative: Representative, site_url: str) -> User:
    """Give the representative a log-in (no staff role) and e-mail a link to choose a password."""
    with transaction.atomic():
        user = User.objects.filter(email=representative.email).first()
        if user is None:
            user = User.objects.create_user(representative.email, None, full_name=representative.name)
        representative.user = user
        representative.save(update_fields=["user"])
        link = site_url.rstrip("/") + reverse("accounts:password_reset_confirm", args=[
            urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)])
        mine = site_url.rstrip("/") + reverse("network:my_assignments")
        with translation.override("nb"):
            body = render_to_string("network/email/invitation.txt", {"representative": representative,
                                                                     "link": link, "mine": mine})
        email = representative.email
        transaction.on_commit(lambda: send_mail("Innlogging for brukerrepresentanter", body, None, [email]))
        return user
