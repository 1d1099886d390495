"""Reminders timed to each community's meetings, not to a fixed digest
window: a week before a meeting ("how is your action plan going? update
it"), the day after ("write your next plan while it is fresh") and at
mid-cycle ("time for your buddy visit").

`send_cycle_reminders` is run by cron (`manage.py send_cycle_reminders`,
hourly): it sends every reminder whose time has come in the last
`LATE_ENOUGH`, each exactly once — the unique ReminderSent row is inserted
in the same transaction as the notifications, so of several schedulers
running at once only one inserts it and sends. The reminders are
notifications (`blog.services.notify`): in the site for every member, by
e-mail through the background-task backend for those whose choices for
the community allow e-mail, with the one-click unsubscribe link."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone

from blog.services import notify
from communities import clock
from communities.models import Membership, NotificationKind

from .models import (
    ActionPlan,
    BuddyPair,
    BuddyState,
    Meeting,
    Observation,
    ReminderKind,
    ReminderSent,
)
from .selectors import attending_user_ids

logger = logging.getLogger(__name__)

WEEK_BEFORE = datetime.timedelta(days=7)
DAY_AFTER = datetime.timedelta(days=1)
# Mid-cycle is halfway to the next meeting, or this long after the last.
CYCLE_WITHOUT_NEXT = datetime.timedelta(days=28)
# A reminder whose moment passed longer ago than this (the scheduler was
# down, or the meeting was scheduled late) is no longer worth sending.
LATE_ENOUGH = datetime.timedelta(days=2)

KINDS = {
    ReminderKind.UPDATE_PLAN: NotificationKind.CYCLE_UPDATE_PLAN,
    ReminderKind.NEXT_PLAN: NotificationKind.CYCLE_NEXT_PLAN,
    ReminderKind.BUDDY_VISIT: NotificationKind.CYCLE_BUDDY_VISIT,
}


@dataclass(frozen=True)
class Due:
    meeting: Meeting
    kind: ReminderKind
    at: datetime.datetime


def _next_meetings(meetings: list[Meeting]) -> dict[int, Meeting | None]:
    """Each meeting's following meeting in its community, in one query."""
    following: dict[int, Meeting | None] = {}
    communities = {m.community_id for m in meetings}
    later = (
        Meeting.objects.scheduled()
        .filter(community_id__in=communities, starts_at__gt=min(m.starts_at for m in meetings))
        .order_by("starts_at", "pk")
    )
    by_community: dict[int, list[Meeting]] = {}
    for m in later:
        by_community.setdefault(m.community_id, []).append(m)
    for meeting in meetings:
        following[meeting.pk] = next(
            (
                m
                for m in by_community.get(meeting.community_id, [])
                if m.starts_at > meeting.starts_at
            ),
            None,
        )
    return following


def due_reminders(now: datetime.datetime | None = None) -> list[Due]:
    """The reminders whose moment has come (within LATE_ENOUGH) and which
    have not gone out."""
    now = now or clock.now()
    window = Q(starts_at__gt=now, starts_at__lte=now + WEEK_BEFORE) & Q(
        starts_at__gt=now + WEEK_BEFORE - LATE_ENOUGH
    )
    after = Q(starts_at__lte=now - DAY_AFTER, starts_at__gt=now - DAY_AFTER - LATE_ENOUGH)
    # Mid-cycle falls at most CYCLE_WITHOUT_NEXT / 2 … a long gap / 2 later;
    # meetings of the last few months are enough to look at.
    recent = Q(starts_at__lte=now, starts_at__gt=now - datetime.timedelta(days=120))
    # A cancelled meeting has no reminders, and is no meeting's "next".
    meetings = list(
        Meeting.objects.scheduled()
        .filter(community__live=True)
        .filter(window | after | recent)
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return []
    sent = set(ReminderSent.objects.filter(meeting__in=meetings).values_list("meeting_id", "kind"))
    following = _next_meetings(meetings)
    due = []
    for meeting in meetings:
        moments = {
            ReminderKind.UPDATE_PLAN: meeting.starts_at - WEEK_BEFORE,
            ReminderKind.NEXT_PLAN: meeting.starts_at + DAY_AFTER,
        }
        nxt = following[meeting.pk]
        gap = (nxt.starts_at - meeting.starts_at) if nxt else CYCLE_WITHOUT_NEXT
        moments[ReminderKind.BUDDY_VISIT] = meeting.starts_at + gap / 2
        for kind, at in moments.items():
            if at <= now < at + LATE_ENOUGH and (meeting.pk, kind.value) not in sent:
                due.append(Due(meeting=meeting, kind=kind, at=at))
    return due


def recipients(meeting: Meeting, kind: ReminderKind) -> set[int]:
    """Who each reminder is for: a week before, every active member; the
    day after, those who were there and have no open plan yet; mid-cycle,
    members of a buddy pair with no visit since the meeting."""
    community = meeting.community
    members = set(
        Membership.objects.active().filter(community=community).values_list("user_id", flat=True)
    )
    if kind == ReminderKind.UPDATE_PLAN:
        return members
    if kind == ReminderKind.NEXT_PLAN:
        planned = set(
            ActionPlan.objects.open()
            .filter(community=community)
            .values_list("author_id", flat=True)
        )
        return (attending_user_ids(meeting) & members) - planned
    pairs = BuddyPair.objects.filter(community=community, state=BuddyState.ACTIVE)
    visited = set(
        Observation.objects.filter(pair__in=pairs, created_at__gte=meeting.starts_at).values_list(
            "pair_id", flat=True
        )
    )
    people = set()
    for first, second, pk in pairs.values_list("first_id", "second_id", "pk"):
        if pk not in visited:
            people |= {first, second}
    return people & members


def _detail(meeting: Meeting, kind: ReminderKind) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "l j F, H:i")
    if kind == ReminderKind.UPDATE_PLAN:
        return f"{meeting.community.title} meets on {when}. How is your action plan going?"
    if kind == ReminderKind.NEXT_PLAN:
        return f"After the meeting of {when}: what will you try next, with which class?"
    return f"Halfway to the next meeting of {meeting.community.title}: arrange your buddy visit."


def send_reminder(due: Due) -> int:
    """Send one reminder, once: returns how many people were told (0 if
    another scheduler had sent it)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = ReminderSent.objects.create(meeting=due.meeting, kind=due.kind)
        except IntegrityError:
            return 0
        told = notify(
            kind=KINDS[due.kind],
            recipients=recipients(due.meeting, due.kind),
            community=due.meeting.community,
            detail=_detail(due.meeting, due.kind),
        )
        claim.recipients = len(told)
        claim.save(update_fields=["recipients"])
    return len(told)


def send_cycle_reminders(now: datetime.datetime | None = None) -> int:
    """Every reminder that is due, each once; returns how many people were told."""
    return sum(send_reminder(due) for due in due_reminders(now))
