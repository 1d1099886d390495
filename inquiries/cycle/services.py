"""Writes for the TLC cycle, each keyword-only, typed, atomic and checked
against the same rights the pages' buttons are drawn from.

Facilitators schedule meetings, keep the agenda's notes and record who came;
members say whether they will come, keep one open action plan each and close
it with a report; buddies schedule visits and keep notes that are theirs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone

from blog.services import notify, reflection_draft_create
from communities import clock, ledger
from communities.models import CommunityPage, Membership, NotificationKind, Verb
from communities.selectors import (
    AnyUser,
    can_facilitate,
    can_view_inside,
    is_active_member,
)

from ..models import InquiryPage, InquiryUpdate
from ..selectors import can_act_as_inquirer
from .models import (
    ActionPlan,
    AgendaPart,
    Attendance,
    BuddyPair,
    BuddyState,
    CalendarLink,
    Meeting,
    MeetingNote,
    Observation,
    PlanState,
    ReminderSent,
    Rsvp,
)

MAX_OCCURRENCES = 12


class CycleError(ValidationError):
    pass


# --------------------------------------------------------------------------- #
# Rights: what one person may do with one meeting
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class MeetingRights:
    can_view: bool
    is_member: bool
    can_facilitate: bool
    is_past: bool
    is_cancelled: bool = False

    @property
    def can_schedule(self) -> bool:
        return self.can_facilitate

    @property
    def can_change(self) -> bool:
        """Move, re-place or cancel a meeting: before it starts, once."""
        return self.can_facilitate and not self.is_past and not self.is_cancelled

    @property
    def can_edit_notes(self) -> bool:
        return self.can_facilitate and not self.is_cancelled

    @property
    def can_record_attendance(self) -> bool:
        return self.can_facilitate and self.is_past and not self.is_cancelled

    @property
    def can_rsvp(self) -> bool:
        return self.is_member and not self.is_past and not self.is_cancelled

    @property
    def can_see_plans(self) -> bool:
        """Action plans are for the community's members (and facilitators)."""
        return self.is_member

    @property
    def can_write_plan(self) -> bool:
        return self.is_member


def community_rights(*, user: AnyUser, community: CommunityPage) -> MeetingRights:
    """The rights that do not depend on one meeting (scheduling, plans)."""
    return MeetingRights(
        can_view=community.live and can_view_inside(user, community),
        is_member=community.live and is_active_member(user, community),
        can_facilitate=community.live and can_facilitate(user, community),
        is_past=False,
    )


def meeting_rights(*, user: AnyUser, meeting: Meeting) -> MeetingRights:
    base = community_rights(user=user, community=meeting.community)
    return MeetingRights(
        can_view=base.can_view,
        is_member=base.is_member,
        can_facilitate=base.can_facilitate,
        is_past=meeting.is_past,
        is_cancelled=meeting.is_cancelled,
    )


# --------------------------------------------------------------------------- #
# Meetings
# --------------------------------------------------------------------------- #


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    """The nth (1–4, or -1 for the last) given weekday of a month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    if nth > 0:
        day = first + datetime.timedelta(days=offset + 7 * (nth - 1))
        return day if day.month == month else None
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def monthly_rule(day: datetime.date) -> tuple[int, int]:
    """The rule a first date implies: (weekday, nth) — "the first Tuesday".
    A date in a month's last seven days past the fourth is "the last"."""
    nth = (day.day - 1) // 7 + 1
    return day.weekday(), (-1 if nth == 5 else nth)


ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def describe_rule(day: datetime.date) -> str:
    weekday, nth = monthly_rule(day)
    return f"the {ORDINALS[nth]} {WEEKDAYS[weekday]} of the month"


def occurrences(first: datetime.date, count: int) -> list[datetime.date]:
    """`count` monthly dates by the rule the first date implies ("the first
    Tuesday of the month"), starting with it."""
    weekday, nth = monthly_rule(first)
    dates, year, month = [], first.year, first.month
    while len(dates) < count:
        day = nth_weekday(year, month, weekday, nth)
        if day is not None and day >= first:
            dates.append(day)
        year, month = year + month // 12, month % 12 + 1
    return dates


