"""Telling people what happened: in-site notifications and their e-mail (at
once, or in a weekly digest), as each person chose for each community."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page

from communities import clock
from communities.models import CommunityPage, NotificationKind

from ..models import (
    Delivery,
    Notification,
    NotificationLevel,
    NotificationPreference,
    Reply,
)
from ..selectors.notifications import (
    notification_choices,
    reply_notification_recipients,
    who_may_be_told,
)
from ..tasks import send_notification_emails


def notify(
    *,
    kind: NotificationKind | str,
    recipients: Iterable[int],
    community: CommunityPage,
    actor: AbstractBaseUser | None = None,
    page: Page | None = None,
    reply: Reply | None = None,
    detail: str = "",
    target: str = "",
) -> list[Notification]:
    """Tell these people (user ids) that `actor` did `kind`. Nobody is told
    of their own doing, nor of what they may not see; conversation notices
    follow each person's level for the community; e-mail goes out after
    commit for those who want it at once (the weekly digest takes the rest).
    A fixed number of queries however many people are told."""
    kind = NotificationKind(kind)
    people = set(recipients) - ({actor.pk} if actor is not None else set())
    people = who_may_be_told(user_ids=people, community=community, page=page)
    choices = notification_choices(user_ids=people, community=community)
    told = []
    for user_id in sorted(people):
        choice = choices[user_id]
        if kind.is_conversation and (
            choice.level == NotificationLevel.NONE
            or (
                kind == NotificationKind.REPLY_ON_FOLLOWED and choice.level != NotificationLevel.ALL
            )
        ):
            continue
        told.append(user_id)
    if not told:
        return []
    created_at = clock.now()
    notifications = [
        Notification(
            recipient_id=user_id,
            actor=actor,
            kind=kind,
            community=community,
            page=page,
            reply=reply,
            detail=detail[:2000],
            target=target[:100],
            created_at=created_at,
        )
        for user_id in told
    ]
    Notification.objects.bulk_create(notifications)
    # (Both SQLite and PostgreSQL return the new rows' ids from a bulk insert.)
    ids = [n.pk for n in notifications if choices[n.recipient_id].emails_now]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return notifications


def notifier(**kwargs) -> None:
    """What STAFFROOM_NOTIFIER names: communities' way in (it knows no `blog`)."""
    notify(**kwargs)


def notify_of_reply(*, reply: Reply, community: CommunityPage) -> None:
    """A reply became readable: the page's author, the author of the reply
    answered and the page's followers hear of it."""
    by_kind: dict[NotificationKind, list[int]] = {}
    for user_id, kind in reply_notification_recipients(reply).items():
        by_kind.setdefault(kind, []).append(user_id)
    for kind, people in by_kind.items():
        notify(
            kind=kind,
            recipients=people,
            community=community,
            actor=reply.author,
            page=reply.page,
            reply=reply,
        )


@transaction.atomic
def notification_preference_set(
    *,
    user: AbstractBaseUser,
    community: CommunityPage,
    level: str | None = None,
    delivery: str | None = None,
) -> NotificationPreference:
    if level is not None and level not in NotificationLevel.values:
        raise ValidationError("Choose one of the options.", code="level")
    if delivery is not None and delivery not in Delivery.values:
        raise ValidationError("Choose one of the options.", code="delivery")
    preference, _ = NotificationPreference.objects.get_or_create(user=user, community=community)
    preference.level = level or preference.level
    preference.delivery = delivery or preference.delivery
    preference.save(update_fields=["level", "delivery"])
    return preference


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=clock.now()
    )
