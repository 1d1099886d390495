"""The site's one clock. Everything that stamps a time — the ledger, replies,
memberships, inquiry logs — reads it here, so a command that builds content
with a history (the demo's term of activity) can set the time it happens at,
through the same services a person's clicks go through, instead of
rewriting rows afterwards. Outside `travel()` it is simply the current time."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[datetime.datetime | None] = ContextVar("staffroom_clock", default=None)


def now() -> datetime.datetime:
    return _moment.get() or timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


@contextmanager
def travel(moment: datetime.datetime) -> Iterator[None]:
    """Within the block, now() is `moment`."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
