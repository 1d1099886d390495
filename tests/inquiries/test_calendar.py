"""The meetings' iCalendar feed: valid RFC 5545 (parsed back with the
`icalendar` library: UID, DTSTAMP, DTSTART with its time zone), public for a
public community, and for a members-only one only through a member's
personal secret link — which stops at once when reset, or when they leave."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from communities import clock
from communities.models import Membership
from inquiries.cycle import services
from inquiries.cycle.models import AgendaPart, CalendarLink

from .cycle_helpers import NOW, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_meetings(facilitator, private_community):
    meetings = schedule(
        facilitator, private_community, day=datetime.date(2026, 12, 1), count=3, place="Room 12"
    )
    services.meeting_note_set(
        user=facilitator, meeting=meetings[0], part=AgendaPart.SUMMARY, body="Secret summary"
    )
    return meetings


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def personal_url(client, community) -> str:
    page = client.get(reverse("meeting_calendar", args=[community.pk]))
    assert page.status_code == 200
    return page.context["personal_url"].replace("http://testserver", "")


def test_a_members_personal_feed_is_valid_icalendar(
    as_, member, private_community, private_meetings
):
    url = personal_url(as_(member), private_community)
    with clock.travel(NOW):
        calendar = parse(as_(None).get(url))  # a calendar app signs in as nobody
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    events = calendar.walk("VEVENT")
    assert [e["UID"] for e in events] == [f"{m.uid}@staffroom" for m in private_meetings]
    for event, meeting in zip(events, private_meetings, strict=True):
        assert "DTSTAMP" in event
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/London"
        assert start.dt == meeting.starts_at
        assert event["DTEND"].dt - start.dt == datetime.timedelta(minutes=90)
        assert str(event["LOCATION"]) == "Room 12"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert b"Secret summary" not in as_(None).get(url).content  # no notes, ever


def test_without_the_secret_a_members_only_feed_leaks_nothing(
    as_, member, outsider, private_community, private_meetings
):
    assert (
        as_(None).get(reverse("meeting_calendar_public", args=[private_community.pk])).status_code
        == 404
    )
    assert (
        as_(member).get(reverse("meeting_calendar_public", args=[private_community.pk])).status_code
        == 404
    )
    assert (
        as_(None).get(reverse("meeting_calendar_secret", args=["not-a-secret"])).status_code == 404
    )
    assert (
        as_(outsider).get(reverse("meeting_calendar", args=[private_community.pk])).status_code
        == 404
    )
    assert (
        as_(None).get(reverse("meeting_calendar", args=[private_community.pk])).status_code == 404
    )
    assert not CalendarLink.objects.filter(user=outsider).exists()


def test_a_reset_stops_the_old_link_at_once(as_, member, private_community, private_meetings):
    client = as_(member)
    old = personal_url(client, private_community)
    assert as_(None).get(old).status_code == 200
    response = client.post(reverse("meeting_calendar", args=[private_community.pk]))
    assert response.status_code == 302
    new = personal_url(client, private_community)
    assert new != old
    gone = as_(None).get(old)
    assert gone.status_code == 404 and b"VEVENT" not in gone.content
    assert parse(as_(None).get(new)).walk("VEVENT")


def test_leaving_the_community_stops_the_link(as_, member, private_community, private_meetings):
    url = personal_url(as_(member), private_community)
    Membership.objects.filter(user=member, community=private_community).delete()
    assert as_(None).get(url).status_code == 404


def test_only_members_reset_links(as_, outsider, open_community, private_community):
    assert (
        as_(outsider).post(reverse("meeting_calendar", args=[open_community.pk])).status_code == 403
    )
    assert (
        as_(outsider).post(reverse("meeting_calendar", args=[private_community.pk])).status_code
        == 404
    )


def test_a_public_communitys_feed_is_public(as_, facilitator, open_community):
    meetings = schedule(
        facilitator,
        open_community,
        day=datetime.date(2026, 12, 1),
        video_url="https://video.example.org/tlc",
        place="",
    )
    page = as_(None).get(reverse("meeting_calendar", args=[open_community.pk]))
    assert page.context["public_url"] and not page.context["personal_url"]
    calendar = parse(as_(None).get(reverse("meeting_calendar_public", args=[open_community.pk])))
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"{meetings[0].uid}@staffroom"
    assert "https://video.example.org/tlc" in str(event["DESCRIPTION"])
