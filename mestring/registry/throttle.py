"""The public API's rate limit per client address, counted in fixed windows.

django-ninja's own throttles keep a list of every request time per client and rewrite it on each
request: at the benchmark's request rates (and a file or Redis cache) that list costs more than the
cached answer. django-ratelimit's counter, already used by the finder, costs one cache increment.
"""
from __future__ import annotations

import threading

from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class AddressThrottle(BaseThrottle):
    def __init__(self, rate: str, *, group: str):
        count, period = rate.split("/")  # "600/m", "20/10s"
        self.num_requests, self.duration = int(count), PERIODS[period[-1]] * int(period[:-1] or 1)
        self.group = group
        self.local = threading.local()  # one throttle serves every thread of a worker

    def allow_request(self, request) -> bool:
        usage = get_usage(request, group=self.group, key=lambda group, req: self.get_ident(req) or "",
                          rate=f"{self.num_requests}/{self.duration}s", increment=True)
        limited = bool(usage and usage["should_limit"])
        # At the window's last second time_left is 0; "Retry-After: 0" would invite a retry storm.
        self.local.wait = max(1, usage["time_left"]) if limited else None
        return not limited

    def wait(self) -> float | None:
        return getattr(self.local, "wait", None)
