"""Helpers for the TLC cycle's tests: a moment to freeze the clock at, and
meetings made the way a facilitator makes them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from communities import clock
from inquiries.cycle import services

# Tuesday 1 December 2026, 10:00 in the site's time zone.
NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0))


def at(days: float = 0, hours: float = 0) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days, hours=hours)


def schedule(facilitator, community, *, day: datetime.date, count: int = 1, **kwargs):
    kwargs.setdefault("place", "Library")
    with clock.travel(NOW):
        return services.meeting_schedule(
            user=facilitator,
            community=community,
            day=day,
            time=datetime.time(16, 0),
            repeat_monthly=count > 1,
            count=count,
            **kwargs,
        )
