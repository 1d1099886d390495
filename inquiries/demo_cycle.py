"""The demo's TLC cycle: in every community, three past monthly meetings
(first Tuesday, 4pm) with the agenda's notes, RSVPs and attendance; each
member's action plans written, reported back on and written again; buddy
pairs with their visits; and the next meetings scheduled. Everything goes
through the services at the time it happened (communities.clock). Idempotent:
a community with meetings already is left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from communities import clock
from communities.models import CommunityPage, Membership

from .cycle import selectors, services
from .cycle.models import AgendaPart, Meeting, Rsvp

PAST_MEETINGS = 3
FUTURE_MEETINGS = 3
MOST_MEMBERS = 10

TECHNIQUES = [
    ("Hinge questions before moving on", "a tally of right answers per hinge question"),
    ("Mini-whiteboards for every student", "photos of the whiteboards at the hinge point"),
    ("Exit tickets sorted into three piles", "the piles, counted each lesson"),
    ("No hands up, names from lolly sticks", "who answered, tallied over a week"),
    ("Five seconds of wait time", "how many students answer, and how long their answers are"),
    ("Success criteria written with the class", "three students' books, before and after"),
    ("Two stars and a wish peer feedback", "the feedback slips, and what changed in drafts"),
    ("Traffic-light cups during practice", "when reds go up, and what I did about it"),
]
CLASSES = ["9X2", "Year 7 set 3", "Year 4", "10B", "Year 11 English", "Year 8 science"]
REPORTS = [
    (
        "By the second week most of the class answered the hinge question without looking round; "
        "three students still copied their neighbour.",
        "Keep it; ask it two minutes earlier so there is time to re-teach.",
    ),
    (
        "It took a fortnight to become routine. Quieter students answered more once it was normal.",
        "Keep the routine; change the questions — mine were too easy to guess.",
    ),
    (
        "Sorting the tickets took five minutes a lesson but told me exactly who to see first.",
        "Keep; sort only into two piles on busy days.",
    ),
    (
        "The class found it awkward at first and then stopped noticing. Answers got longer.",
        "Keep, and add a 'phone a friend' so nobody freezes.",
    ),
]
NOTES = {
    AgendaPart.INTRODUCTION: "Welcome, apologies, and this month's aim: checking for understanding before moving on.",
    AgendaPart.STARTER: "Two minutes each: one moment this month when a student surprised you.",
    AgendaPart.HOWS_IT_GOING: "Everyone reported back in pairs, then one highlight each to the group.",
    AgendaPart.NEW_LEARNING: "Read and discussed the chapter on hinge questions; watched a six-minute clip.",
    AgendaPart.ACTION_PLANNING: "Everyone wrote their plan for next month; buddies agreed their visits.",
}
SUMMARIES = [
    "We agreed on one technique each for the term and paired up as buddies. Next time: the first reports back.",
    "Mini-whiteboards and hinge questions are working for most of us; the sticking point is what to do with the wrong answers. Next time: planning the re-teach.",
    "Re-teaching in the moment works when the hinge question has one tempting wrong answer. Buddy visits helped: two of us changed our questions after them.",
    "Exit tickets are the favourite this month — quick to sort, and they tell you who to see first. Next time: bring three tickets that surprised you.",
]
VISIT_NOTES = [
    "Asked the hinge question at 23 minutes. Eleven of fourteen boards right; the three wrong all chose the same distractor. You re-grouped them at once — worth keeping.",
    "Waited a full five seconds four times out of six. Answers got longer; two students who never speak answered. The sixth time you rescued the silence after two seconds.",
    "Exit tickets sorted while the class packed up: the 'not yet' pile was four students, and you had them first thing next lesson. Quick and it worked.",
    "Lolly sticks made it safe: nobody was picked twice, and the quiet row answered. One student passed — the 'phone a friend' idea would help there.",
]


def _first_tuesday_months_ago(today: datetime.date, months: int) -> datetime.date:
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return services.nth_weekday(year, month, 1, 1)


def _moment(meeting: Meeting, **delta) -> datetime.datetime:
    return meeting.starts_at + datetime.timedelta(**delta)


@transaction.atomic
def _seed_community(community: CommunityPage) -> None:
    memberships = list(
        Membership.objects.active()
        .filter(community=community)
        .select_related("user__profile")
        .order_by("-role", "user__profile__display_name", "pk")
    )
    facilitators = [m.user for m in memberships if m.is_facilitator]
    if not facilitators or len(memberships) < 2:
        return
    facilitator = facilitators[0]
    memberships = memberships[:MOST_MEMBERS]
    people = [m.user for m in memberships]
    joined = {m.user_id: m.joined_at or m.created_at for m in memberships}
    today = clock.today()
    start = _first_tuesday_months_ago(today, PAST_MEETINGS)
    founded = community.first_published_at or clock.now()
    while timezone.make_aware(datetime.datetime.combine(start, datetime.time(8))) < founded:
        start = services.occurrences(start, 2)[1]
    launch = timezone.make_aware(datetime.datetime.combine(start, datetime.time(8))) - (
        datetime.timedelta(days=14)
    )
    launch = max(launch, founded + datetime.timedelta(hours=1))

    def member_by(moment: datetime.datetime) -> list:
        return [p for p in people if joined[p.pk] <= moment]

    with clock.travel(launch):
        meetings = services.meeting_schedule(
            user=facilitator,
            community=community,
            day=start,
            time=datetime.time(16, 0),
            duration_minutes=90,
            place="The library, and online",
            video_url="https://meet.example.org/staffroom-tlc",
            repeat_monthly=True,
            count=PAST_MEETINGS + FUTURE_MEETINGS,
        )
        # The first plans, written when the meetings were announced (those
        # who join later write theirs at their first meeting).
        for i, person in enumerate(member_by(launch)):
            technique, evidence = TECHNIQUES[i % len(TECHNIQUES)]
            services.action_plan_write(
                user=person,
                community=community,
                technique=technique,
                class_name=CLASSES[i % len(CLASSES)],
                evidence=evidence,
            )
    # Buddies, two by two, paired by the facilitator (the last two agreed it themselves).
    pairs = []
    paired_at = max(_moment(meetings[0], days=-10), launch)
    early = member_by(paired_at)
    with clock.travel(paired_at):
        for a, b in zip(early[0::2], early[1::2], strict=False):
            if len(pairs) == 2 and len(people) >= 6:
                services.buddy_pair(user=a, community=community, first_id=a.pk, second_id=b.pk)
                pairs.append(
                    services.buddy_pair(user=b, community=community, first_id=b.pk, second_id=a.pk)
                )
            else:
                pairs.append(
                    services.buddy_pair(
                        user=facilitator, community=community, first_id=a.pk, second_id=b.pk
                    )
                )
    now = clock.now()
    for n, meeting in enumerate(m for m in meetings if m.starts_at < now):
        invited = member_by(_moment(meeting, days=-6))
        came = [p for i, p in enumerate(invited) if (i + n) % 5 != 4]  # one in five misses one
        with clock.travel(_moment(meeting, days=-6)):
            for person in invited:
                services.meeting_rsvp(
                    user=person, meeting=meeting, rsvp=Rsvp.YES if person in came else Rsvp.NO
                )
        with clock.travel(_moment(meeting, minutes=30)):
            for i, person in enumerate(came):
                plan = selectors.open_plan_for(person, community)
                if plan is None:
                    continue
                happened, keep = REPORTS[(i + n) % len(REPORTS)]
                services.action_plan_close(
                    user=person,
                    plan=plan,
                    what_happened=happened,
                    keep_or_change=keep,
                    meeting=meeting,
                )
        with clock.travel(_moment(meeting, minutes=75)):
            for i, person in enumerate(came):
                if selectors.open_plan_for(person, community) is None:
                    technique, evidence = TECHNIQUES[(i + n + 1) % len(TECHNIQUES)]
                    services.action_plan_write(
                        user=person,
                        community=community,
                        technique=technique,
                        class_name=CLASSES[i % len(CLASSES)],
                        evidence=evidence,
                        meeting=meeting,
                    )
        with clock.travel(_moment(meeting, hours=2)):
            for part, body in NOTES.items():
                services.meeting_note_set(user=facilitator, meeting=meeting, part=part, body=body)
            services.meeting_note_set(
                user=facilitator,
                meeting=meeting,
                part=AgendaPart.SUMMARY,
                body=SUMMARIES[n % len(SUMMARIES)],
            )
            services.attendance_record(
                user=facilitator, meeting=meeting, present={p.pk for p in came}
            )
        # Mid-cycle, each pair's visit: one observes the other's plan in action.
        for k, pair in enumerate(pairs):
            if not pair.is_active:
                continue
            observed = pair.first if (k + n) % 2 == 0 else pair.second
            visit_at = _moment(meeting, days=16, hours=-6)
            if _moment(meeting, days=16) >= now:
                continue  # the visit (and its notes) have still to happen
            with clock.travel(_moment(meeting, days=9)):
                visit = services.observation_schedule(
                    user=observed,
                    pair=pair,
                    observed_id=observed.pk,
                    focus="",
                    visit_at=visit_at,
                )
            with clock.travel(_moment(meeting, days=16)):
                services.observation_notes(
                    user=visit.observer,
                    observation=visit,
                    notes=VISIT_NOTES[(k + n) % len(VISIT_NOTES)],
                    completed=True,
                )


def seed() -> None:
    for community in CommunityPage.objects.live().order_by("path"):
        if Meeting.objects.filter(community=community).exists():
            continue
        _seed_community(community)
