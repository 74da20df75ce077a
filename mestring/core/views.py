"""Front page and health check."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mestring.structure import selectors as structure


def front(request):
    return render(request, "core/front.html", {"counts": structure.current_counts()})


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
