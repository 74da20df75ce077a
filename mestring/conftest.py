"""Fixtures every app's tests share: the national structure, one user per role, a served site."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from mestring.accounts.models import Role, RoleAssignment, User
from mestring.structure.models import Unit

pytest_plugins = ["mestring.core.testing.browser"]
PASSWORD = "Riktig-hest-batteri-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real national structure once per test session (tests roll back around it)."""
    with django_db_blocker.unblock():
        call_command("load_structure", verbosity=0)
        # Saving the structure queued an overview rebuild (overview.cache); tests count only their own tasks.
        DBTaskResult.objects.all().delete()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without a collectstatic manifest; the served site in browser tests has one."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def unit(kind: str, code: str) -> Unit:
    return Unit.objects.current().get(kind=kind, code=code)


def make_user(email: str, role: str | None = None, unit_obj: Unit | None = None) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0])
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit_obj)
    return user


@pytest.fixture
def admin_user(db) -> User:
    user = make_user("admin@test.example", Role.NATIONAL_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def unit_a(db) -> Unit:
    """Tromsø kommune: coordinator A's unit."""
    return unit("kommune", "5501")


@pytest.fixture
def unit_b(db) -> Unit:
    """Bodø kommune: coordinator B's unit."""
    return unit("kommune", "1804")


@pytest.fixture
def coordinator_a(unit_a) -> User:
    return make_user("koord.a@test.example", Role.COORDINATOR, unit_a)


@pytest.fixture
def coordinator_b(unit_b) -> User:
    return make_user("koord.b@test.example", Role.COORDINATOR, unit_b)


@pytest.fixture
def interviewer(db) -> User:
    return make_user("intervjuer@test.example", Role.INTERVIEWER)


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but with no role at all."""
    return make_user("utenforstaende@test.example")
