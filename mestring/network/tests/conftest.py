"""Network test helpers: tasks run at once, an open 200-seat event, and a ready-filled sign-up form."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from mestring.network.forms import started_token
from mestring.network.models import Event


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()  # rate-limit counters must not leak between tests


def make_event(**overrides) -> Event:
    start = timezone.now() + dt.timedelta(days=30)
    values = dict(title="Nettverkskonferansen 2027", slug="nettverkskonferansen-2027", summary="Åpen konferanse.",
                  programme="09.00 Velkommen\n10.00 Dialogkafé", place="Oslo", address="Storgata 1, Oslo",
                  starts_at=start, ends_at=start + dt.timedelta(hours=6), capacity=200, is_published=True,
                  delete_personal_data_on=(start + dt.timedelta(days=30)).date())
    values.update(overrides)
    return Event.objects.create(**values)


@pytest.fixture
def event(db) -> Event:
    return make_event()


def form_data(**overrides) -> dict:
    data = {"name": "Kari Nordmann", "email": "kari@example.no", "organisation": "Tromsø kommune",
            "role": "Koordinator", "dietary_needs": "Vegetar", "accessibility_needs": "Teleslynge",
            "consent": "on", "website": "", "started": started_token(time.time() - 10)}
    data.update(overrides)
    return data
