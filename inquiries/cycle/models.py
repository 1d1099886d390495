"""The TLC cycle's rows: meetings and their agenda notes, who comes, action
plans, buddy pairs and their observations, calendar links, reminders sent."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from communities import clock


class AgendaPart(models.TextChoices):
    """Wiliam and Leahy's TLC agenda, in its order."""

    INTRODUCTION = "introduction", "Introduction"
    STARTER = "starter", "Starter activity"
    HOWS_IT_GOING = "hows_it_going", "How's it going?"
    NEW_LEARNING = "new_learning", "New learning"
    ACTION_PLANNING = "action_planning", "Personal action planning"
    SUMMARY = "summary", "Summary"

    @property
    def order(self) -> int:
        return list(AgendaPart).index(self)


class MeetingQuerySet(models.QuerySet):
    def scheduled(self):
        """Meetings that will happen (or did): not cancelled."""
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self):
        return self.filter(starts_at__gte=clock.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(starts_at__lt=clock.now()).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    """One monthly meeting of a community (75–90 minutes), in a room or by
    video. A repeating schedule is simply several meetings made at once."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=200, blank=True)
    video_url = models.URLField("Video link", max_length=500, blank=True)
    # Stable identity in every calendar a member subscribed with (RFC 5545 UID).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    # A cancelled meeting keeps its row: subscribed calendars learn of the
    # cancellation only from the same UID with STATUS:CANCELLED.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # RFC 5545 SEQUENCE: every change a calendar must take over (a new time,
    # place, link, or the cancellation) counts one up, so it replaces the
    # copy it has rather than keeping it.
    sequence = models.PositiveIntegerField(default=0)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting of {self.community_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.starts_at < clock.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class MeetingNote(models.Model):
    """The notes a facilitator keeps for one part of a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    part = models.CharField(max_length=20, choices=AgendaPart.choices)
    body = models.TextField(max_length=4000, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "part"], name="one_note_per_agenda_part")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.part}"


class Rsvp(models.TextChoices):
    YES = "yes", "I'll be there"
    NO = "no", "I can't come"


class Attendance(models.Model):
    """One member and one meeting: whether they said they would come, and
    — once a facilitator has recorded it — whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rsvp = models.CharField(max_length=8, choices=Rsvp.choices, blank=True)
    attended = models.BooleanField(null=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.meeting_id}: {self.rsvp or '-'} / {self.attended}"


class PlanState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed with a report"


class ActionPlanQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PlanState.OPEN)

    def closed(self):
        return self.filter(state=PlanState.CLOSED)


class ActionPlan(models.Model):
    """A member's personal action plan for one cycle: the technique they will
    try, with which class, and what evidence they will look at. At the next
    meeting's "how's it going?" they close it with a short report — what
    happened, what they will keep or change — and write the next one."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="action_plans"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_plans"
    )
    technique = models.CharField("The technique I will try", max_length=300)
    class_name = models.CharField("With which class", max_length=120)
    evidence = models.CharField("The evidence I will look at", max_length=500)
    state = models.CharField(max_length=8, choices=PlanState.choices, default=PlanState.OPEN)
    written_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # The report that closed it.
    what_happened = models.TextField(max_length=3000, blank=True)
    keep_or_change = models.TextField("What I will keep or change", max_length=3000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the report went on to, in one step: a draft reflection, or an
    # update of the member's inquiry.
    reflection = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inquiry = models.ForeignKey(
        "inquiries.InquiryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "community"],
                condition=Q(state="open"),
                name="one_open_action_plan_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_id} in {self.community_id}: {self.technique[:40]}"

    @property
    def is_open(self) -> bool:
        return self.state == PlanState.OPEN

    @property
    def report_text(self) -> str:
        return (
            f"What I tried: {self.technique} (with {self.class_name}).\n\n"
            f"What happened: {self.what_happened}\n\n"
            f"What I will keep or change: {self.keep_or_change}"
        )


class BuddyState(models.TextChoices):
    PROPOSED = "proposed", "Proposed, waiting for the other teacher"
    ACTIVE = "active", "Buddies"
    ENDED = "ended", "No longer buddies"


class BuddyPair(models.Model):
    """Two members of a community who observe each other's lessons. A
    facilitator pairs them, or one proposes and the other agrees. `first`
    is always the lower user id, so a pair exists once — while it lasts: an
    ended pair keeps its row (and its visits), and the two may pair again."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="buddy_pairs"
    )
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=BuddyState.choices, default=BuddyState.ACTIVE)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "first", "second"],
                condition=~Q(state="ended"),
                name="one_buddy_pair_per_two_people",
            ),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="buddy_order"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} & {self.second_id} in {self.community_id}"

    @property
    def is_active(self) -> bool:
        return self.state == BuddyState.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.state == BuddyState.ENDED

    def includes(self, user_id: int | None) -> bool:
        return user_id in (self.first_id, self.second_id)

    def other(self, user_id: int) -> int:
        return self.second_id if user_id == self.first_id else self.first_id


class Observation(models.Model):
    """One buddy visit: `observer` watches `observed` teach, looking at a
    focus tied to the observed teacher's action plan. The notes are the
    pair's alone — no facilitator, head teacher or administrator reads them."""

    pair = models.ForeignKey(BuddyPair, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    observed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    focus = models.CharField(max_length=300)
    visit_at = models.DateTimeField()
    notes = models.TextField(max_length=4000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    moved_to_inquiry = models.ForeignKey(
        "inquiries.InquiryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-visit_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.observer_id} observes {self.observed_id} ({self.pair_id})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


def _calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarLink(models.Model):
    """A member's personal, secret address for a community's meeting
    calendar. Resetting it makes a new secret; the old address stops at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    secret = models.CharField(max_length=64, unique=True, default=_calendar_secret)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_calendar_link")
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.community_id} for {self.user_id}"


class ReminderKind(models.TextChoices):
    UPDATE_PLAN = "update_plan", "A week before: update your action plan"
    NEXT_PLAN = "next_plan", "The day after: write your next plan"
    BUDDY_VISIT = "buddy_visit", "Mid-cycle: your buddy visit"


class ReminderSent(models.Model):
    """A reminder of one kind for one meeting has gone out. The unique row is
    how several schedulers running at once send it exactly once: the one
    that inserts it sends; the others find it there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=clock.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="one_reminder_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.meeting_id}"
