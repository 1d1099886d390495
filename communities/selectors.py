"""Who may see what — answered here, once, for every view, feed, search,
e-mail and export that shows community content.

A public community's pages are readable by anyone. A members-only
community's name and purpose are listed (so teachers can ask to join), but
everything inside it — its pages, members, activity, documents and images —
is for its active members (and site administrators) only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextChoices
from wagtail.models import Page, PageViewRestriction, TaskState, WorkflowState

from . import memo
from .models import (
    ActivityEvent,
    CommunityIndexPage,
    CommunityPage,
    Membership,
    MembershipState,
    Role,
    Standing,
    Strand,
    TrustLevel,
    Visibility,
)
from .recognition import STRAND_MEANINGS

AnyUser = AbstractBaseUser | AnonymousUser


def membership_for(user: AnyUser, community: CommunityPage) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_staffroom_memberships", None)
    if cache is None:
        cache = {
            m.community_id: m
            for m in Membership.objects.filter(user=user).select_related("standing")
        }
        user._staffroom_memberships = cache
    return cache.get(community.pk)


def forget_memberships(user: AnyUser) -> None:
    """Drop the per-request membership cache after a change."""
    if hasattr(user, "_staffroom_memberships"):
        del user._staffroom_memberships
    memo.forget()


def is_active_member(user: AnyUser, community: CommunityPage) -> bool:
    membership = membership_for(user, community)
    return bool(membership and membership.is_active)


def is_facilitator(user: AnyUser, community: CommunityPage) -> bool:
    membership = membership_for(user, community)
    return bool(membership and membership.is_facilitator)


def can_view_inside(user: AnyUser, community: CommunityPage) -> bool:
    if community.visibility == Visibility.PUBLIC:
        return True
    return bool(user.is_authenticated and (user.is_superuser or is_active_member(user, community)))


def can_facilitate(user: AnyUser, community: CommunityPage) -> bool:
    """Facilitators (and site administrators) manage a community's members."""
    return bool(user.is_authenticated and (user.is_superuser or is_facilitator(user, community)))


def trust_level(user: AnyUser, community: CommunityPage) -> TrustLevel:
    """The trust this person's work has earned in the community (a newcomer
    until recognition says otherwise; nothing for a non-member)."""
    membership = membership_for(user, community)
    if membership is None or not membership.is_active:
        return TrustLevel.NEWCOMER
    standing = getattr(membership, "standing", None)
    return standing.level if standing is not None else TrustLevel.NEWCOMER


def can_moderate(user: AnyUser, community: CommunityPage) -> bool:
    """Who looks after the conversation (approves held replies, hides and
    restores replies, deals with concerns): the facilitators, and the
    members colleagues' feedback marks out as leaders."""
    return can_facilitate(user, community) or (
        is_active_member(user, community) and trust_level(user, community) == TrustLevel.LEADER
    )


def hidden_community_paths(user: AnyUser) -> list[str]:
    """Tree paths of the members-only communities this user may not look inside."""
    return memo.remember(("hidden", user.pk), lambda: _hidden_community_paths(user))


def _hidden_community_paths(user: AnyUser) -> list[str]:
    if user.is_authenticated and user.is_superuser:
        return []
    hidden = CommunityPage.objects.filter(visibility=Visibility.MEMBERS)
    if user.is_authenticated:
        hidden = hidden.exclude(
            Exists(
                Membership.objects.filter(
                    community=OuterRef("pk"), user=user, state=MembershipState.ACTIVE
                )
            )
        )
    return list(hidden.values_list("path", flat=True))


def pages_visible_to(user: AnyUser, pages: QuerySet | None = None) -> QuerySet:
    """Live pages this user may view: nothing inside a members-only community
    they are not an active member of (the community page itself is listed —
    its name and purpose are public — but its subtree is not)."""
    pages = Page.objects.all() if pages is None else pages
    return exclude_hidden_pages(pages.live(), user)


