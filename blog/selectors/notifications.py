"""Reads for notifications: who hears of a reply, and what a person has been told."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from communities.models import CommunityPage
from communities.selectors import AnyUser, pages_visible_to, users_who_can_view

from ..models import (
    Follow,
    Notification,
    NotificationLevel,
    NotificationPreference,
    NotificationReason,
    Reply,
)


def notification_level(user: AnyUser, community: CommunityPage) -> str:
    return notification_levels(user_ids=[user.pk], community=community)[user.pk]


def notification_levels(*, user_ids, community: CommunityPage) -> dict[int, str]:
    """Each person's e-mail level in the community (the default where they
    chose none), in one query."""
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), community=community
        ).values_list("user_id", "level")
    )
    return {pk: chosen.get(pk, NotificationLevel.REPLIES) for pk in user_ids}


def reply_notification_recipients(reply: Reply, community: CommunityPage) -> dict[int, str]:
    """Who hears about a new published reply, and why: the page's author,
    the author of the reply answered, and people following the page — each
    only if they may view the page, never the reply's own author, and as
    their per-community preference allows. A fixed number of queries
    however many people are told."""
    page = reply.page
    candidates: dict[int, str] = {}
    for user_id in Follow.objects.filter(page=page).values_list("user_id", flat=True):
        candidates[user_id] = NotificationReason.FOLLOW
    if page.owner_id:
        candidates[page.owner_id] = NotificationReason.PAGE
    if reply.parent_id and reply.parent.author_id:
        candidates[reply.parent.author_id] = NotificationReason.REPLY
    candidates.pop(reply.author_id, None)
    if not candidates:
        return {}
    active = set(
        get_user_model()
        .objects.filter(pk__in=candidates, is_active=True)
        .values_list("pk", flat=True)
    )
    viewers = users_who_can_view(page, user_ids=active, community=community)
    levels = notification_levels(user_ids=viewers, community=community)
    recipients = {}
    for user_id in sorted(viewers):
        level, reason = levels[user_id], candidates[user_id]
        if level == NotificationLevel.NONE:
            continue
        if reason == NotificationReason.FOLLOW and level != NotificationLevel.ALL:
            continue
        recipients[user_id] = reason
    return recipients


def notifications_for(user: AnyUser) -> QuerySet:
    """The viewer's notifications, dropping any whose page they can no longer see."""
    notifications = Notification.objects.filter(recipient=user).select_related(
        "actor__profile", "page", "reply"
    )
    return notifications.filter(page__in=pages_visible_to(user).values("pk"))


def unread_notification_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    # Counted from the same list the notifications page shows, so the header
    # never counts one about a page the person can no longer see.
    return notifications_for(user).filter(read_at__isnull=True).count()
