"""Reads for notifications: who hears of what, and what a person has been told."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.models import Page

from communities.models import CommunityPage, Membership, NotificationKind
from communities.selectors import AnyUser, pages_visible_to, users_who_can_view

from ..models import (
    Delivery,
    Follow,
    Notification,
    NotificationLevel,
    NotificationPreference,
    Reply,
)


@dataclass(frozen=True)
class Choice:
    level: str
    delivery: str

    @property
    def emails(self) -> bool:
        return self.level != NotificationLevel.NONE

    @property
    def emails_now(self) -> bool:
        return self.emails and self.delivery == Delivery.IMMEDIATELY


DEFAULT_CHOICE = Choice(level=NotificationLevel.REPLIES, delivery=Delivery.IMMEDIATELY)


def notification_choices(*, user_ids: Iterable[int], community: CommunityPage) -> dict[int, Choice]:
    """Each person's choice for the community (the default where they made
    none), in one query."""
    user_ids = list(user_ids)
    chosen = {
        user_id: Choice(level=level, delivery=delivery)
        for user_id, level, delivery in NotificationPreference.objects.filter(
            user_id__in=user_ids, community=community
        ).values_list("user_id", "level", "delivery")
    }
    return {pk: chosen.get(pk, DEFAULT_CHOICE) for pk in user_ids}


def notification_level(user: AnyUser, community: CommunityPage) -> str:
    return notification_choices(user_ids=[user.pk], community=community)[user.pk].level


def notification_delivery(user: AnyUser, community: CommunityPage) -> str:
    return notification_choices(user_ids=[user.pk], community=community)[user.pk].delivery


def who_may_be_told(
    *, user_ids: Iterable[int], community: CommunityPage, page: Page | None
) -> set[int]:
    """Of these people, those who may see what a notification is about: a
    published page they may read, or — for a draft, which only its writers
    and the facilitators see in the editor — active members of its
    community. A fixed number of queries however many they are."""
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    if page is not None and page.pk != community.pk and page.live:
        return users_who_can_view(page, user_ids=user_ids, community=community)
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    if page is None or page.pk == community.pk:
        return set(users.values_list("pk", flat=True))
    members = Membership.objects.active().filter(community=community).values("user_id")
    return set(users.filter(Q(pk__in=members) | Q(is_superuser=True)).values_list("pk", flat=True))


def reply_notification_recipients(reply: Reply) -> dict[int, NotificationKind]:
    """Who may hear about a new published reply, and why: the page's author,
    the author of the reply answered, and people following the page (never
    the reply's own author). Whether they may see it and what they chose is
    checked when they are told."""
    page = reply.page
    candidates: dict[int, NotificationKind] = {}
    for user_id in Follow.objects.filter(page=page).values_list("user_id", flat=True):
        candidates[user_id] = NotificationKind.REPLY_ON_FOLLOWED
    if page.owner_id:
        candidates[page.owner_id] = NotificationKind.REPLY_TO_PAGE
    if reply.parent_id and reply.parent.author_id:
        candidates[reply.parent.author_id] = NotificationKind.REPLY_TO_REPLY
    candidates.pop(reply.author_id, None)
    return candidates


def notifications_for(user: AnyUser) -> QuerySet:
    """The viewer's notifications, dropping any about a page they can no
    longer see. A draft (a page sent for review, or sent back) is seen only
    by its writers and the facilitators, so notices about one stay only while
    the person is an active member of its community."""
    notifications = Notification.objects.filter(recipient=user).select_related(
        "actor__profile", "page", "reply", "community"
    )
    visible = pages_visible_to(user).values("pk")
    member_of = Membership.objects.active().filter(user=user).values("community_id")
    return notifications.filter(
        Q(page__isnull=True) | Q(page__in=visible) | Q(page__live=False, community__in=member_of)
    )


def unread_notification_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    # Most pages are read with nothing unread: one small query says so. When
    # something is, it is counted from the same list the notifications page
    # shows, so the header never counts one about a page the person can no
    # longer see.
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if not unread.exists():
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()