def exclude_hidden_communities(pages: QuerySet, user: AnyUser) -> QuerySet:
    """Leave out every page inside a members-only community the user is not
    in (the community page itself stays: its name and purpose are public)."""
    for path in hidden_community_paths(user):
        pages = pages.exclude(path__startswith=path, depth__gt=len(path) // Page.steplen)
    return pages


def exclude_hidden_pages(pages: QuerySet, user: AnyUser) -> QuerySet:
    """Everything exclude_hidden_communities leaves out, and also any page an
    editor restricted itself (to signed-in users, to groups, or by password),
    with what is below it — for listings, feeds and search."""
    pages = exclude_hidden_communities(pages, user)
    for path in _other_restricted_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages


def _other_restricted_paths(user: AnyUser) -> list[str]:
    """Paths of pages with a view restriction of their own (not a
    community's, which membership answers) that this user does not pass.
    A password can't be checked without the visitor's session, so password
    pages stay out of listings and search for everyone."""
    return memo.remember(("restricted", user.pk), lambda: _restricted_paths(user))


def _restricted_paths(user: AnyUser) -> list[str]:
    community_type = ContentType.objects.get_for_model(CommunityPage)
    restrictions = PageViewRestriction.objects.exclude(page__content_type=community_type)
    restrictions = list(restrictions.select_related("page").prefetch_related("groups"))
    if not restrictions:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    hidden = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN and user.is_authenticated:
            continue
        if (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and user.is_authenticated
            and (user.is_superuser or group_ids & {g.pk for g in restriction.groups.all()})
        ):
            continue
        hidden.append(restriction.page.path)
    return hidden


def viewable_community_ids(user: AnyUser) -> QuerySet:
    """Ids of the communities whose inside this user may see (a subquery)."""
    communities = CommunityPage.objects.live()
    if user.is_authenticated and user.is_superuser:
        return communities.values("pk")
    condition = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        condition |= Q(
            Exists(
                Membership.objects.filter(
                    community=OuterRef("pk"), user=user, state=MembershipState.ACTIVE
                )
            )
        )
    return communities.filter(condition).values("pk")


def activity_visible_to(user: AnyUser) -> QuerySet:
    """Ledger rows from communities whose inside this user may see, about
    pages they may see (a row keeps its page even if it later moved or was
    made private)."""
    return _about_visible_pages(
        ActivityEvent.objects.for_stream().filter(community__in=viewable_community_ids(user)), user
    )


def _about_visible_pages(events: QuerySet, user: AnyUser) -> QuerySet:
    return events.filter(Q(page__isnull=True) | Q(page__in=pages_visible_to(user).values("pk")))


def community_listing(*, user: AnyUser, index: CommunityIndexPage | None = None) -> QuerySet:
    """Every live community — members-only ones too, by name and purpose — with
    its member count and the viewer's own membership, in a fixed number of queries."""
    communities = CommunityPage.objects.live()
    if index is not None:
        communities = communities.child_of(index)
    communities = communities.annotate(
        member_count=Count("memberships", filter=Q(memberships__state=MembershipState.ACTIVE))
    ).order_by("title", "pk")
    if user.is_authenticated:
        communities = communities.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(user=user),
                to_attr="viewer_memberships",
            )
        )
    return communities


@dataclass
class CommunityPeople:
    facilitators: list[Membership]
    members: list[Membership]  # active, not facilitating
    requests: list[Membership]  # waiting for a facilitator

    @property
    def active_count(self) -> int:
        return len(self.facilitators) + len(self.members)


def community_people(community: CommunityPage) -> CommunityPeople:
    """Everyone in the community, and everyone asking to join, in one query.
    (Who may see which of these lists is the page's to decide, with
    can_view_inside / is_active_member / can_facilitate.)"""
    memberships = list(
        Membership.objects.filter(community=community)
        .select_related("user__profile__school")
        .order_by("user__profile__display_name", "pk")
    )
    return CommunityPeople(
        facilitators=[m for m in memberships if m.is_facilitator],
        members=[m for m in memberships if m.is_active and m.role == Role.MEMBER],
        requests=[m for m in memberships if m.state == MembershipState.REQUESTED],
    )


def community_activity(
    *, community: CommunityPage, user: AnyUser, limit: int = 60
) -> list[ActivityEvent]:
    """The community's latest ledger rows about what this viewer may see
    (the page decides whether they may see inside at all)."""
    events = ActivityEvent.objects.for_stream().filter(community=community)
    return list(_about_visible_pages(events, user)[:limit])


def activity_in_my_communities(user: AnyUser) -> QuerySet:
    """What happened lately in the communities this person is an active
    member of — the home page's "Recently in your communities"."""
    if not user.is_authenticated:
        return ActivityEvent.objects.none()
    mine = Membership.objects.active().filter(user=user).values("community_id")
    return activity_visible_to(user).filter(community__in=mine)


def community_for_page(page: Page) -> CommunityPage | None:
    """The community a page belongs to (the page itself, or its ancestor)."""
    if isinstance(page, CommunityPage):
        return page
    return memo.remember(
        ("community", page.pk),
        lambda: CommunityPage.objects.ancestor_of(page, inclusive=True).first(),
    )