@transaction.atomic
def meeting_schedule(
    *,
    user: AbstractBaseUser,
    community: CommunityPage,
    day: datetime.date,
    time: datetime.time,
    duration_minutes: int = 90,
    place: str = "",
    video_url: str = "",
    repeat_monthly: bool = False,
    count: int = 1,
) -> list[Meeting]:
    """Schedule a meeting — or, repeating, `count` of them by the monthly
    rule the first date implies — in the site's time zone."""
    if not community_rights(user=user, community=community).can_schedule:
        raise PermissionDenied
    if not place.strip() and not video_url.strip():
        raise CycleError("Say where the meeting is: a place, or a video link.", code="where")
    count = max(1, min(count if repeat_monthly else 1, MAX_OCCURRENCES))
    now = clock.now()
    meetings = []
    for date in occurrences(day, count):
        starts_at = _starts_at(date, time)
        meetings.append(
            Meeting(
                community=community,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                place=place.strip()[:200],
                video_url=video_url.strip(),
                created_by=user,
                created_at=now,
                updated_at=now,
            )
        )
    return Meeting.objects.bulk_create(meetings)


def _starts_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i")


def _where(meeting: Meeting) -> str:
    return meeting.place or ("by video" if meeting.video_url else "")


def _locked_changeable(user: AbstractBaseUser, meeting: Meeting) -> Meeting:
    """The meeting, locked, if this person may still change it: facilitators
    only (anyone else is refused), and only before it starts and while it is
    not cancelled (a facilitator is told why not)."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    rights = meeting_rights(user=user, meeting=meeting)
    if not rights.can_facilitate:
        raise PermissionDenied
    if not rights.can_change:
        raise CycleError(change_refusal(rights), code="unchangeable")
    return meeting


def change_refusal(rights: MeetingRights) -> str:
    """Why a facilitator may not change or cancel this meeting ("" if they may)."""
    if rights.is_cancelled:
        return "This meeting is cancelled: it can no longer be changed."
    if rights.is_past:
        return "This meeting has started or is over: it can no longer be changed or cancelled."
    return ""


def _tell_members(
    meeting: Meeting, *, kind: NotificationKind, actor: AbstractBaseUser, detail: str
) -> None:
    members = Membership.objects.active().filter(community=meeting.community)
    notify(
        kind=kind,
        recipients=members.values_list("user_id", flat=True),
        community=meeting.community,
        actor=actor,
        detail=detail,
        target=f"inquiries.meeting:{meeting.pk}",
    )


@transaction.atomic
def meeting_change(
    *,
    user: AbstractBaseUser,
    meeting: Meeting,
    day: datetime.date,
    time: datetime.time,
    duration_minutes: int,
    place: str = "",
    video_url: str = "",
) -> Meeting:
    """A facilitator moves an upcoming meeting, or changes its length, place
    or video link. Calendars take the change over (SEQUENCE and
    LAST-MODIFIED move on); the members are told. Nothing changed, nothing
    happens."""
    meeting = _locked_changeable(user, meeting)
    place, video_url = place.strip()[:200], video_url.strip()
    if not place and not video_url:
        raise CycleError("Say where the meeting is: a place, or a video link.", code="where")
    starts_at = _starts_at(day, time)
    if starts_at < clock.now():
        raise CycleError("Choose a date and time still to come.", code="past")
    new = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "place": place,
        "video_url": video_url,
    }
    changed = [name for name, value in new.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    if "starts_at" in changed:
        # Reminders follow the calendar: the week-before reminder is due
        # again for the new date.
        ReminderSent.objects.filter(meeting=meeting).delete()
    was = _when(meeting)
    for name, value in new.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.updated_at = clock.now()
    meeting.save(update_fields=[*changed, "sequence", "updated_at"])
    detail = f"The meeting of {was} is now on {_when(meeting)}"
    detail += f", {_where(meeting)}." if _where(meeting) else "."
    _tell_members(meeting, kind=NotificationKind.MEETING_CHANGED, actor=user, detail=detail)
    return meeting


@transaction.atomic
def meeting_cancel(*, user: AbstractBaseUser, meeting: Meeting, reason: str = "") -> Meeting:
    """A facilitator cancels an upcoming meeting. Its row stays — with its
    UID, so calendars mark the event cancelled rather than keep it — and
    the members are told, with the reason if one was given."""
    meeting = _locked_changeable(user, meeting)
    now = clock.now()
    meeting.cancelled_at = now
    meeting.cancel_reason = reason.strip()[:500]
    meeting.sequence += 1
    meeting.updated_at = now
    meeting.save(update_fields=["cancelled_at", "cancel_reason", "sequence", "updated_at"])
    detail = f"The meeting of {_when(meeting)} will not take place."
    if meeting.cancel_reason:
        detail += f" {meeting.cancel_reason}"
    _tell_members(meeting, kind=NotificationKind.MEETING_CANCELLED, actor=user, detail=detail)
    return meeting


@transaction.atomic
def meeting_note_set(
    *, user: AbstractBaseUser, meeting: Meeting, part: str, body: str
) -> MeetingNote:
    if not meeting_rights(user=user, meeting=meeting).can_edit_notes:
        raise PermissionDenied
    if part not in AgendaPart.values:
        raise CycleError("Choose a part of the agenda.", code="part")
    note, _ = MeetingNote.objects.update_or_create(
        meeting=meeting,
        part=part,
        defaults={"body": body.strip()[:4000], "updated_at": clock.now()},
    )
    return note


@transaction.atomic
def meeting_rsvp(*, user: AbstractBaseUser, meeting: Meeting, rsvp: str) -> Attendance:
    if not meeting_rights(user=user, meeting=meeting).can_rsvp:
        raise PermissionDenied
    if rsvp not in Rsvp.values:
        raise CycleError("Say whether you will come.", code="rsvp")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"rsvp": rsvp, "updated_at": clock.now()}
    )
    return attendance


@transaction.atomic
def attendance_record(*, user: AbstractBaseUser, meeting: Meeting, present: set[int]) -> set[int]:
    """A facilitator records who came, from the community's active members.
    Each person's first "present" is a ledger row; marking someone absent
    after all writes a row of its own (history is never edited)."""
    if not meeting_rights(user=user, meeting=meeting).can_record_attendance:
        raise PermissionDenied
    community = meeting.community
    members = {
        m.user_id: m.user
        for m in Membership.objects.active().filter(community=community).select_related("user")
    }
    present = {pk for pk in present if pk in members}
    existing = {
        a.user_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)
    }
    now = clock.now()
    for user_id, person in members.items():
        came = user_id in present
        row = existing.get(user_id)
        was = row.attended if row else None
        if row is None:
            row = Attendance.objects.create(
                meeting=meeting, user_id=user_id, attended=came, updated_at=now
            )
        elif was != came:
            row.attended = came
            row.updated_at = now
            row.save(update_fields=["attended", "updated_at"])
        if came and was is not True:
            ledger.record(
                actor=person,
                verb=Verb.ATTENDED_MEETING,
                community=community,
                target=f"inquiries.meeting:{meeting.pk}",
            )
        elif was is True and not came:
            ledger.record(
                actor=person,
                verb=Verb.ATTENDANCE_CORRECTED,
                community=community,
                target=f"inquiries.meeting:{meeting.pk}",
            )
    return present


# --------------------------------------------------------------------------- #
# Action plans
# --------------------------------------------------------------------------- #


def _check_plan_fields(**fields: str) -> dict[str, str]:
    cleaned = {name: value.strip() for name, value in fields.items()}
    missing = [name for name, value in cleaned.items() if not value]
    if missing:
        raise CycleError(
            "Say the technique you will try, with which class, and what evidence you will look at.",
            code="plan",
        )
    return cleaned


@transaction.atomic
def action_plan_write(
    *,
    user: AbstractBaseUser,
    community: CommunityPage,
    technique: str,
    class_name: str,
    evidence: str,
    meeting: Meeting | None = None,
) -> ActionPlan:
    """A member's plan for the next cycle. One open plan per member per
    community: the last one is closed with a report first."""
    if not community_rights(user=user, community=community).can_write_plan:
        raise PermissionDenied
    if meeting is not None and meeting.community_id != community.pk:
        raise PermissionDenied
    fields = _check_plan_fields(technique=technique, class_name=class_name, evidence=evidence)
    if ActionPlan.objects.open().filter(author=user, community=community).exists():
        raise CycleError(
            "You have an open action plan here already: close it with a short report first.",
            code="open",
        )
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(
                community=community,
                author=user,
                technique=fields["technique"][:300],
                class_name=fields["class_name"][:120],
                evidence=fields["evidence"][:500],
                written_at_meeting=meeting,
            )
    except IntegrityError as exc:  # a second tab, a resent form
        raise CycleError("You have an open action plan here already.", code="open") from exc
    ledger.record(
        actor=user,
        verb=Verb.WROTE_ACTION_PLAN,
        community=community,
        target=f"inquiries.actionplan:{plan.pk}",
    )
    return plan


@transaction.atomic
def action_plan_close(
    *,
    user: AbstractBaseUser,
    plan: ActionPlan,
    what_happened: str,
    keep_or_change: str,
    meeting: Meeting | None = None,
) -> ActionPlan:
    """Close one's own open plan with a short report (at a meeting's "how's
    it going?", or any time)."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if (
        plan.author_id != user.pk
        or not community_rights(user=user, community=plan.community).is_member
    ):
        raise PermissionDenied
    if meeting is not None and meeting.community_id != plan.community_id:
        raise PermissionDenied
    if not plan.is_open:
        raise CycleError("This plan is already closed with its report.", code="closed")
    if not what_happened.strip() or not keep_or_change.strip():
        raise CycleError("Say what happened, and what you will keep or change.", code="report")
    plan.what_happened = what_happened.strip()[:3000]
    plan.keep_or_change = keep_or_change.strip()[:3000]
    plan.state = PlanState.CLOSED
    plan.closed_at = clock.now()
    plan.closed_at_meeting = meeting
    plan.save()
    ledger.record(
        actor=user,
        verb=Verb.CLOSED_ACTION_PLAN,
        community=plan.community,
        target=f"inquiries.actionplan:{plan.pk}",
    )
    return plan


