"""Reads for inquiries and the head teacher's review — consent checked here,
once, for every view, export and file of the review area.

A head teacher of a school may read an inquiry when one of its inquirers
teaches at that school AND either the inquirers share it with school
leadership (their consent, which they can withdraw at any time) or it sits in
a public community (readable by everyone anyway). Nothing else from a
members-only community reaches them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from blog.selectors import with_conversation_counts
from communities import clock
from communities.models import ActivityEvent, CommunityPage, Membership, Profile, School, Verb
from communities.selectors import (
    AnyUser,
    community_for_page,
    exclude_hidden_pages,
    is_active_member,
    viewable_community_ids,
)

from .models import (
    InquiryIndexPage,
    InquiryPage,
    InquiryProgress,
    InquiryUpdate,
    ReviewFeedback,
    Stage,
)
from .stages import GUIDING_QUESTIONS, StepState

# --------------------------------------------------------------------------- #
# Inquirers
# --------------------------------------------------------------------------- #


def is_inquirer(user: AnyUser, inquiry: InquiryPage) -> bool:
    if not user.is_authenticated:
        return False
    return inquiry.owner_id == user.pk or inquiry.co_inquirers.filter(pk=user.pk).exists()


def can_act_as_inquirer(user: AnyUser, inquiry: InquiryPage) -> bool:
    """Inquirers who are still active members of the inquiry's community."""
    if not is_inquirer(user, inquiry):
        return False
    community = community_for_page(inquiry)
    return bool(community and is_active_member(user, community))


def progress_for(inquiry: InquiryPage) -> InquiryProgress:
    """Where the inquiry stands. Its row is made when the inquiry is first
    published (services.inquiry_published); until then — a draft, or a page
    made before progress was kept — it stands at Scanning, not shared."""
    try:
        return inquiry.progress
    except InquiryProgress.DoesNotExist:
        return InquiryProgress(inquiry=inquiry)


def with_listing_data(inquiries: QuerySet) -> QuerySet:
    """Everything an inquiry card shows, without a query per inquiry: stage,
    inquirers, last update, reply count (from the reply rows, through blog) —
    the evidence count is read from the loaded evidence field."""
    return with_conversation_counts(
        inquiries.select_related("progress", "owner__profile__school")
        .prefetch_related("co_inquirers__profile", "tags")
        .annotate(last_update=Coalesce(Max("updates__created_at"), "last_published_at"))
    )


def evidence_count(inquiry: InquiryPage) -> int:
    return len(inquiry.evidence.raw_data)


def inquiry_listing(
    *, index: InquiryIndexPage, stage: int | None = None, tag: str | None = None
) -> QuerySet:
    inquiries = InquiryPage.objects.live().child_of(index)
    if stage:
        inquiries = inquiries.filter(progress__stage=stage)
    if tag:
        inquiries = inquiries.filter(tags__slug=tag)
    return with_listing_data(inquiries).order_by("-last_update", "-pk")


def inquiry_tags(*, index: InquiryIndexPage, limit: int = 20) -> QuerySet:
    """The tags most used on the index's live inquiries."""
    tag_model = InquiryPage.tags.through.tag_model()
    return (
        tag_model.objects.filter(
            inquiries_inquirypagetag_items__content_object__path__startswith=index.path,
            inquiries_inquirypagetag_items__content_object__live=True,
        )
        .annotate(n=Count("inquiries_inquirypagetag_items"))
        .order_by("-n", "name")[:limit]
    )


@dataclass
class StageStep:
    value: int
    label: str
    question: str
    state: StepState  # also the stepper's CSS modifier

    @property
    def is_done(self) -> bool:
        return self.state == StepState.DONE

    @property
    def is_current(self) -> bool:
        return self.state == StepState.CURRENT


def stage_steps(stage: int) -> list[StageStep]:
    return [
        StageStep(
            value=value,
            label=label,
            question=GUIDING_QUESTIONS[Stage(value)],
            state=StepState.DONE
            if value < stage
            else StepState.CURRENT
            if value == stage
            else StepState.TODO,
        )
        for value, label in Stage.choices
    ]


