"""Reminders: coordinators are asked to confirm or update courses not confirmed for a while.

`mestring remind_registry [--older-than-days N]` queues one `send_confirmation_reminder` per
coordinator; the tasks worker sends each e-mail as its own small step. `mestring worker` queues
`remind_registry` weekly by itself (settings.PERIODIC_TASKS, age from REGISTRY_CONFIRM_AFTER_DAYS).
"""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from mestring.accounts.access import scoped_units
from mestring.accounts.models import Role, User
from mestring.registry.models import CourseOffer


def stale_offers_for(user: User, older_than_days: int):
    units = scoped_units(user)
    return (CourseOffer.objects.needing_confirmation(older_than_days=older_than_days)
            .filter(service__host_unit__in=units).order_by("last_confirmed"))


@task()
def send_confirmation_reminder(user_id: int, older_than_days: int) -> int:
    """E-mail one coordinator the list of their courses to confirm; returns how many were listed."""
    user = User.objects.get(pk=user_id)
    offers = list(stale_offers_for(user, older_than_days)[:100])
    if not offers:
        return 0
    lines = [f"- {o.title} ({o.service.name}), sist bekreftet {o.last_confirmed:%d.%m.%Y}" for o in offers]
    body = ("Hei!\n\nDisse kursene er ikke bekreftet på over "
            f"{older_than_days} dager. Bekreft at de stemmer, eller oppdater dem:\n\n" + "\n".join(lines)
            + f"\n\n{settings.SITE_URL}{reverse('registry:overview')}\n")
    send_mail("Kurs som bør bekreftes", body, None, [user.email])
    return len(offers)


def queue_reminders(*, older_than_days: int) -> int:
    """Queue one reminder per coordinator who has stale courses (after the transaction commits)."""
    coordinators = User.objects.filter(role_assignments__role=Role.COORDINATOR, is_active=True).distinct()
    due = [u.pk for u in coordinators if stale_offers_for(u, older_than_days).exists()]
    for pk in due:
        transaction.on_commit(lambda pk=pk: send_confirmation_reminder.enqueue(pk, older_than_days))
    return len(due)


@task()
def remind_registry() -> int:
    """The weekly periodic job (settings.PERIODIC_TASKS): remind about courses older than the configured age."""
    return queue_reminders(older_than_days=settings.REGISTRY_CONFIRM_AFTER_DAYS)