def can_view_page(user: AnyUser, page: Page, community: CommunityPage | None = None) -> bool:
    """May this person read this page (and so its replies)? A members-only
    community's own page shows its public face to all; anything inside it is
    for members only."""
    if not page.live:
        return False
    # A restriction an editor set on the page (or an ancestor) itself —
    # password, sign-in, groups — counts too, for endpoints and e-mails alike.
    if any(page.path.startswith(path) for path in _other_restricted_paths(user)):
        return False
    community = community if community is not None else community_for_page(page)
    if community is None or community.pk == page.pk:
        return True
    return can_view_inside(user, community)


def users_who_can_view(
    page: Page, *, user_ids: Iterable[int], community: CommunityPage | None = None
) -> set[int]:
    """Which of these people may read the page — can_view_page for many at
    once, in a fixed number of queries however many they are (for
    notifications and e-mails, which go to many people at a time)."""
    user_ids = set(user_ids)
    if not page.live or not user_ids:
        return set()
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    allowed = set(users.values_list("pk", flat=True))
    superusers = set(users.filter(is_superuser=True).values_list("pk", flat=True))
    # Restrictions an editor set on the page or an ancestor (not a community's,
    # which membership answers). Nobody gets past a password without typing
    # it, so an e-mail never carries a password-protected page.
    community_type = ContentType.objects.get_for_model(CommunityPage)
    restrictions = (
        PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True))
        .exclude(page__content_type=community_type)
        .prefetch_related("groups")
    )
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            return set()
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            in_groups = set(
                users.filter(groups__in=restriction.groups.all()).values_list("pk", flat=True)
            )
            allowed &= in_groups | superusers
    community = community if community is not None else community_for_page(page)
    if community is not None and community.pk != page.pk and community.is_members_only:
        members = set(
            Membership.objects.active()
            .filter(community=community, user_id__in=allowed)
            .values_list("user_id", flat=True)
        )
        allowed &= members | superusers
    return allowed


# --------------------------------------------------------------------------- #
# A writer's work in progress
# --------------------------------------------------------------------------- #


class WorkState(TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Waiting for the facilitators"
    CHANGES = "changes", "The facilitators asked for changes"


@dataclass
class WorkItem:
    page: Page  # the specific page, as last saved (its draft title)
    community: CommunityPage
    state: WorkState
    comment: str  # what the facilitators said, when they asked for changes
    live: bool  # an earlier version is published

    @property
    def asks_for_changes(self) -> bool:
        return self.state == WorkState.CHANGES


def work_in_progress(user: AnyUser, *, also: QuerySet | None = None) -> list[WorkItem]:
    """Pages this person writes (their own, and `also` — pages they write
    with others) that are not published as they stand: drafts, pages waiting
    for the facilitators, pages sent back — in the communities they are an
    active member of. A fixed number of queries however many there are."""
    if not user.is_authenticated:
        return []
    communities = list(
        CommunityPage.objects.live().filter(
            memberships__user=user, memberships__state=MembershipState.ACTIVE
        )
    )
    if not communities:
        return []
    inside = Q()
    for community in communities:
        inside |= Q(path__startswith=community.path, depth__gt=community.depth + 1)
    mine = Q(owner=user) | (Q(pk__in=also) if also is not None else Q())
    pages = list(
        Page.objects.filter(inside)
        .filter(mine)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .order_by("-latest_revision_created_at", "-pk")
        .specific()
    )
    if not pages:
        return []
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(p.pk) for p in pages],
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        )
    }
    comments = dict(
        TaskState.objects.filter(
            workflow_state__in=[s.pk for s in states.values()], status=TaskState.STATUS_REJECTED
        )
        .order_by("finished_at")
        .values_list("workflow_state_id", "comment")
    )
    items = []
    for page in pages:
        state = states.get(page.pk)
        if state is None:
            work_state = WorkState.DRAFT
        elif state.status == WorkflowState.STATUS_IN_PROGRESS:
            work_state = WorkState.IN_REVIEW
        else:
            work_state = WorkState.CHANGES
        items.append(
            WorkItem(
                page=page,
                community=next(c for c in communities if page.path.startswith(c.path)),
                state=work_state,
                comment=comments.get(state.pk, "") if state is not None else "",
                live=page.live,
            )
        )
    return items


@dataclass
class ReviewItem:
    page: Page
    requested_by: AbstractBaseUser | None
    since: datetime.datetime  # when it was sent


