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
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import ActivityEvent, CommunityPage, Membership, Profile, School, Verb
from communities.selectors import (
    AnyUser,
    community_for_page,
    exclude_hidden_pages,
    is_active_member,
)

from .models import (
    GUIDING_QUESTIONS,
    InquiryIndexPage,
    InquiryPage,
    InquiryProgress,
    InquiryUpdate,
    ReviewFeedback,
    Stage,
)

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
    progress = getattr(inquiry, "_progress_cache", None)
    if progress is None:
        progress, _ = InquiryProgress.objects.get_or_create(inquiry=inquiry)
        inquiry._progress_cache = progress
    return progress


def _ledger_count(verbs: list[str], minus: list[str]) -> Coalesce:
    def count(verb_list):
        return Coalesce(
            Subquery(
                ActivityEvent.objects.filter(page_id=OuterRef("pk"), verb__in=verb_list)
                .order_by()
                .values("page_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    return count(verbs) - count(minus)


def with_listing_data(inquiries: QuerySet) -> QuerySet:
    """Everything an inquiry card shows, without a query per inquiry: stage,
    inquirers, last update, reply count (from the ledger) — the evidence count
    is read from the loaded evidence field."""
    return (
        inquiries.select_related("progress", "owner__profile__school")
        .prefetch_related("co_inquirers__profile", "tags")
        .annotate(
            last_update=Coalesce(Max("updates__created_at"), "last_published_at"),
            reply_count=_ledger_count([Verb.REPLIED], [Verb.REPLY_DELETED, Verb.REPLY_HIDDEN]),
        )
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


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def inquiry_index_context(*, index: InquiryIndexPage, request) -> dict[str, Any]:
    from urllib.parse import urlencode

    stage = _int(request.GET.get("stage"))
    stage = stage if stage in Stage.values else None
    tag = request.GET.get("tag") or None
    page_obj = Paginator(inquiry_listing(index=index, stage=stage, tag=tag), 12).get_page(
        request.GET.get("page")
    )
    for inquiry in page_obj:
        inquiry.evidence_total = evidence_count(inquiry)
    community = index.get_parent().specific
    tag_model = InquiryPage.tags.through.tag_model()
    tags = (
        tag_model.objects.filter(
            inquiries_inquirypagetag_items__content_object__path__startswith=index.path,
            inquiries_inquirypagetag_items__content_object__live=True,
        )
        .annotate(n=Count("inquiries_inquirypagetag_items"))
        .order_by("-n", "name")[:20]
    )
    query = {k: v for k, v in (("stage", stage), ("tag", tag)) if v}
    return {
        "inquiries": page_obj,
        "stages": Stage.choices,
        "stage": stage,
        "tag": tag,
        "tags": tags,
        "extra_query": urlencode(query),
        "community": community,
        "can_write": is_active_member(request.user, community),
    }


@dataclass
class StageStep:
    value: int
    label: str
    question: str
    state: str  # "done", "current" or "todo"


def stage_steps(stage: int) -> list[StageStep]:
    return [
        StageStep(
            value=value,
            label=label,
            question=GUIDING_QUESTIONS[Stage(value)],
            state="done" if value < stage else "current" if value == stage else "todo",
        )
        for value, label in Stage.choices
    ]


def inquirers_of(inquiry: InquiryPage) -> list:
    """The owner first, then the co-inquirers — with profiles and schools, in one query."""
    from django.contrib.auth import get_user_model

    people = (
        get_user_model()
        .objects.filter(Q(pk=inquiry.owner_id) | Q(co_inquiries=inquiry))
        .select_related("profile__school")
        .distinct()
        .order_by("profile__display_name", "pk")
    )
    return sorted(people, key=lambda u: u.pk != inquiry.owner_id)


def inquiry_detail_context(*, inquiry: InquiryPage, user: AnyUser) -> dict[str, Any]:
    progress = progress_for(inquiry)
    inquirer = can_act_as_inquirer(user, inquiry)
    context: dict[str, Any] = {
        "community": community_for_page(inquiry),
        "progress": progress,
        "steps": stage_steps(progress.stage),
        "updates": list(
            InquiryUpdate.objects.filter(inquiry=inquiry).select_related("author__profile")
        ),
        "inquirers": inquirers_of(inquiry),
        "is_inquirer": inquirer,
        "can_advance": inquirer and progress.stage < Stage.CHECKING,
        "can_revert": inquirer and progress.stage > Stage.SCANNING,
        "can_complete": inquirer and progress.stage == Stage.CHECKING and not progress.completed_at,
        "evidence_total": evidence_count(inquiry),
    }
    if is_inquirer(user, inquiry):
        # Review feedback is for the inquirers (and the school's head teachers) only.
        context["review_feedback"] = list(
            ReviewFeedback.objects.filter(inquiry=inquiry).select_related(
                "author__profile", "school"
            )
        )
    return context


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


def review_filters(request) -> dict[str, Any]:
    stage = _int(request.GET.get("stage"))
    return {
        "stage": stage if stage in Stage.values else None,
        "community": _int(request.GET.get("community")),
        "subject": (request.GET.get("subject") or "").strip()[:80] or None,
    }


def review_overview(user: AnyUser, *, stage=None, community=None, subject=None) -> QuerySet:
    inquiries = reviewable_inquiries(user)
    if stage:
        inquiries = inquiries.filter(progress__stage=stage)
    if community:
        inquiries = inquiries.filter(
            path__startswith=CommunityPage.objects.filter(pk=community)
            .values_list("path", flat=True)
            .first()
            or "-"
        )
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


def attach_communities(inquiries: list[InquiryPage]) -> None:
    """Set .community on each inquiry with one query for all of them."""
    communities = list(CommunityPage.objects.live())
    for inquiry in inquiries:
        inquiry.community = next((c for c in communities if inquiry.path.startswith(c.path)), None)
        inquiry.evidence_total = evidence_count(inquiry)


def review_filter_choices(user: AnyUser) -> dict[str, Any]:
    reviewable = reviewable_inquiries(user)
    paths = list(reviewable.values_list("path", flat=True))
    communities = [
        c
        for c in CommunityPage.objects.live().order_by("title")
        if any(p.startswith(c.path) for p in paths)
    ]
    subjects = sorted(set(reviewable.exclude(subject="").values_list("subject", flat=True)))
    return {"communities": communities, "subjects": subjects, "stages": Stage.choices}


def term_start(today: datetime.date | None = None) -> datetime.date:
    """The first day of the current school term (STAFFROOM_TERM_STARTS)."""
    today = today or timezone.localdate()
    starts = []
    for year in (today.year - 1, today.year):
        for month, day in settings.STAFFROOM_TERM_STARTS:
            starts.append(datetime.date(year, month, day))
    return max(d for d in starts if d <= today)


def school_totals(user: AnyUser) -> dict[str, int]:
    """Totals for the head teacher's school(s) that name no one. Writing in a
    members-only community does not reach a head teacher even as a number (in
    a school with one teacher on Staffroom a count would name them), so
    reflections and replies are counted in public communities only."""
    from communities.selectors import viewable_community_ids

    schools = schools_led_by(user)
    staff = _staff_ids(schools)
    since = term_start()
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    events = ActivityEvent.objects.filter(
        actor__in=staff,
        created_at__gte=start,
        community__in=viewable_community_ids(AnonymousUser()),
    )
    return {
        "staff": Profile.objects.filter(school__in=schools).count(),
        "taking_part": Membership.objects.active()
        .filter(user__in=staff)
        .values("user")
        .distinct()
        .count(),
        "reflections": events.filter(verb=Verb.PUBLISHED_REFLECTION).count(),
        "replies": events.filter(verb=Verb.REPLIED).count(),
        "term_start": since,
    }


# --------------------------------------------------------------------------- #
# The stage picture
# --------------------------------------------------------------------------- #

STAGE_COLOURS = {
    Stage.SCANNING: "#9bbbe0",
    Stage.FOCUSING: "#5b8fc7",
    Stage.HUNCH: "#1f5c99",
    Stage.NEW_LEARNING: "#e0c97a",
    Stage.TAKING_ACTION: "#c28e0e",
    Stage.CHECKING: "#1e6b3a",
}


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


def stage_chart(user: AnyUser) -> dict[str, Any]:
    """A server-rendered stacked bar chart: inquiries by stage, week by week
    this term, with the numbers as a table for anyone not reading the picture."""
    inquiries = list(reviewable_inquiries(user).only("pk", "first_published_at", "path"))
    start = term_start()
    today = timezone.localdate()
    weeks = []
    week = start + datetime.timedelta(days=(6 - start.weekday()))  # first Sunday
    while week < today:
        weeks.append(week)
        week += datetime.timedelta(days=7)
    weeks.append(today)
    weeks = weeks[-16:]
    history = stage_history(inquiries, weeks)
    height, bar_width, gap, left, bottom = 160, 22, 8, 28, 24
    peak = max([sum(h.values()) for h in history] + [1])
    bars = []
    for i, (week, counts) in enumerate(zip(weeks, history, strict=True)):
        x = left + i * (bar_width + gap)
        y = height
        segments = []
        for stage in Stage.values:
            n = counts[stage]
            if not n:
                continue
            h = n / peak * (height - 10)
            y -= h
            segments.append(
                {
                    "y": round(y, 1),
                    "height": round(h, 1),
                    "colour": STAGE_COLOURS[stage],
                    "label": f"{Stage(stage).label}: {n}",
                }
            )
        bars.append({"x": x, "week": week, "segments": segments, "total": sum(counts.values())})
    current = history[-1] if history else dict.fromkeys(Stage.values, 0)
    return {
        "width": left + len(weeks) * (bar_width + gap) + 10,
        "height": height + bottom,
        "axis_y": height,
        "bar_width": bar_width,
        "peak": peak,
        "bars": bars,
        "legend": [
            {"label": label, "colour": STAGE_COLOURS[value], "count": current[value]}
            for value, label in Stage.choices
        ],
        "rows": [
            {"week": w, "counts": [h[s] for s in Stage.values], "total": sum(h.values())}
            for w, h in zip(weeks, history, strict=True)
        ],
        "stage_labels": Stage.labels,
    }


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