def review_feedback_for_inquirers(inquiry: InquiryPage) -> QuerySet:
    """All review feedback on the inquiry — for its inquirers' eyes only."""
    return ReviewFeedback.objects.filter(inquiry=inquiry).select_related(
        "author__profile", "school"
    )


def inquiry_updates(inquiry: InquiryPage) -> QuerySet:
    """The inquiry's dated log, newest first."""
    return InquiryUpdate.objects.filter(inquiry=inquiry).select_related("author__profile")


# --------------------------------------------------------------------------- #
# Head teachers' review
# --------------------------------------------------------------------------- #


def schools_led_by(user: AnyUser) -> QuerySet:
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(head_teachers=user)


def is_head_teacher(user: AnyUser) -> bool:
    return schools_led_by(user).exists()


def _staff_ids(schools: QuerySet) -> QuerySet:
    return Profile.objects.filter(school__in=schools).values("user_id")


def _public_inquiry_ids() -> QuerySet:
    return exclude_hidden_pages(InquiryPage.objects.all(), AnonymousUser()).values("pk")


def reviewable_inquiries(user: AnyUser) -> QuerySet:
    """Live inquiries this head teacher may read: by their staff, and shared
    with leadership or in a public community."""
    schools = schools_led_by(user)
    staff = _staff_ids(schools)
    by_staff = InquiryPage.objects.filter(Q(owner__in=staff) | Q(co_inquirers__in=staff)).values(
        "pk"
    )
    return (
        InquiryPage.objects.live()
        .filter(pk__in=by_staff)
        .filter(Q(progress__shared_with_leadership=True) | Q(pk__in=_public_inquiry_ids()))
    )


def can_review(user: AnyUser, inquiry: InquiryPage) -> bool:
    return reviewable_inquiries(user).filter(pk=inquiry.pk).exists()


def review_feedback_for(user: AnyUser, inquiry: InquiryPage) -> QuerySet:
    """Review feedback a head teacher may read: their own school's. An inquiry
    shared across two schools keeps each school's notes from the other's head."""
    return ReviewFeedback.objects.filter(
        inquiry=inquiry, school__in=schools_led_by(user)
    ).select_related("author__profile", "school")


