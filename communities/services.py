"""Writes that change who belongs to a community, each atomic, each checked,
each recorded in the ledger, each keeping Wagtail's groups in step."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.models import Page

from . import clock, ledger, recognition
from .access import community_sync_access, membership_sync_groups, user_remove_from_community_groups
from .locks import hold_person
from .models import (
    ActivityEvent,
    CommunityPage,
    JoinPolicy,
    Membership,
    MembershipState,
    NotificationKind,
    Profile,
    RecognitionDue,
    Role,
    School,
    Standing,
    TrustLevel,
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
    """Add, live, the section index pages listed in
    STAFFROOM_COMMUNITY_SECTIONS that the community does not have yet.

    A section is the site's own scaffolding, not anyone's writing: it is
    created live, as published, in one save — no revision or publishing
    round (which would index and announce each page twice). Editing one
    later starts its history like any page's."""
    existing = set(
        Page.objects.child_of(community).values_list(
            "content_type__app_label", "content_type__model"
        )
    )
    now = clock.now()
    created = []
    for section in settings.STAFFROOM_COMMUNITY_SECTIONS:
        model = apps.get_model(section["model"])
        if (model._meta.app_label, model._meta.model_name) in existing:
            continue
        page = model(
            title=section["title"],
            slug=section["slug"],
            owner_id=community.owner_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        community.add_child(instance=page)
        created.append(page)
    return created


# --------------------------------------------------------------------------- #
# Membership
# --------------------------------------------------------------------------- #


def _locked(membership_id: int) -> Membership:
    """The membership, locked until the transaction ends, after its
    community: facilitators' simultaneous actions in one community are taken
    in turn (the second finds what the first did, and "at least one
    facilitator" holds), always locking in the same order, community first,
    so two of them never deadlock."""
    community_id = (
        Membership.objects.filter(pk=membership_id).values_list("community_id", flat=True).first()
    )
    if community_id is not None:
        CommunityPage.objects.select_for_update(of=("self",)).filter(pk=community_id).first()
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("community", "user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise MembershipError("That has already been dealt with: the membership is gone.")
    return membership


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
    hold_person(user)  # a double click joins once
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
    hold_person(user)
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
def membership_invite_to_facilitate(
    *, actor: AbstractBaseUser, membership: Membership
) -> Membership:
    """A facilitator invites a member to co-facilitate — the way recognised
    leadership becomes a role: nobody is made a leader by hand, and nobody
    facilitates without saying yes."""
    membership = _locked(membership.pk)
    if not can_facilitate(actor, membership.community):
        raise PermissionDenied
    if not membership.is_active:
        raise MembershipError("Only members can be invited to co-facilitate.")
    if membership.role == Role.FACILITATOR:
        raise MembershipError(f"{membership.user.profile} already facilitates this community.")
    membership.facilitation_invited_by = actor
    membership.save(update_fields=["facilitation_invited_by"])
    notify(
        kind=NotificationKind.FACILITATION_INVITED,
        recipients=[membership.user_id],
        community=membership.community,
        actor=actor,
    )
    return membership


@transaction.atomic
def membership_answer_invitation(
    *, user: AbstractBaseUser, community: CommunityPage, accept: bool
) -> Membership:
    """The invited member says yes (and facilitates from now on) or not now."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("community", "user")
        .filter(user=user, community=community)
        .first()
    )
    if membership is None or membership.facilitation_invited_by_id is None:
        raise MembershipError("There is no invitation to co-facilitate to answer.")
    inviter = membership.facilitation_invited_by
    membership.facilitation_invited_by = None
    fields = ["facilitation_invited_by"]
    if accept and membership.is_active:
        membership.role = Role.FACILITATOR
        fields.append("role")
    membership.save(update_fields=fields)
    if accept and membership.is_active:
        membership_sync_groups(membership)
        ledger.record(
            actor=membership.user,
            verb=Verb.PROMOTED,
            community=community,
            data={"by": inviter.pk if inviter else None, "invited": True},
        )
    if inviter is not None:
        notify(
            kind=NotificationKind.FACILITATION_ANSWERED,
            recipients=[inviter.pk],
            community=community,
            actor=user,
            detail="Yes — they facilitate with you now." if accept else "Not for now.",
        )
    forget_memberships(user)
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


# --------------------------------------------------------------------------- #
# Recognition: standings recomputed from the ledger
# --------------------------------------------------------------------------- #

# What a person hears when their work earns (or no longer holds) trust.
TRUST_NEWS = {
    TrustLevel.CONTRIBUTOR: "You can now publish in {community} without review, and your "
    "replies appear at once.",
    TrustLevel.LEADER: "Colleagues' feedback marks you out as a leader in {community}: you may "
    "now also approve newcomers' pages and look after the conversation.",
}
TRUST_LOWERED_NEWS = (
    "Your recent work in {community} is below what {level} asks for, so your work there goes "
    "through the facilitators again for now. See why on your page."
)


def _rows(community: CommunityPage) -> list[recognition.Row]:
    """The community's ledger, in order, as the engine reads it."""
    return [
        recognition.Row(
            pk=pk,
            actor=actor,
            verb=verb,
            at=at,
            recipient=recipient,
            page=page,
            target=target,
            data=data or {},
        )
        for pk, actor, verb, at, recipient, page, target, data in ActivityEvent.objects.filter(
            community=community
        )
        .order_by("created_at", "pk")
        .values_list(
            "pk", "actor_id", "verb", "created_at", "recipient_id", "page_id", "target", "data"
        )
    ]


def _explanation(result: recognition.Standing) -> dict:
    """What the member is shown: the reasons for their level and strands,
    line by line, with the pages each came from, and the next step."""
    return {
        "trust": [{"text": line.text, "pages": line.pages} for line in result.trust_lines],
        "next_step": result.next_step,
        "strands": {
            strand.value: {
                "held": r.held,
                "lines": [{"text": line.text, "pages": line.pages} for line in r.lines],
                "progress": r.progress,
            }
            for strand, r in result.strands.items()
        },
        "counts": result.counts,
        "feedback_from": result.feedback_from,
    }


@transaction.atomic
def recognition_recompute(*, community: CommunityPage) -> list[tuple[Membership, TrustLevel]]:
    """Recompute every member's standing from the community's ledger, apply
    what changed to their permissions, and tell them. Safe to run on several
    servers at once: the community's row is locked for the run (SQLite's
    IMMEDIATE transactions serialise it the same way). Returns the changes."""
    CommunityPage.objects.select_for_update(of=("self",)).filter(pk=community.pk).first()
    RecognitionDue.objects.filter(community=community).delete()
    now = clock.now()
    memberships = list(
        Membership.objects.active().filter(community=community).select_related("user", "standing")
    )
    results = recognition.compute(
        _rows(community), members=[m.user_id for m in memberships], now=now, ordered=True
    )
    rules = recognition.Rules.from_settings()
    standings, changed = [], []
    for membership in memberships:
        result = results[membership.user_id]
        standing = getattr(membership, "standing", None) or Standing(membership=membership)
        standings.append(standing)
        before = standing.level
        level, below_since = recognition.decided_level(
            qualifies=result.trust,
            current=before,
            below_since=standing.below_since,
            now=now,
            rules=rules,
            facilitator=membership.is_facilitator,
        )
        standing.trust_level = level
        standing.qualifies_for = result.trust
        standing.below_since = below_since
        standing.influence = result.influence
        standing.strands = [s.value for s in result.held_strands]
        standing.explanation = _explanation(result)
        standing.computed_at = now
        membership.standing = standing
        if level != before:
            changed.append((membership, before, level))
    # One statement for every member, new or not (an upsert on the membership).
    Standing.objects.bulk_create(
        standings,
        update_conflicts=True,
        unique_fields=["membership"],
        update_fields=[
            "trust_level",
            "qualifies_for",
            "below_since",
            "influence",
            "strands",
            "explanation",
            "computed_at",
        ],
    )
    for membership, before, level in changed:
        membership_sync_groups(membership, community=community)
        raised = level.rank > before.rank
        ledger.record(
            actor=membership.user,
            verb=Verb.TRUST_RAISED if raised else Verb.TRUST_LOWERED,
            community=community,
            data={"from": before.value, "to": level.value},
            mark_due=False,
        )
        notify(
            kind=NotificationKind.TRUST_CHANGED,
            recipients=[membership.user_id],
            community=community,
            detail=(
                TRUST_NEWS[level].format(community=community.title)
                if raised
                else TRUST_LOWERED_NEWS.format(
                    community=community.title, level=before.label.lower()
                )
            ),
        )
    return [(m, level) for m, _, level in changed]
