"""Whole pages shared by every anonymous visitor, with the one per-visitor part put back per request.

A public page looks the same to everyone who is not signed in, except for the CSRF token of the
language form. Such a page is rendered once with a marker where the token goes, kept by the caller
under its own data version, and every visitor gets a copy carrying their own token. The marker is
derived from SECRET_KEY: the same in every server process (pages may be kept in a shared cache)
and unguessable, so no text a visitor types and sees echoed can be turned into a token.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac


@cache
def marker() -> str:
    return "csrf" + salted_hmac("mestring.core.shared_pages", "csrf-marker").hexdigest()[:32]


def shareable(request) -> bool:
    """Signed-in visitors have their own menu, and a page with a message to show is one visitor's."""
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def render_shared(render: Callable[[dict], HttpResponse]) -> tuple[HttpResponse, bytes | None]:
    """The page rendered with the marker, and its bytes to keep (None: an error or a stream, not kept).

    `render(extra_context)` must put `extra_context` into its template context."""
    response = render({"csrf_token": marker()})
    keep = response.content if response.status_code == 200 and not response.streaming else None
    return response, keep


def for_visitor(request, body: bytes, response: HttpResponse | None = None) -> HttpResponse:
    """A copy of a shared page with this visitor's CSRF token (which also sets their CSRF cookie)."""
    personal = body.replace(marker().encode(), get_token(request).encode())
    if response is None:
        return HttpResponse(personal, content_type="text/html; charset=utf-8")
    response.content = personal
    return response