def _own_closed_plan(user: AbstractBaseUser, plan: ActionPlan) -> ActionPlan:
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.author_id != user.pk or not is_active_member(user, plan.community):
        raise PermissionDenied
    if plan.is_open:
        raise CycleError("Close the plan with its report first.", code="open")
    return plan


@transaction.atomic
def action_plan_to_reflection(*, user: AbstractBaseUser, plan: ActionPlan):
    """The report, as a draft reflection for the member to finish and
    publish — once."""
    plan = _own_closed_plan(user, plan)
    if plan.reflection_id:
        raise CycleError("This report is a reflection already.", code="done")
    page = reflection_draft_create(
        author=user,
        community=plan.community,
        title=f"What happened when I tried {plan.technique}"[:255],
        summary=plan.what_happened[:300],
        paragraphs=[
            f"This cycle I tried {plan.technique} with {plan.class_name}, looking at "
            f"{plan.evidence}.",
            plan.what_happened,
            f"What I will keep or change: {plan.keep_or_change}",
        ],
    )
    plan.reflection = page
    plan.save(update_fields=["reflection"])
    return page


def inquiries_for_updates(user: AnyUser, community: CommunityPage) -> list[InquiryPage]:
    """The member's live inquiries in this community, which a report or a
    buddy's note may go into."""
    if not user.is_authenticated:
        return []
    return list(
        InquiryPage.objects.live()
        .descendant_of(community)
        .filter(Q(owner=user) | Q(co_inquirers=user))
        .distinct()
        .order_by("title")
    )


