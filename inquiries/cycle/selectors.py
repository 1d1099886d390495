"""Reads for the TLC cycle. Who may see a meeting follows its community
(`can_view_inside`); action plans are for the community's active members;
buddy notes are for the pair alone — not facilitators, not head teachers,
not site administrators."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from communities.models import CommunityPage, Membership
from communities.selectors import AnyUser, can_view_inside, is_active_member

from .models import (
    ActionPlan,
    AgendaPart,
    Attendance,
    BuddyPair,
    BuddyState,
    Meeting,
    MeetingNote,
    Observation,
    Rsvp,
)

PAST_MEETINGS_SHOWN = 6


def meetings_visible_to(user: AnyUser, community: CommunityPage) -> QuerySet:
    """The community's meetings, for those who may look inside it."""
    if not community.live or not can_view_inside(user, community):
        return Meeting.objects.none()
    return Meeting.objects.filter(community=community)


def _with_summary(meetings: QuerySet) -> QuerySet:
    return meetings.prefetch_related(
        Prefetch(
            "notes",
            queryset=MeetingNote.objects.filter(part=AgendaPart.SUMMARY),
            to_attr="summary_notes",
        )
    )


@dataclass
class CommunityMeetings:
    next: Meeting | None
    past: list[Meeting]


def community_meetings(
    *, user: AnyUser, community: CommunityPage, past: int = PAST_MEETINGS_SHOWN
) -> CommunityMeetings:
    """The next meeting and the last few, each past one with its summary —
    what the community page shows; a cancelled meeting is nobody's next
    one. Two queries."""
    meetings = meetings_visible_to(user, community)
    upcoming = meetings.scheduled().upcoming().first()
    recent = list(_with_summary(meetings.past())[:past])
    for meeting in recent:
        meeting.summary = meeting.summary_notes[0].body if meeting.summary_notes else ""
    return CommunityMeetings(next=upcoming, past=recent)


def meeting_notes(meeting: Meeting) -> list[tuple[AgendaPart, str]]:
    """The agenda in order, each part with its notes ("" where none yet)."""
    bodies = dict(meeting.notes.values_list("part", "body"))
    return [(part, bodies.get(part.value, "")) for part in AgendaPart]


def attendance_of(meeting: Meeting) -> dict[int, Attendance]:
    return {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}


def attending_user_ids(meeting: Meeting, attendance: dict[int, Attendance] | None = None) -> set:
    """Who is at the meeting: once a facilitator has recorded attendance,
    those recorded present; until then, those who said they would come."""
    rows = (attendance if attendance is not None else attendance_of(meeting)).values()
    recorded = [a for a in rows if a.attended is not None]
    if recorded:
        return {a.user_id for a in recorded if a.attended}
    return {a.user_id for a in rows if a.rsvp == Rsvp.YES}


def active_members(community: CommunityPage) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(community=community)
        .select_related("user__profile")
        .order_by("user__profile__display_name", "pk")
    )


def open_plans_of(
    *, community: CommunityPage, user_ids: set[int], brought_to: Meeting | None = None
) -> list[ActionPlan]:
    """The open plans of these members, by name: the "how's it going?"
    part of a meeting, prefilled — the plans brought to it (a plan written
    at the meeting itself is for the next one)."""
    plans = ActionPlan.objects.open().filter(community=community, author_id__in=user_ids)
    if brought_to is not None:
        plans = plans.exclude(written_at_meeting=brought_to)
    return list(
        plans.select_related("author__profile").order_by("author__profile__display_name", "pk")
    )


def reports_at(meeting: Meeting) -> list[ActionPlan]:
    """Plans closed with a report at this meeting."""
    return list(
        ActionPlan.objects.closed()
        .filter(closed_at_meeting=meeting)
        .select_related("author__profile")
        .order_by("author__profile__display_name", "pk")
    )


def open_plan_for(user: AnyUser, community: CommunityPage) -> ActionPlan | None:
    if not user.is_authenticated:
        return None
    return ActionPlan.objects.open().filter(community=community, author=user).first()


def plans_of(*, person: AnyUser, viewer: AnyUser) -> list[ActionPlan]:
    """A member's plans and reports, newest first — the thread through their
    portfolio. Plans are for their communities' members: a viewer sees those
    from communities they are an active member of (the person sees all of
    their own)."""
    plans = ActionPlan.objects.filter(author=person, community__live=True)
    if not viewer.is_authenticated:
        return []
    if viewer.pk != person.pk:
        mine = Membership.objects.active().filter(user=viewer).values("community_id")
        plans = plans.filter(community__in=mine)
    return list(plans.select_related("community", "reflection").order_by("-created_at", "-pk"))


# --------------------------------------------------------------------------- #
# Buddies: the pair alone
# --------------------------------------------------------------------------- #


def pairs_of(user: AnyUser, community: CommunityPage) -> list[BuddyPair]:
    """This member's buddy pairs (proposed or agreed, not ended) in the community."""
    if not user.is_authenticated or not is_active_member(user, community):
        return []
    return list(
        BuddyPair.objects.filter(community=community)
        .exclude(state=BuddyState.ENDED)
        .filter(Q(first=user) | Q(second=user))
        .select_related("first__profile", "second__profile", "proposed_by")
        .order_by("pk")
    )


def active_pairs(community: CommunityPage) -> list[BuddyPair]:
    """Who is paired with whom — for the facilitators pairing members; no
    observation, focus or note comes with it."""
    return list(
        BuddyPair.objects.filter(community=community, state=BuddyState.ACTIVE)
        .select_related("first__profile", "second__profile")
        .order_by("pk")
    )


def observations_for(user: AnyUser, pair: BuddyPair) -> list[Observation]:
    """The pair's visits and notes, for the two of them only."""
    if not user.is_authenticated or not pair.includes(user.pk) or not pair.is_active:
        return []
    return list(pair.observations.select_related("plan", "observer__profile", "observed__profile"))


def observation_for(user: AnyUser, observation_id: int) -> Observation | None:
    """One observation, if this person is in its pair (else None: to anyone
    else it does not exist)."""
    if not user.is_authenticated:
        return None
    return (
        Observation.objects.filter(pk=observation_id, pair__state=BuddyState.ACTIVE)
        .filter(Q(pair__first=user) | Q(pair__second=user))
        .select_related("pair__community", "plan", "observer__profile", "observed__profile")
        .first()
    )
