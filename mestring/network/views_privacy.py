"""A logged-in person's own data held by the network app: a page saying what, why and until when, and
the same as a JSON file to keep (right of access)."""
from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mestring.network import privacy


@login_required
@require_GET
def my_data_page(request):
    return render(request, "network/knowledge/my_data.html", {"data": privacy.personal_data_for(request.user)})


@login_required
@require_GET
def my_data_json(request):
    body = json.dumps(privacy.personal_data_for(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-opplysninger.json"'
    response["Cache-Control"] = "private, no-store"
    return response
