"""Two schedulers at the same moment (two servers' cron, say) send each
reminder once: both see it due, one inserts the ReminderSent row and sends,
the other's insert fails on the unique constraint and it sends nothing.
Needs a database that several connections share (PostgreSQL); SQLite's
in-memory test database is one connection's alone."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from blog.models import Notification
from communities import clock
from inquiries.cycle.models import ReminderSent
from inquiries.cycle.reminders import send_cycle_reminders

from .cycle_helpers import at, schedule

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_schedulers_at_once_send_each_reminder_once(
    facilitator, member, open_community, mailoutbox
):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database several connections share (PostgreSQL)")
    schedule(facilitator, open_community, day=datetime.date(2026, 12, 8))
    start = threading.Barrier(2)
    told: list[int] = []
    errors: list[BaseException] = []

    def scheduler():
        try:
            start.wait()
            with clock.travel(at(hours=7)):
                told.append(send_cycle_reminders())
        except BaseException as exc:  # noqa: BLE001 — reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(told) == [0, 2]  # the facilitator and the member, once
    assert ReminderSent.objects.count() == 1
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2
