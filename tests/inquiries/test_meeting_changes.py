"""Moving and cancelling a meeting: a facilitator changes an upcoming
meeting's date, time, length, place or link, or cancels it with a reason.
The row stays; subscribed calendars update (the same UID, a higher SEQUENCE,
STATUS:CANCELLED); the members are told in the site and by e-mail; a
cancelled meeting takes no RSVP, notes or attendance, sends no reminders and
is nobody's next meeting. A past meeting is history and cannot be changed.
Members and outsiders find no button, and the endpoints refuse."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from blog.models import Notification
from communities import clock
from communities.models import NotificationKind
from inquiries.cycle.models import Attendance, Meeting, MeetingNote, ReminderKind
from inquiries.cycle.reminders import due_reminders
from inquiries.cycle.selectors import community_meetings

from .conftest import messages_of
from .cycle_helpers import NOW, at, schedule

pytestmark = pytest.mark.django_db

MOVE = {
    "day": "2026-12-10",
    "time": "17:30",
    "duration_minutes": "75",
    "place": "Room 4",
    "video_url": "",
}


@pytest.fixture
def meetings(facilitator, open_community):
    # Tuesday 8 December and (monthly) Tuesday 12 January, 16:00, in the Library.
    return schedule(facilitator, open_community, day=datetime.date(2026, 12, 8), count=2)


@pytest.fixture
def meeting(meetings):
    return meetings[0]


def post(client, name: str, meeting: Meeting, data: dict, **kwargs):
    with clock.travel(NOW):
        return client.post(reverse(name, args=[meeting.pk]), data, **kwargs)


def get(client, url: str):
    with clock.travel(NOW):
        return client.get(url)


def feed_event(as_, community, meeting):
    with clock.travel(NOW):
        response = as_(None).get(reverse("meeting_calendar_public", args=[community.pk]))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return next(e for e in events if str(e["UID"]) == f"{meeting.uid}@staffroom")


def test_a_facilitator_moves_a_meeting_and_calendars_and_members_follow(
    as_,
    facilitator,
    member,
    open_community,
    meeting,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    before = feed_event(as_, open_community, meeting)
    assert before["SEQUENCE"] == 0 and str(before["STATUS"]) == "CONFIRMED"
    client = as_(facilitator)
    page = get(client, reverse("meeting_detail", args=[meeting.pk]))
    assert b"Change this meeting" in page.content and b"Cancel this meeting" in page.content
    later = NOW + datetime.timedelta(hours=3)
    with clock.travel(later), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meeting_change", args=[meeting.pk]), MOVE, follow=True)
    assert "The meeting is changed; the members are told." in messages_of(response)
    meeting.refresh_from_db()
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 12, 10), 17, 30)
    assert (meeting.duration_minutes, meeting.place, meeting.sequence) == (75, "Room 4", 1)
    # The same event in every subscribed calendar, replaced: a higher
    # SEQUENCE, a later LAST-MODIFIED, the new time and place.
    after = feed_event(as_, open_community, meeting)
    assert after["SEQUENCE"] == 1 and str(after["STATUS"]) == "CONFIRMED"
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    assert after["DTSTART"].dt == meeting.starts_at
    assert after["DTEND"].dt - after["DTSTART"].dt == datetime.timedelta(minutes=75)
    assert str(after["LOCATION"]) == "Room 4"
    # The members are told (not the facilitator who did it), in the site and by e-mail.
    notice = Notification.objects.get(kind=NotificationKind.MEETING_CHANGED)
    assert notice.recipient == member and notice.actor == facilitator
    assert "Thursday 10 December 2026, 17:30" in notice.detail
    assert notice.link == reverse("meeting_detail", args=[meeting.pk])
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "changed a community meeting" in mailoutbox[0].subject
    assert notice.link in mailoutbox[0].body and "Room 4" in mailoutbox[0].body


def test_saving_an_unchanged_meeting_changes_nothing_and_tells_no_one(
    as_, facilitator, meeting, django_capture_on_commit_callbacks
):
    same = {"day": "2026-12-08", "time": "16:00", "duration_minutes": "90", "place": "Library"}
    with django_capture_on_commit_callbacks(execute=True):
        assert post(as_(facilitator), "meeting_change", meeting, same).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    assert not Notification.objects.exists()


def test_an_invalid_change_re_renders_with_its_errors_and_changes_nothing(
    as_, facilitator, meeting
):
    client = as_(facilitator)
    nowhere = {**MOVE, "place": "", "video_url": ""}
    response = post(client, "meeting_change", meeting, nowhere)
    assert response.status_code == 400
    assert b"a place, or a video link" in response.content
    assert response.context["change_form"].errors
    response = post(client, "meeting_change", meeting, {**MOVE, "day": "not a date"})
    assert response.status_code == 400 and response.context["change_form"]["day"].errors
    response = post(client, "meeting_change", meeting, {**MOVE, "day": "2026-11-20"})
    assert response.status_code == 400 and b"still to come" in response.content
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == ("Library", 0)
    assert not Notification.objects.exists()


def test_a_facilitator_cancels_a_meeting_with_a_reason(
    as_,
    facilitator,
    member,
    open_community,
    meetings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    meeting = meetings[0]
    client = as_(facilitator)
    with clock.travel(NOW), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meeting_cancel", args=[meeting.pk]),
            {"reason": "The school closes early for snow."},
            follow=True,
        )
    assert "The meeting is cancelled; the members are told." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.sequence == 1
    assert meeting.cancel_reason == "The school closes early for snow."
    # Calendars mark the same event cancelled, with a higher SEQUENCE.
    event = feed_event(as_, open_community, meeting)
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    # The members are told, with the reason, and led to the meeting.
    notice = Notification.objects.get(kind=NotificationKind.MEETING_CANCELLED)
    assert notice.recipient == member and "snow" in notice.detail
    assert notice.link == reverse("meeting_detail", args=[meeting.pk])
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "cancelled a community meeting" in mailoutbox[0].subject
    assert "snow" in mailoutbox[0].body
    # Shown as cancelled, with nothing left to press, to everyone.
    for who in (facilitator, member):
        page = get(as_(who), reverse("meeting_detail", args=[meeting.pk]))
        assert b"Cancelled" in page.content and b"snow" in page.content
        for action in ("meeting_rsvp", "meeting_note", "meeting_change", "meeting_cancel"):
            assert reverse(action, args=[meeting.pk]).encode() not in page.content
        listing = get(as_(who), reverse("community_meetings", args=[open_community.pk]))
        assert b"card--cancelled" in listing.content
    # The next meeting is the one that will happen.
    with clock.travel(NOW):
        assert community_meetings(user=member, community=open_community).next == meetings[1]


def test_a_cancelled_meeting_refuses_rsvp_notes_attendance_and_a_second_cancel(
    as_, facilitator, member, meeting
):
    post(as_(facilitator), "meeting_cancel", meeting, {"reason": ""})
    assert post(as_(member), "meeting_rsvp", meeting, {"rsvp": "yes"}).status_code == 403
    note = {"part": "summary", "body": "x"}
    assert post(as_(facilitator), "meeting_note", meeting, note).status_code == 403
    with clock.travel(at(days=8)):  # after the day it would have been
        response = as_(facilitator).post(
            reverse("meeting_attendance", args=[meeting.pk]), {"present": [member.pk]}
        )
    assert response.status_code == 403
    response = post(as_(facilitator), "meeting_cancel", meeting, {}, follow=True)
    assert "This meeting is cancelled: it can no longer be changed." in messages_of(response)
    response = post(as_(facilitator), "meeting_change", meeting, MOVE, follow=True)
    assert "This meeting is cancelled: it can no longer be changed." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert not Attendance.objects.exists() and not MeetingNote.objects.exists()
    assert Notification.objects.filter(kind=NotificationKind.MEETING_CANCELLED).count() == 1


def test_a_past_meeting_cannot_be_changed_or_cancelled(as_, facilitator, meeting):
    client = as_(facilitator)
    after = at(days=7, hours=7)  # 8 December, 17:00: the meeting has started
    with clock.travel(after):
        page = client.get(reverse("meeting_detail", args=[meeting.pk]))
        assert b"Change this meeting" not in page.content
        assert reverse("meeting_cancel", args=[meeting.pk]).encode() not in page.content
        for name, data in (("meeting_change", MOVE), ("meeting_cancel", {"reason": "x"})):
            response = client.post(reverse(name, args=[meeting.pk]), data, follow=True)
            assert "it can no longer be changed or cancelled" in " ".join(messages_of(response))
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and not meeting.is_cancelled
    assert not Notification.objects.exists()


def test_only_facilitators_change_or_cancel(
    as_, facilitator, member, outsider, private_community, meeting
):
    page = get(as_(member), reverse("meeting_detail", args=[meeting.pk]))
    assert b"Change this meeting" not in page.content
    assert reverse("meeting_cancel", args=[meeting.pk]).encode() not in page.content
    for who in (member, outsider):
        assert post(as_(who), "meeting_change", meeting, MOVE).status_code == 403
        assert post(as_(who), "meeting_cancel", meeting, {}).status_code == 403
    # Signed out: to the sign-in page.
    assert post(as_(None), "meeting_cancel", meeting, {}).status_code == 302
    # In a members-only community, an outsider finds no meeting at all.
    private = schedule(facilitator, private_community, day=datetime.date(2026, 12, 15))[0]
    assert post(as_(outsider), "meeting_change", private, MOVE).status_code == 404
    assert post(as_(outsider), "meeting_cancel", private, {}).status_code == 404
    for m in (meeting, private):
        m.refresh_from_db()
        assert m.sequence == 0 and not m.is_cancelled


def test_a_cancelled_meeting_sends_no_reminders_and_a_moved_one_reminds_anew(
    as_, facilitator, meetings
):
    first, second = meetings
    with clock.travel(at(hours=7)):  # 16:00 on 1 December: a week before the 8th
        assert [(d.meeting, d.kind) for d in due_reminders()] == [(first, ReminderKind.UPDATE_PLAN)]
    post(as_(facilitator), "meeting_cancel", first, {"reason": ""})
    with clock.travel(at(hours=7)):
        assert due_reminders() == []
    # Mid-cycle of the cancelled meeting would have been on 25 December:
    # nothing, since it did not happen.
    with clock.travel(at(days=24, hours=7)):
        assert all(d.meeting != first for d in due_reminders())
    # Moving the January meeting: its week-before reminder follows the new date.
    moved = {**MOVE, "day": "2027-01-19", "time": "16:00"}
    post(as_(facilitator), "meeting_change", second, moved)
    with clock.travel(timezone.make_aware(datetime.datetime(2027, 1, 5, 16, 30))):
        assert due_reminders() == []
    with clock.travel(timezone.make_aware(datetime.datetime(2027, 1, 12, 16, 30))):
        assert [(d.meeting, d.kind) for d in due_reminders()] == [
            (second, ReminderKind.UPDATE_PLAN)
        ]
