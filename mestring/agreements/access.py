"""Who may work on agreements: national admins, and analysts (the `agreements.review_agreement`
permission, given to a user directly or through a group such as «Avtaleanalytikere»)."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mestring.agreements.models import Agreement

PERMISSION = "agreements.review_agreement"
ANALYST_GROUP = "Avtaleanalytikere"


def can_review(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_national_admin or user.has_perm(PERMISSION))


def analyst_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_review(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_agreement_for_user(user, pk: int) -> Agreement:
    if not can_review(user):
        raise PermissionDenied
    return get_object_or_404(Agreement.objects.select_related("hf__parent"), pk=pk)
