"""Access helpers: views ask these, they never filter by owner themselves."""
from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from mestring.accounts.models import Role
from mestring.structure.models import Unit


def scoped_units(user) -> QuerySet[Unit]:
    """Units a user coordinates: their assigned units and those units' bydeler."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_national_admin:
        return Unit.objects.all()
    assigned = Unit.objects.filter(role_assignments__user=user, role_assignments__role=Role.COORDINATOR)
    return Unit.objects.filter(Q(pk__in=assigned) | Q(parent__in=assigned, kind=Unit.Kind.BYDEL)).distinct()


def can_coordinate(user, unit: Unit) -> bool:
    return scoped_units(user).filter(pk=unit.pk).exists()


def role_required(*roles: str):
    """A view decorator: 403 unless the user has one of `roles` (national admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not (user.is_national_admin or any(user.has_role(r) for r in roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def staff_required(view):
    """Any logged-in person with a role (national admin, coordinator, interviewer)."""
    return role_required(Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.INTERVIEWER)(view)