def pages_awaiting_review(community: CommunityPage) -> list[ReviewItem]:
    """Pages in the community that wait for its facilitators, oldest first."""
    states = list(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("requested_by__profile")
        .order_by("created_at")
    )
    ids = [int(s.object_id) for s in states]
    pages = {
        p.pk: p
        for p in Page.objects.filter(
            pk__in=ids, path__startswith=community.path, depth__gt=community.depth + 1
        ).specific()
    }
    return [
        ReviewItem(page=pages[int(s.object_id)], requested_by=s.requested_by, since=s.created_at)
        for s in states
        if int(s.object_id) in pages
    ]


# --------------------------------------------------------------------------- #
# Recognition, as people see it
# --------------------------------------------------------------------------- #


@dataclass
class EvidenceLine:
    text: str
    pages: list[Page]  # only those the viewer may see


@dataclass
class StrandShown:
    strand: Strand
    meaning: str
    held: bool
    lines: list[EvidenceLine]
    progress: str


@dataclass
class Recognition:
    """One member's recognition in one community, as one viewer may see it."""

    community: CommunityPage
    membership: Membership
    level: TrustLevel
    trust_lines: list[EvidenceLine]
    next_step: str
    strands: list[StrandShown]

    @property
    def held(self) -> list[StrandShown]:
        return [s for s in self.strands if s.held]


def _evidence(raw: list[dict], visible: dict[int, Page]) -> list[EvidenceLine]:
    return [
        EvidenceLine(text=line["text"], pages=[visible[p] for p in line["pages"] if p in visible])
        for line in raw
    ]


def recognition_of(*, person: AbstractBaseUser, viewer: AnyUser) -> list[Recognition]:
    """The person's recognition in each community they belong to whose
    inside the viewer may see — with evidence linking only to pages the
    viewer may see. A fixed number of queries however much there is."""
    memberships = [
        m
        for m in Membership.objects.active()
        .filter(user=person, community__live=True)
        .select_related("community", "standing")
        .order_by("community__title")
        if getattr(m, "standing", None) is not None and can_view_inside(viewer, m.community)
    ]
    ids: set[int] = set()
    for m in memberships:
        explanation = m.standing.explanation or {}
        for line in explanation.get("trust", []):
            ids.update(line["pages"])
        for strand in explanation.get("strands", {}).values():
            for line in strand["lines"]:
                ids.update(line["pages"])
    visible = {p.pk: p for p in pages_visible_to(viewer).filter(pk__in=ids)} if ids else {}
    shown = []
    for m in memberships:
        explanation = m.standing.explanation or {}
        strands = [
            StrandShown(
                strand=Strand(value),
                meaning=STRAND_MEANINGS[Strand(value)],
                held=data["held"],
                lines=_evidence(data["lines"], visible),
                progress=data["progress"],
            )
            for value, data in explanation.get("strands", {}).items()
        ]
        shown.append(
            Recognition(
                community=m.community,
                membership=m,
                level=m.standing.level,
                trust_lines=_evidence(explanation.get("trust", []), visible),
                next_step=explanation.get("next_step", ""),
                strands=strands,
            )
        )
    return shown


@dataclass
class EmergingLeader:
    membership: Membership
    strands: list[Strand]
    is_leader: bool
    why: str  # one line of evidence, for the facilitators' suggestions


def emerging_leaders(community: CommunityPage, *, limit: int = 4) -> list[EmergingLeader]:
    """A few members colleagues' feedback marks out, with their strands —
    never a ranking, never a score: shown in order of name."""
    standings = list(
        Standing.objects.filter(
            membership__community=community, membership__state=MembershipState.ACTIVE
        )
        .exclude(strands=[], trust_level=TrustLevel.NEWCOMER)
        .select_related("membership__user__profile")
        .order_by("-influence", "pk")[:limit]
    )
    leaders = []
    for standing in standings:
        explanation = standing.explanation or {}
        held = [Strand(s) for s in standing.strands]
        if not held and standing.level != TrustLevel.LEADER:
            continue
        reasons = [
            line["text"]
            for s in standing.strands
            for line in explanation.get("strands", {}).get(s, {}).get("lines", [])[:1]
        ]
        feedback = explanation.get("feedback_from", 0)
        why = f"feedback from {feedback} colleague{'s' if feedback != 1 else ''}"
        if reasons:
            why += "; " + "; ".join(reasons)
        leaders.append(
            EmergingLeader(
                membership=standing.membership,
                strands=held,
                is_leader=standing.level == TrustLevel.LEADER,
                why=why,
            )
        )
    return sorted(leaders, key=lambda e: str(getattr(e.membership.user, "profile", "")))
