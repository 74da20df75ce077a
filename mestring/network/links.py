"""Self-service links for participants: unguessable, expiring, and never stored in clear text.

The token is `<id>.<HMAC(secret key, id + nonce)>`; the nonce lives on the registration, so rotating
it (on cancellation or anonymisation) kills every earlier link. A link stops working when the
participant's data is due for deletion.
"""
from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from mestring.network.models import Registration

SALT = "mestring.network.registration-link"


def _signature(registration: Registration) -> str:
    return salted_hmac(SALT, f"{registration.pk}:{registration.nonce}", algorithm="sha256").hexdigest()[:43]


def token_for(registration: Registration) -> str:
    return f"{registration.pk}.{_signature(registration)}"


def absolute_link(registration: Registration) -> str:
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("network:registration", args=[token_for(registration)])


def registration_for_token(token: str) -> Registration | None:
    """The registration a link points to, or None if the link is wrong, rotated or expired."""
    pk, _, signature = token.partition(".")
    if not pk.isdigit() or not signature:
        return None
    registration = Registration.objects.select_related("event").filter(pk=int(pk)).first()
    if registration is None or registration.anonymised_at is not None:
        return None
    if not constant_time_compare(signature, _signature(registration)):
        return None
    if timezone.localdate() >= registration.event.delete_personal_data_on:
        return None
    return registration
