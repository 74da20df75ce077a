"""Access helpers for national report jobs and fact sheets: views call these, never filter themselves."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mestring.overview.models import ReportJob
from mestring.structure.models import Unit

FACTSHEET_KINDS = {"kommune": Unit.Kind.KOMMUNE, "hf": Unit.Kind.HF}


def get_report_job_for_user(user, pk: int) -> ReportJob:
    """National reports are for national admins only (403 for anyone else, 404 for an unknown job)."""
    if not (user.is_authenticated and user.is_national_admin):
        raise PermissionDenied
    job = ReportJob.objects.filter(pk=pk).select_related("requested_by").first()
    if job is None:
        raise Http404("No such report")
    return job


def get_factsheet_unit(kind: str, code: str) -> Unit:
    """Today's kommune or HF with this code; fact sheets hold aggregate figures only, so anyone may read them."""
    unit = Unit.objects.current().filter(kind=FACTSHEET_KINDS.get(kind, ""), code=code).select_related("parent").first()
    if unit is None:
        raise Http404("No such unit")
    return unit
