"""The meeting page costs the same number of queries with 3 members as with
40: notes, RSVPs and attendance, the prefilled plans with their authors'
names, the reports and the attendance form are each read in one query — the
N+1 it prevents is a query per member (their profile, their plan, their
attendance row) in the "how's it going?" loop and the attendance form. The
community page's meetings panel stays flat the same way as past meetings
(with their summaries) grow."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import clock, factories
from inquiries.cycle import services
from inquiries.cycle.models import ActionPlan, AgendaPart, Attendance, MeetingNote

from .cycle_helpers import at, schedule

pytestmark = pytest.mark.django_db


def count(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)  # warm caches that are not per page (the site, sessions)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(community, meeting, make_teacher, start: int, n: int) -> None:
    """`n` more members, each coming, with an open plan, and one closed."""
    for i in range(start, start + n):
        person = make_teacher(f"Teacher {i:03d}")
        factories.membership(user=person, community=community)
        ActionPlan.objects.create(
            community=community,
            author=person,
            technique=f"Technique {i}",
            class_name="9X",
            evidence="Books",
            state="closed",
            what_happened="It went well",
            keep_or_change="Keep",
            closed_at_meeting=meeting,
        )
        ActionPlan.objects.create(
            community=community, author=person, technique=f"Next {i}", class_name="9X", evidence="B"
        )
        Attendance.objects.create(meeting=meeting, user=person, rsvp="yes", attended=True)


def test_the_meeting_page_is_flat_in_the_number_of_members(
    make_teacher, facilitator, member, open_community
):
    meeting = schedule(facilitator, open_community, day=datetime.date(2026, 11, 24))[0]
    for part in AgendaPart:
        MeetingNote.objects.create(meeting=meeting, part=part, body=f"Notes for {part.label}")
    url = reverse("meeting_detail", args=[meeting.pk])
    grow(open_community, meeting, make_teacher, 0, 3)
    with clock.travel(at(days=2)):
        small = count(facilitator, url), count(member, url)
        grow(open_community, meeting, make_teacher, 3, 37)
        large = count(facilitator, url), count(member, url)
    assert small == large


def test_the_community_pages_meetings_are_flat_in_the_number_of_meetings(
    facilitator, member, open_community
):
    def add(day):
        (meeting,) = schedule(facilitator, open_community, day=day)
        services.meeting_note_set(
            user=facilitator, meeting=meeting, part=AgendaPart.SUMMARY, body=f"Summary {day}"
        )

    add(datetime.date(2026, 11, 3))
    with clock.travel(at(days=2)):
        small = count(member, open_community.url)
    for month in range(1, 10):
        add(datetime.date(2026, month, 6))
    with clock.travel(at(days=2)):
        large = count(member, open_community.url)
    assert small == large
