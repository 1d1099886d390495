"""Writes that change who belongs to a community, each atomic, each checked,
each recorded in the ledger, each keeping Wagtail's groups in step."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import clock, ledger
from .access import community_sync_access, membership_sync_groups, user_remove_from_community_groups
from .models import (
    CommunityPage,
    JoinPolicy,
    Membership,
    MembershipState,
    NotificationKind,
    Profile,
    Role,
    School,
    Verb,
)
from .notify import facilitator_ids, notify
from .selectors import can_facilitate, forget_memberships


class MembershipError(ValidationError):
    """A rule of the community forbids this (e.g. the last facilitator leaving)."""


# --------------------------------------------------------------------------- #
# Community set-up
# --------------------------------------------------------------------------- #


def community_set_up(*, community: CommunityPage) -> None:
    """Run on every publish: the community's sections exist, its groups,
    permissions, privacy and workflow match its settings, and whoever created
    it facilitates it."""
    with transaction.atomic():
        community_sync_access(community)
        if community.owner_id and not Membership.objects.filter(community=community).exists():
            membership = Membership.objects.create(
                user_id=community.owner_id,
                community=community,
                role=Role.FACILITATOR,
                state=MembershipState.ACTIVE,
                joined_at=clock.now(),
            )
            membership_sync_groups(membership, community=community)
        community_create_sections(community=community)


def community_create_sections(*, community: CommunityPage) -> list:
    """Add (and publish) the section index pages listed in
    STAFFROOM_COMMUNITY_SECTIONS that the community does not have yet."""
    created = []
    for section in settings.STAFFROOM_COMMUNITY_SECTIONS:
        model = apps.get_model(section["model"])
        if model.objects.child_of(community).exists():
            continue
        page = model(title=section["title"], slug=section["slug"], owner_id=community.owner_id)
        community.add_child(instance=page)
        page.save_revision(user=None).publish()
        created.append(page)
    return created


# --------------------------------------------------------------------------- #
# Membership
# --------------------------------------------------------------------------- #


def _locked(membership_id: int) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("community", "user")
        .get(pk=membership_id)
    )


def _activate(membership: Membership) -> None:
    membership.state = MembershipState.ACTIVE
    membership.joined_at = clock.now()
    membership.save(update_fields=["state", "joined_at"])
    membership_sync_groups(membership)


def _other_facilitators(membership: Membership) -> bool:
    return (
        Membership.objects.facilitators()
        .filter(community_id=membership.community_id)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_join(
    *, user: AbstractBaseUser, community: CommunityPage, message: str = ""
) -> Membership:
    """Join an open community at once, or ask to join a by-request one."""
    if not user.is_authenticated:
        raise PermissionDenied
    existing = Membership.objects.filter(user=user, community=community).first()
    if existing is not None:
        raise MembershipError(
            "You are already a member of this community."
            if existing.is_active
            else "Your request to join is already with the facilitators."
        )
    if community.join_policy == JoinPolicy.OPEN:
        membership = Membership.objects.create(
            user=user,
            community=community,
            role=Role.MEMBER,
            state=MembershipState.ACTIVE,
            joined_at=clock.now(),
        )
        membership_sync_groups(membership, community=community)
        ledger.record(actor=user, verb=Verb.JOINED, community=community)
    else:
        membership = Membership.objects.create(
            user=user,
            community=community,
            role=Role.MEMBER,
            state=MembershipState.REQUESTED,
            message=message.strip()[:500],
        )
        ledger.record(actor=user, verb=Verb.REQUESTED, community=community)
        notify(
            kind=NotificationKind.JOIN_REQUESTED,
            recipients=facilitator_ids(community),
            community=community,
            actor=user,
            detail=membership.message,
        )
    forget_memberships(user)
    return membership


@transaction.atomic
def membership_approve(*, actor: AbstractBaseUser, membership: Membership) -> Membership:
    membership = _locked(membership.pk)
    if not can_facilitate(actor, membership.community):
        raise PermissionDenied
    if membership.is_active:
        raise MembershipError(f"{membership.user.profile} is already a member.")
    _activate(membership)
    ledger.record(
        actor=actor, verb=Verb.APPROVED, community=membership.community, recipient=membership.user
    )
    ledger.record(actor=membership.user, verb=Verb.JOINED, community=membership.community)
    notify(
        kind=NotificationKind.JOIN_APPROVED,
        recipients=[membership.user_id],
        community=membership.community,
        actor=actor,
    )
    return membership


@transaction.atomic
def membership_decline(*, actor: AbstractBaseUser, membership: Membership) -> None:
    membership = _locked(membership.pk)
    if not can_facilitate(actor, membership.community):
        raise PermissionDenied
    if membership.is_active:
        raise MembershipError("Only a pending request can be declined.")
    ledger.record(
        actor=actor, verb=Verb.DECLINED, community=membership.community, recipient=membership.user
    )
    notify(
        kind=NotificationKind.JOIN_DECLINED,
        recipients=[membership.user_id],
        community=membership.community,
        actor=actor,
    )
    membership.delete()


@transaction.atomic
def membership_leave(*, user: AbstractBaseUser, community: CommunityPage) -> None:
    """Leave a community, or withdraw a request to join."""
    membership = (
        Membership.objects.select_for_update().filter(user=user, community=community).first()
    )
    if membership is None:
        raise MembershipError("You are not a member of this community.")
    if membership.is_facilitator and not _other_facilitators(membership):
        raise MembershipError(
            "You are this community's only facilitator. Make another member a "
            "facilitator before you leave."
        )
    was_active = membership.is_active
    membership.delete()
    user_remove_from_community_groups(user, community)
    ledger.record(
        actor=user, verb=Verb.LEFT if was_active else Verb.REQUEST_WITHDRAWN, community=community
    )
    forget_memberships(user)


@transaction.atomic
def membership_remove(*, actor: AbstractBaseUser, membership: Membership) -> None:
    membership = _locked(membership.pk)
    community = membership.community
    if not can_facilitate(actor, community):
        raise PermissionDenied
    if membership.user_id == actor.pk:
        raise MembershipError("To leave the community yourself, use “Leave”.")
    if membership.is_facilitator and not _other_facilitators(membership):
        raise MembershipError("A community always keeps at least one facilitator.")
    membership.delete()
    user_remove_from_community_groups(membership.user, community)
    ledger.record(actor=actor, verb=Verb.REMOVED, community=community, recipient=membership.user)


@transaction.atomic
def membership_make_facilitator(*, actor: AbstractBaseUser, membership: Membership) -> Membership:
    membership = _locked(membership.pk)
    if not can_facilitate(actor, membership.community):
        raise PermissionDenied
    if not membership.is_active:
        raise MembershipError("Approve the request first; only members can facilitate.")
    if membership.role == Role.FACILITATOR:
        raise MembershipError(f"{membership.user.profile} already facilitates this community.")
    membership.role = Role.FACILITATOR
    membership.save(update_fields=["role"])
    membership_sync_groups(membership)
    ledger.record(
        actor=membership.user,
        verb=Verb.PROMOTED,
        community=membership.community,
        data={"by": actor.pk},
    )
    return membership


@transaction.atomic
def membership_step_down(*, actor: AbstractBaseUser, membership: Membership) -> Membership:
    """A facilitator steps down, or another facilitator (or a site
    administrator) stands them down — never the last one."""
    membership = _locked(membership.pk)
    is_self = membership.user_id == actor.pk
    if not (is_self or can_facilitate(actor, membership.community)):
        raise PermissionDenied
    if not membership.is_facilitator:
        raise MembershipError("Only a facilitator can step down.")
    if not _other_facilitators(membership):
        raise MembershipError(
            "A community always keeps at least one facilitator. Make another member "
            "a facilitator first."
        )
    membership.role = Role.MEMBER
    membership.save(update_fields=["role"])
    membership_sync_groups(membership)
    # Like "became a facilitator", the row is about the facilitator; "by" keeps
    # who decided it (themselves, or a site administrator standing them down).
    ledger.record(
        actor=membership.user,
        verb=Verb.STEPPED_DOWN,
        community=membership.community,
        data={"by": actor.pk},
    )
    return membership


# --------------------------------------------------------------------------- #
# People
# --------------------------------------------------------------------------- #


@transaction.atomic
def profile_create(
    *, user: AbstractBaseUser, display_name: str, school: School | None = None, **fields: str
) -> Profile:
    display_name = display_name.strip()
    return Profile.objects.create(
        user=user,
        display_name=display_name,
        handle=Profile.unique_handle(display_name),
        school=school if school is not None else School.for_email(user.email),
        **fields,
    )
