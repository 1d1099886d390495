"""Meetings: facilitators schedule them (once, or monthly by a rule such as
"the first Tuesday of the month"), keep notes for each part of the TLC
agenda and record who came; members say whether they will come; the
community page shows the next meeting and past summaries — to those who may
look inside. Everyone else finds no button, and the endpoints refuse."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import clock
from communities.models import ActivityEvent, Verb
from inquiries.cycle import services
from inquiries.cycle.models import AgendaPart, Attendance, Meeting, MeetingNote

from .cycle_helpers import NOW, at, schedule

pytestmark = pytest.mark.django_db


def test_the_monthly_rule_follows_the_weekday_and_its_place_in_the_month():
    first_tuesday = datetime.date(2027, 1, 5)
    assert services.describe_rule(first_tuesday) == "the first Tuesday of the month"
    dates = services.occurrences(first_tuesday, 4)
    assert dates == [
        datetime.date(2027, 1, 5),
        datetime.date(2027, 2, 2),
        datetime.date(2027, 3, 2),
        datetime.date(2027, 4, 6),
    ]
    assert all(d.weekday() == 1 and d.day <= 7 for d in dates)
    # A date in the last week past the fourth is "the last Thursday".
    last_thursday = datetime.date(2027, 4, 29)
    assert services.describe_rule(last_thursday) == "the last Thursday of the month"
    assert services.occurrences(last_thursday, 2)[1] == datetime.date(2027, 5, 27)
    # Across the year's end.
    assert services.occurrences(datetime.date(2026, 12, 1), 2)[1] == datetime.date(2027, 1, 5)


def test_a_facilitator_schedules_a_monthly_meeting_through_the_page(
    login, facilitator, open_community
):
    client = login(facilitator)
    assert b"Schedule a meeting" in client.get(open_community.url).content
    page = client.get(reverse("community_meetings", args=[open_community.pk]))
    assert b"Schedule a meeting" in page.content
    with clock.travel(NOW):
        response = client.post(
            reverse("community_meetings", args=[open_community.pk]),
            {
                "day": "2026-12-01",
                "time": "16:00",
                "duration_minutes": "90",
                "place": "Library",
                "repeat_monthly": "on",
                "count": "3",
            },
            follow=True,
        )
    assert b"on the first Tuesday of the month" in response.content
    meetings = list(Meeting.objects.filter(community=open_community))
    assert [timezone_date(m) for m in meetings] == [
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 5),
        datetime.date(2027, 2, 2),
    ]
    assert all(timezone.localtime(m.starts_at).hour == 16 for m in meetings)


def timezone_date(meeting):
    return timezone.localdate(meeting.starts_at)


def test_an_invalid_schedule_changes_nothing(login, facilitator, open_community):
    response = login(facilitator).post(
        reverse("community_meetings", args=[open_community.pk]),
        {"day": "2026-12-01", "time": "16:00", "duration_minutes": "90"},
    )
    assert response.status_code == 400
    assert b"a place, or a video link" in response.content
    assert not Meeting.objects.exists()


def test_only_facilitators_schedule(as_, member, outsider, open_community, private_community):
    url = reverse("community_meetings", args=[open_community.pk])
    data = {"day": "2026-12-01", "time": "16:00", "duration_minutes": "90", "place": "Hall"}
    assert b"Schedule a meeting" not in as_(member).get(url).content
    assert b"Schedule a meeting" not in as_(member).get(open_community.url).content
    assert as_(member).post(url, data).status_code == 403
    assert as_(outsider).post(url, data).status_code == 403
    assert as_(None).post(url, data).status_code == 403
    # Inside a members-only community, an outsider finds nothing at all.
    private = reverse("community_meetings", args=[private_community.pk])
    assert as_(outsider).get(private).status_code == 404
    assert as_(outsider).post(private, data).status_code == 404
    assert as_(None).get(private).status_code == 404
    assert not Meeting.objects.exists()


@pytest.fixture
def meeting(facilitator, open_community):
    return schedule(facilitator, open_community, day=datetime.date(2026, 12, 8))[0]


def test_members_say_whether_they_come_and_only_facilitators_record_who_came(
    as_, facilitator, member, outsider, open_community, meeting
):
    url = reverse("meeting_detail", args=[meeting.pk])
    with clock.travel(NOW):
        page = as_(member).get(url)
        assert b"I'll be there" in page.content
        assert b"Record attendance" not in page.content
        assert (
            as_(member)
            .post(reverse("meeting_rsvp", args=[meeting.pk]), {"rsvp": "yes"})
            .status_code
            == 302
        )
        assert (
            as_(outsider)
            .post(reverse("meeting_rsvp", args=[meeting.pk]), {"rsvp": "yes"})
            .status_code
            == 403
        )
        assert b"I'll be there" not in as_(outsider).get(url).content
    assert Attendance.objects.get(meeting=meeting, user=member).rsvp == "yes"
    assert not Attendance.objects.filter(user=outsider).exists()

    attendance = reverse("meeting_attendance", args=[meeting.pk])
    with clock.travel(at(days=8)):  # after the meeting
        assert b"Record attendance" in as_(facilitator).get(url).content
        assert b"Record attendance" not in as_(member).get(url).content
        assert as_(member).post(attendance, {"present": [member.pk]}).status_code == 403
        assert as_(outsider).post(attendance, {"present": [member.pk]}).status_code == 403
        assert as_(None).post(attendance, {"present": [member.pk]}).status_code == 302  # sign in
        assert not Attendance.objects.filter(attended__isnull=False).exists()
        # Someone outside the community cannot be recorded: nothing changes.
        as_(facilitator).post(attendance, {"present": [member.pk, outsider.pk]})
        assert not Attendance.objects.filter(attended__isnull=False).exists()
        response = as_(facilitator).post(attendance, {"present": [member.pk]})
        assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting, user=member).attended is True
    assert Attendance.objects.get(meeting=meeting, user=facilitator).attended is False
    assert not Attendance.objects.filter(user=outsider).exists()
    rows = ActivityEvent.objects.filter(verb=Verb.ATTENDED_MEETING)
    assert list(rows.values_list("actor", flat=True)) == [member.pk]
    # Recording again changes nothing; marking absent after all is a row of its own.
    with clock.travel(at(days=8)):
        as_(facilitator).post(attendance, {"present": [member.pk]})
        assert rows.count() == 1
        as_(facilitator).post(attendance, {"present": []})
    assert ActivityEvent.objects.filter(verb=Verb.ATTENDANCE_CORRECTED, actor=member).count() == 1


def test_attendance_is_recorded_after_the_meeting_only(as_, facilitator, member, meeting):
    with clock.travel(NOW):
        response = as_(facilitator).post(
            reverse("meeting_attendance", args=[meeting.pk]), {"present": [member.pk]}
        )
    assert response.status_code == 403


def test_facilitators_keep_notes_for_each_part_of_the_agenda(as_, facilitator, member, meeting):
    url = reverse("meeting_note", args=[meeting.pk])
    page = as_(facilitator).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    for part in AgendaPart:
        assert part.label.replace("'", "&#x27;") in page
    assert page.count("Save notes") == len(AgendaPart)
    as_(facilitator).post(url, {"part": AgendaPart.NEW_LEARNING, "body": "Hinge questions"})
    as_(facilitator).post(url, {"part": AgendaPart.NEW_LEARNING, "body": "Hinge questions, again"})
    assert MeetingNote.objects.get(meeting=meeting, part=AgendaPart.NEW_LEARNING).body == (
        "Hinge questions, again"
    )
    member_page = as_(member).get(reverse("meeting_detail", args=[meeting.pk])).content
    assert b"Hinge questions, again" in member_page
    assert b"Save notes" not in member_page
    assert as_(member).post(url, {"part": AgendaPart.SUMMARY, "body": "mine"}).status_code == 403
    assert not MeetingNote.objects.filter(part=AgendaPart.SUMMARY).exists()


def test_the_community_page_shows_the_next_meeting_and_past_summaries(
    as_, facilitator, member, outsider, open_community, private_community
):
    past = schedule(facilitator, private_community, day=datetime.date(2026, 11, 3))[0]
    services.meeting_note_set(
        user=facilitator, meeting=past, part=AgendaPart.SUMMARY, body="We tried exit tickets."
    )
    upcoming = schedule(facilitator, private_community, day=datetime.date(2026, 12, 8))[0]
    with clock.travel(NOW):
        page = as_(member).get(private_community.url).content.decode()
        assert "We tried exit tickets." in page
        assert reverse("meeting_detail", args=[upcoming.pk]) in page
        for who in (outsider, None):
            hidden = as_(who).get(private_community.url).content.decode()
            assert "We tried exit tickets." not in hidden
            assert reverse("meeting_detail", args=[upcoming.pk]) not in hidden
            assert as_(who).get(reverse("meeting_detail", args=[past.pk])).status_code == 404
    # A public community's summaries are public, as everything in it.
    public_past = schedule(facilitator, open_community, day=datetime.date(2026, 11, 3))[0]
    services.meeting_note_set(
        user=facilitator, meeting=public_past, part=AgendaPart.SUMMARY, body="Public summary."
    )
    with clock.travel(NOW):
        assert b"Public summary." in as_(None).get(open_community.url).content
