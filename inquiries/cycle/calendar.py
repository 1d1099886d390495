"""A community's meetings as an iCalendar feed (RFC 5545), built with the
`icalendar` library: one VEVENT per meeting with its stable UID, DTSTAMP,
DTSTART and DTEND in the site's time zone (and the VTIMEZONE that defines
it), the place or video link, its SEQUENCE and STATUS (a cancelled meeting
stays in the feed, marked CANCELLED, so calendars drop it). Nothing from
inside a meeting — notes, plans, who comes — goes into it."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from communities import clock
from communities.models import CommunityPage

from .models import Meeting

# Meetings further back than this leave the feed (calendars keep what they had).
FEED_HISTORY = datetime.timedelta(days=400)


def community_calendar(community: CommunityPage, *, base: str) -> bytes:
    """The feed's bytes. `base` is the site's address, for each event's URL."""
    tz = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Staffroom//Teacher Learning Community meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{community.title} — meetings")
    stamp = clock.now().astimezone(datetime.UTC)
    meetings = Meeting.objects.filter(
        community=community, starts_at__gte=clock.now() - FEED_HISTORY
    ).order_by("starts_at", "pk")
    root = base.rstrip("/")
    meetings = list(meetings)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@staffroom")
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        # A moved or cancelled meeting keeps its UID with a higher SEQUENCE,
        # so a subscribed calendar replaces its copy (RFC 5545 §3.8.7.4).
        event.add("sequence", meeting.sequence)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("dtstart", meeting.starts_at.astimezone(tz))
        event.add("dtend", meeting.ends_at.astimezone(tz))
        summary = f"{community.title}: community meeting"
        event.add("summary", f"Cancelled: {summary}" if meeting.is_cancelled else summary)
        if meeting.place:
            event.add("location", meeting.place)
        elif meeting.video_url:
            event.add("location", meeting.video_url)
        description = ["How's it going? Bring your action plan and how it went."]
        if meeting.video_url:
            description.append(f"Video link: {meeting.video_url}")
        event.add("description", "\n".join(description))
        event.add("url", root + reverse("meeting_detail", args=[meeting.pk]))
        calendar.add_component(event)
    if meetings:
        # The VTIMEZONE for the meetings' years only (not 1970–2038).
        first, last = meetings[0].starts_at.date(), meetings[-1].starts_at.date()
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()