def review_overview(
    user: AnyUser,
    *,
    stage: int | None = None,
    community: CommunityPage | None = None,
    subject: str | None = None,
) -> QuerySet:
    """The inquiries a head teacher may read, filtered, with everything the
    overview and the export show and their own school's feedback count."""
    inquiries = reviewable_inquiries(user)
    if stage:
        inquiries = inquiries.filter(progress__stage=stage)
    if community is not None:
        inquiries = inquiries.filter(path__startswith=community.path)
    if subject:
        inquiries = inquiries.filter(subject__iexact=subject)
    feedback = (
        ReviewFeedback.objects.filter(inquiry_id=OuterRef("pk"), school__in=schools_led_by(user))
        .order_by()
        .values("inquiry_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        with_listing_data(inquiries)
        .annotate(
            feedback_count=Coalesce(Subquery(feedback, output_field=IntegerField()), Value(0))
        )
        .order_by("-last_update", "-pk")
    )


def communities_of(inquiries: list[InquiryPage]) -> dict[int, CommunityPage | None]:
    """Each inquiry's community, found from the tree paths in one query."""
    communities = list(CommunityPage.objects.live())
    return {
        inquiry.pk: next((c for c in communities if inquiry.path.startswith(c.path)), None)
        for inquiry in inquiries
    }


@dataclass
class ReviewChoices:
    """What the head teacher's filters offer: only communities and subjects
    that something they may read belongs to."""

    communities: list[CommunityPage]
    subjects: list[str]


def review_filter_choices(user: AnyUser) -> ReviewChoices:
    reviewable = reviewable_inquiries(user)
    paths = list(reviewable.values_list("path", flat=True))
    communities = [
        c
        for c in CommunityPage.objects.live().order_by("title")
        if any(p.startswith(c.path) for p in paths)
    ]
    subjects = sorted(set(reviewable.exclude(subject="").values_list("subject", flat=True)))
    return ReviewChoices(communities=communities, subjects=subjects)


def term_start(today: datetime.date | None = None) -> datetime.date:
    """The first day of the current school term (STAFFROOM_TERM_STARTS)."""
    today = today or clock.today()
    starts = []
    for year in (today.year - 1, today.year):
        for month, day in settings.STAFFROOM_TERM_STARTS:
            starts.append(datetime.date(year, month, day))
    return max(d for d in starts if d <= today)


@dataclass
class SchoolTotals:
    staff: int
    taking_part: int
    reflections: int
    replies: int
    term_start: datetime.date


def school_totals(user: AnyUser) -> SchoolTotals:
    """Totals for the head teacher's school(s) that name no one. Writing in a
    members-only community does not reach a head teacher even as a number (in
    a school with one teacher on Staffroom a count would name them), so
    reflections and replies are counted in public communities only."""
    schools = schools_led_by(user)
    staff = _staff_ids(schools)
    since = term_start()
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    events = ActivityEvent.objects.filter(
        actor__in=staff,
        created_at__gte=start,
        community__in=viewable_community_ids(AnonymousUser()),
    )
    return SchoolTotals(
        staff=Profile.objects.filter(school__in=schools).count(),
        taking_part=Membership.objects.active()
        .filter(user__in=staff)
        .values("user")
        .distinct()
        .count(),
        reflections=events.filter(verb=Verb.PUBLISHED_REFLECTION).count(),
        replies=events.filter(verb=Verb.REPLIED).count(),
        term_start=since,
    )


# --------------------------------------------------------------------------- #
# Stages over the term
# --------------------------------------------------------------------------- #


def stage_history(inquiries: list[InquiryPage], weeks: list[datetime.date]) -> list[dict[int, int]]:
    """For each week, how many of these inquiries stood at each stage — read
    from their logs in one query."""
    ids = [i.pk for i in inquiries]
    moves: dict[int, list[tuple[datetime.datetime, int]]] = {}
    for inquiry_id, created_at, to_stage in (
        InquiryUpdate.objects.filter(inquiry_id__in=ids, to_stage__isnull=False)
        .order_by("created_at", "pk")
        .values_list("inquiry_id", "created_at", "to_stage")
    ):
        moves.setdefault(inquiry_id, []).append((created_at, to_stage))
    history = []
    for week in weeks:
        moment = timezone.make_aware(datetime.datetime.combine(week, datetime.time.max))
        counts = dict.fromkeys(Stage.values, 0)
        for inquiry in inquiries:
            started = inquiry.first_published_at
            if started is None or started > moment:
                continue
            stage = Stage.SCANNING
            for created_at, to_stage in moves.get(inquiry.pk, []):
                if created_at <= moment:
                    stage = to_stage
            counts[stage] += 1
        history.append(counts)
    return history


@dataclass
class StageWeeks:
    weeks: list[datetime.date]  # each week's last day this term (the last is today)
    counts: list[dict[int, int]]  # per week: stage -> how many inquiries stood there


def review_stage_weeks(user: AnyUser, *, most: int = 16) -> StageWeeks:
    """Week by week this term, how many of the inquiries this head teacher
    may read stood at each stage."""
    inquiries = list(reviewable_inquiries(user).only("pk", "first_published_at", "path"))
    start = term_start()
    today = clock.today()
    weeks = []
    week = start + datetime.timedelta(days=(6 - start.weekday()))  # first Sunday
    while week < today:
        weeks.append(week)
        week += datetime.timedelta(days=7)
    weeks.append(today)
    weeks = weeks[-most:]
    return StageWeeks(weeks=weeks, counts=stage_history(inquiries, weeks))


def evidence_file_ids(inquiry: InquiryPage) -> dict[str, set[int]]:
    """The images and documents the inquiry's evidence uses (from the raw
    StreamField data: no query)."""
    ids: dict[str, set[int]] = {"image": set(), "document": set()}
    for block in inquiry.evidence.raw_data:
        if block.get("type") == "work_sample":
            value = block.get("value") or {}
            for kind in ("image", "document"):
                if value.get(kind):
                    ids[kind].add(int(value[kind]))
    return ids


def co_inquiry_ids(user: AnyUser) -> QuerySet:
    """Ids of the inquiries this person is a co-inquirer of (a subquery)."""
    if not user.is_authenticated:
        return InquiryPage.objects.none().values("pk")
    return InquiryPage.objects.filter(co_inquirers=user).values("pk")
