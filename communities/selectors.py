"""Who may see what — answered here, once, for every view, feed, search,
e-mail and export that shows community content.

A public community's pages are readable by anyone. A members-only
community's name and purpose are listed (so teachers can ask to join), but
everything inside it — its pages, members, activity, documents and images —
is for its active members (and site administrators) only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from wagtail.models import Page

from .models import (
    ActivityEvent,
    CommunityIndexPage,
    CommunityPage,
    Membership,
    MembershipState,
    Role,
    Visibility,
)

AnyUser = AbstractBaseUser | AnonymousUser


def membership_for(user: AnyUser, community: CommunityPage) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_staffroom_memberships", None)
    if cache is None:
        cache = {m.community_id: m for m in Membership.objects.filter(user=user)}
        user._staffroom_memberships = cache
    return cache.get(community.pk)


def forget_memberships(user: AnyUser) -> None:
    """Drop the per-request membership cache after a change."""
    if hasattr(user, "_staffroom_memberships"):
        del user._staffroom_memberships


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


def can_manage_members(user: AnyUser, community: CommunityPage) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or is_facilitator(user, community)))


def hidden_community_paths(user: AnyUser) -> list[str]:
    """Tree paths of the members-only communities this user may not look inside."""
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
    return exclude_hidden_communities(pages.live(), user)


def exclude_hidden_communities(pages: QuerySet, user: AnyUser) -> QuerySet:
    """Leave out every page inside a members-only community the user is not in."""
    for path in hidden_community_paths(user):
        pages = pages.exclude(path__startswith=path, depth__gt=len(path) // Page.steplen)
    return pages


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
    """Ledger rows from communities whose inside this user may see."""
    return ActivityEvent.objects.for_stream().filter(community__in=viewable_community_ids(user))


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


def community_people(community: CommunityPage) -> dict[str, list[Membership]]:
    memberships = list(
        Membership.objects.filter(community=community)
        .select_related("user__profile__school")
        .order_by("user__profile__display_name", "pk")
    )
    return {
        "facilitators": [m for m in memberships if m.is_facilitator],
        "members": [m for m in memberships if m.is_active and m.role == Role.MEMBER],
        "requests": [m for m in memberships if m.state == MembershipState.REQUESTED],
    }


def community_detail_context(*, community: CommunityPage, user: AnyUser) -> dict[str, Any]:
    """What the community page shows this viewer: purpose and facilitators to
    all; members, sections and activity only to those who may see inside."""
    inside = can_view_inside(user, community)
    people = community_people(community)
    context: dict[str, Any] = {
        "membership": membership_for(user, community),
        "can_view_inside": inside,
        "can_manage": can_manage_members(user, community),
        "facilitators": people["facilitators"],
        "member_count": len(people["members"]) + len(people["facilitators"]),
    }
    # Who belongs is for the community itself (and site administrators).
    if is_active_member(user, community) or (user.is_authenticated and user.is_superuser):
        context["members"] = people["members"]
    if inside:
        context["sections"] = list(community.get_children().live().specific().order_by("path"))
        context["activity"] = list(
            ActivityEvent.objects.for_stream().filter(community=community)[:20]
        )
    if context["can_manage"]:
        context["requests"] = people["requests"]
    return context