def _inquiry_for(user: AbstractBaseUser, inquiry_id: int, community: CommunityPage) -> InquiryPage:
    inquiry = InquiryPage.objects.live().descendant_of(community).filter(pk=inquiry_id).first()
    if inquiry is None or not can_act_as_inquirer(user, inquiry):
        raise PermissionDenied
    return inquiry


@transaction.atomic
def action_plan_to_inquiry(
    *, user: AbstractBaseUser, plan: ActionPlan, inquiry_id: int
) -> InquiryUpdate:
    """The report, as a dated entry in the log of one of the member's
    inquiries in the same community — once."""
    plan = _own_closed_plan(user, plan)
    if plan.inquiry_id:
        raise CycleError("This report is in your inquiry already.", code="done")
    inquiry = _inquiry_for(user, inquiry_id, plan.community)
    update = InquiryUpdate.objects.create(
        inquiry=inquiry,
        author=user,
        kind=InquiryUpdate.Kind.ACTION_PLAN,
        note=plan.report_text[:2000],
    )
    plan.inquiry = inquiry
    plan.save(update_fields=["inquiry"])
    return update


# --------------------------------------------------------------------------- #
# Calendar links
# --------------------------------------------------------------------------- #


def calendar_link_for(*, user: AbstractBaseUser, community: CommunityPage) -> CalendarLink:
    if not community_rights(user=user, community=community).is_member:
        raise PermissionDenied
    link, _ = CalendarLink.objects.get_or_create(user=user, community=community)
    return link


