"""QR codes for posters and table cards: a PNG data URI, made here (segno, pure Python)."""
from __future__ import annotations

import segno
from django.urls import reverse


def table_url(request, table) -> str:
    return request.build_absolute_uri(reverse("workshops:note_page", args=[table.token]))


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)
