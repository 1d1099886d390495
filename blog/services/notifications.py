"""Telling people what happened: in-site notifications and their e-mail,
and each person's choice of how much they hear."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from communities import clock
from communities.models import CommunityPage

from ..models import Notification, NotificationLevel, NotificationPreference, Reply
from ..selectors import reply_notification_recipients
from ..tasks import send_reply_notifications


def notify_of_reply(*, reply: Reply, community: CommunityPage) -> list[int]:
    """Tell everyone who should hear of a newly published reply, in the site
    at once and by e-mail after commit. A fixed number of queries however
    many people are told."""
    recipients = reply_notification_recipients(reply, community)
    if not recipients:
        return []
    Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id, actor=reply.author, reply=reply, page=reply.page, reason=reason
        )
        for user_id, reason in recipients.items()
    )
    ids = list(Notification.objects.filter(reply=reply).values_list("pk", flat=True))
    transaction.on_commit(lambda: send_reply_notifications.enqueue(ids))
    return ids


@transaction.atomic
def notification_preference_set(
    *, user: AbstractBaseUser, community: CommunityPage, level: str
) -> NotificationPreference:
    if level not in NotificationLevel.values:
        raise ValidationError("Choose one of the options.", code="level")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, community=community, defaults={"level": level}
    )
    return preference


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=clock.now()
    )