@transaction.atomic
def calendar_link_reset(*, user: AbstractBaseUser, community: CommunityPage) -> CalendarLink:
    """A new secret; the old address answers nothing from now on."""
    if not community_rights(user=user, community=community).is_member:
        raise PermissionDenied
    CalendarLink.objects.filter(user=user, community=community).delete()
    return CalendarLink.objects.create(user=user, community=community)


# --------------------------------------------------------------------------- #
# Buddies
# --------------------------------------------------------------------------- #


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transaction.atomic
def buddy_pair(
    *, user: AbstractBaseUser, community: CommunityPage, first_id: int, second_id: int
) -> BuddyPair:
    """A facilitator pairs two active members as buddies, at once; a member
    pairing themselves with a colleague proposes it, and the colleague agrees
    (or the colleague had proposed it already, which is agreement)."""
    rights = community_rights(user=user, community=community)
    facilitating = rights.can_facilitate and user.pk not in (first_id, second_id)
    if not facilitating and not (rights.is_member and user.pk in (first_id, second_id)):
        raise PermissionDenied
    if first_id == second_id:
        raise CycleError("Choose two different people.", code="same")
    members = set(
        Membership.objects.active()
        .filter(community=community, user_id__in=[first_id, second_id])
        .values_list("user_id", flat=True)
    )
    if members != {first_id, second_id}:
        raise CycleError("Both buddies must be members of the community.", code="member")
    first, second = _ordered(first_id, second_id)
    # An ended pair stays as history; pairing the two again is a new pair.
    current = BuddyPair.objects.exclude(state=BuddyState.ENDED)
    pair = (
        current.select_for_update()
        .filter(community=community, first_id=first, second_id=second)
        .first()
    )
    if pair is None:
        try:
            with transaction.atomic():
                return BuddyPair.objects.create(
                    community=community,
                    first_id=first,
                    second_id=second,
                    state=BuddyState.ACTIVE if facilitating else BuddyState.PROPOSED,
                    proposed_by=user,
                )
        except IntegrityError:
            pair = current.select_for_update().get(
                community=community, first_id=first, second_id=second
            )
    if not pair.is_active and (facilitating or pair.proposed_by_id != user.pk):
        pair.state = BuddyState.ACTIVE
        pair.save(update_fields=["state"])
    return pair


@transaction.atomic
def buddy_accept(*, user: AbstractBaseUser, pair: BuddyPair) -> BuddyPair:
    pair = BuddyPair.objects.select_for_update().get(pk=pair.pk)
    if not pair.includes(user.pk) or not is_active_member(user, pair.community):
        raise PermissionDenied
    if pair.is_ended:
        raise CycleError("This pairing has ended.", code="ended")
    if pair.proposed_by_id == user.pk and not pair.is_active:
        raise CycleError("Your colleague has still to agree.", code="waiting")
    if not pair.is_active:
        pair.state = BuddyState.ACTIVE
        pair.save(update_fields=["state"])
    return pair


def can_end_pair(user: AnyUser, pair: BuddyPair) -> bool:
    """Either buddy may end a pairing (agreed or still proposed), and so may
    the community's facilitators, who pair people."""
    if not user.is_authenticated or pair.is_ended:
        return False
    rights = community_rights(user=user, community=pair.community)
    return rights.can_facilitate or (rights.is_member and pair.includes(user.pk))


