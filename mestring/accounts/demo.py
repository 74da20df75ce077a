"""Demo accounts, one per role, for `mestring load_demo`."""
from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mestring.accounts.models import Role, RoleAssignment, User
from mestring.structure.models import Unit

# (e-mail, name, role, unit kind, unit code)
DEMO_USERS = [
    ("admin@mestring.example", "Nina Nasjonal", Role.NATIONAL_ADMIN, None, None),
    ("koordinator.tromso@mestring.example", "Kari Koordinator (Tromsø)", Role.COORDINATOR, "kommune", "5501"),
    ("koordinator.unn@mestring.example", "Ola Koordinator (UNN)", Role.COORDINATOR, "hf", "universitetssykehuset-nord-norge"),
    ("koordinator.gamleoslo@mestring.example", "Aisha Koordinator (Gamle Oslo)", Role.COORDINATOR, "bydel", "030101"),
    ("intervjuer@mestring.example", "Ingrid Intervjuer", Role.INTERVIEWER, None, None),
]


def demo_password() -> str:
    """One password for all demo users, generated once and kept under var/."""
    path = Path(settings.VAR_DIR) / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


@transaction.atomic
def create_demo_users(*, password: str) -> list[User]:
    users = []
    for email, name, role, kind, code in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        user.set_password(password)
        user.is_staff = user.is_superuser = role == Role.NATIONAL_ADMIN
        user.save()
        unit = Unit.objects.current().get(kind=kind, code=code) if kind else None
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        users.append(user)
    return users