@transaction.atomic
def buddy_end(*, user: AbstractBaseUser, pair: BuddyPair) -> BuddyPair:
    """End a pairing. The row stays, and so do the visits and notes already
    written; mid-cycle reminders no longer count the pair, and the two may
    pair again — with others or each other. The buddy who did not end it
    (both, when a facilitator does) is told."""
    pair = BuddyPair.objects.select_for_update().select_related("community").get(pk=pair.pk)
    if pair.is_ended:
        raise CycleError("This pairing has ended already.", code="ended")
    if not can_end_pair(user, pair):
        raise PermissionDenied
    pair.state = BuddyState.ENDED
    pair.ended_at = clock.now()
    pair.ended_by = user
    pair.save(update_fields=["state", "ended_at", "ended_by"])
    notify(
        kind=NotificationKind.BUDDY_PAIR_ENDED,
        recipients=[pair.first_id, pair.second_id],
        community=pair.community,
        actor=user,
        target=f"inquiries.buddypair:{pair.pk}",
    )
    return pair


@transaction.atomic
def observation_schedule(
    *,
    user: AbstractBaseUser,
    pair: BuddyPair,
    observed_id: int,
    focus: str,
    visit_at: datetime.datetime,
) -> Observation:
    """The pair agrees a visit: one observes the other, looking at a focus
    tied to the observed teacher's open action plan."""
    if not pair.is_active or not pair.includes(user.pk):
        raise PermissionDenied
    if not is_active_member(user, pair.community) or not pair.includes(observed_id):
        raise PermissionDenied
    focus = focus.strip()
    plan = ActionPlan.objects.open().filter(author_id=observed_id, community=pair.community).first()
    if not focus and plan is not None:
        focus = plan.technique
    if not focus:
        raise CycleError("Agree what the visit looks at.", code="focus")
    return Observation.objects.create(
        pair=pair,
        observer_id=pair.other(observed_id),
        observed_id=observed_id,
        plan=plan,
        focus=focus[:300],
        visit_at=visit_at,
    )


@transaction.atomic
def observation_notes(
    *, user: AbstractBaseUser, observation: Observation, notes: str, completed: bool = False
) -> Observation:
    """Either buddy keeps the visit's notes; marking it done (once) is a
    ledger row from the observer to the observed teacher — with no word of
    the notes in it."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    pair = observation.pair
    if not pair.is_active or not pair.includes(user.pk):
        raise PermissionDenied
    if not is_active_member(user, pair.community):
        raise PermissionDenied
    observation.notes = notes.strip()[:4000]
    fields = ["notes"]
    if completed and observation.completed_at is None:
        observation.completed_at = clock.now()
        fields.append("completed_at")
        ledger.record(
            actor=observation.observer,
            verb=Verb.BUDDY_OBSERVED,
            community=pair.community,
            recipient=observation.observed,
            target=f"inquiries.observation:{observation.pk}",
        )
    observation.save(update_fields=fields)
    return observation


@transaction.atomic
def observation_to_inquiry(
    *, user: AbstractBaseUser, observation: Observation, inquiry_id: int
) -> InquiryPage:
    """The observed teacher moves the notes into one of their inquiries as an
    observation note of evidence: into its latest draft, for them to publish
    from the editor (so review and trust apply as to any edit)."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.observed_id != user.pk or not observation.pair.is_active:
        raise PermissionDenied
    if not observation.notes.strip():
        raise CycleError("There are no notes to move yet.", code="empty")
    if observation.moved_to_inquiry_id:
        raise CycleError("These notes are in your inquiry already.", code="done")
    inquiry = _inquiry_for(user, inquiry_id, observation.pair.community)
    draft = inquiry.get_latest_revision_as_object()
    draft.evidence.append(
        (
            "observation",
            {
                "date": timezone.localdate(observation.visit_at),
                "note": f"Buddy observation ({observation.focus}): {observation.notes}",
            },
        )
    )
    draft.save_revision(user=user)
    observation.moved_to_inquiry = inquiry
    observation.save(update_fields=["moved_to_inquiry"])
    return inquiry
