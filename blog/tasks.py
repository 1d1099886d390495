"""E-mail notifications, sent in the background once what happened is
committed: one at a time as they happen, or a person's week in one digest."""

from __future__ import annotations

import logging
from collections import defaultdict
from itertools import groupby

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from communities import clock
from communities.mail import header_text

from .models import Delivery, Notification, NotificationLevel, NotificationPreference
from .selectors.notifications import notification_choices, who_may_be_told

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "staffroom.blog.unsubscribe"
ALL_COMMUNITIES = 0  # an unsubscribe token for every community (digests span them)


def unsubscribe_token(*, user_id: int, community_id: int) -> str:
    return signing.dumps({"u": user_id, "c": community_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), int(data["c"])


def _base() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _claim(ids: list[int]) -> list[Notification]:
    """Take these notifications for e-mailing, once: a second run (another
    worker, a retry) finds them taken. SQLite's IMMEDIATE transactions and
    PostgreSQL's row locks make the read-then-mark atomic."""
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, emailed_at__isnull=True)
            .select_related("recipient", "actor__profile", "reply", "page", "community")
            .order_by("community_id", "page_id", "pk")
        )
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(emailed_at=clock.now())
    return claimed


def _still_for_them(notifications: list[Notification]) -> list[Notification]:
    """Check again, at sending time, who may still see each notice and still
    wants e-mail: membership, privacy or the choice may have changed."""
    keep = []
    key = lambda n: (n.community_id, n.page_id)  # noqa: E731
    for (_, _), group in groupby(sorted(notifications, key=key), key=key):
        group = [n for n in group if n.recipient.email]
        if not group:
            continue
        first = group[0]
        people = {n.recipient_id for n in group}
        allowed = who_may_be_told(user_ids=people, community=first.community, page=first.page)
        choices = notification_choices(user_ids=allowed, community=first.community)
        keep += [
            n
            for n in group
            if n.recipient_id in allowed
            and choices[n.recipient_id].emails
            and (n.reply is None or n.reply.is_published or not n.kind_enum.is_conversation)
        ]
    return keep


def _context(notification: Notification) -> dict:
    base = _base()
    actor = notification.actor
    return {
        "notification": notification,
        "actor": getattr(actor, "profile", actor) if actor else "Staffroom",
        "page": notification.page,
        "reply": notification.reply,
        "community": notification.community,
        "link": base + notification.link,
        "settings_url": base + reverse("notification_settings"),
    }


def _message(notification: Notification) -> EmailMultiAlternatives:
    recipient, community = notification.recipient, notification.community
    unsubscribe_url = _base() + reverse(
        "notifications_unsubscribe",
        args=[unsubscribe_token(user_id=recipient.pk, community_id=community.pk)],
    )
    context = {**_context(notification), "unsubscribe_url": unsubscribe_url}
    about = notification.page.title if notification.page_id else community.title
    subject = f"{context['actor']} {notification.reason_text}: {about}"
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + header_text(subject)[:150],
        body=render_to_string("blog/email/notification.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("blog/email/notification.html", context), "text/html"
    )
    return message


def _send(pairs: list[tuple[list[Notification], EmailMultiAlternatives]]) -> int:
    """Send each message on its own: one person's failure never stops the
    others'. A message that fails is logged and its notices are left for the
    next run to pick up."""
    sent = 0
    with get_connection() as connection:
        for notifications, message in pairs:
            message.connection = connection
            try:
                message.send()
            except Exception:
                ids = [n.pk for n in notifications]
                logger.exception(
                    "E-mail to user %s about notifications %s could not be sent; "
                    "they will be tried again",
                    notifications[0].recipient_id,
                    ids,
                )
                Notification.objects.filter(pk__in=ids).update(emailed_at=None)
            else:
                sent += 1
    return sent


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One e-mail per notification, for those who want e-mail as it happens.
    A fixed number of queries per page however many people are told."""
    notifications = _still_for_them(_claim(notification_ids))
    return _send([([n], _message(n)) for n in notifications])


def send_digests() -> int:
    """Everyone who chose a weekly digest gets one e-mail with everything
    not yet e-mailed to them; run it once a week (README: scheduling). Safe
    to run on several servers at once: each notice is claimed once."""
    weekly = NotificationPreference.objects.filter(
        user=OuterRef("recipient"), community=OuterRef("community"), delivery=Delivery.WEEKLY
    ).exclude(level=NotificationLevel.NONE)
    ids = list(
        Notification.objects.filter(Exists(weekly), emailed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    notifications = _still_for_them(_claim(ids))
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_person[notification.recipient_id].append(notification)
    pairs = []
    base = _base()
    for notices in by_person.values():
        recipient = notices[0].recipient
        unsubscribe_url = base + reverse(
            "notifications_unsubscribe",
            args=[unsubscribe_token(user_id=recipient.pk, community_id=ALL_COMMUNITIES)],
        )
        notices.sort(key=lambda n: (n.community.title, n.created_at))
        context = {
            "items": [_context(n) for n in notices],
            "unsubscribe_url": unsubscribe_url,
            "settings_url": base + reverse("notification_settings"),
        }
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your week on Staffroom: "
            f"{len(notices)} thing{'s' if len(notices) != 1 else ''} to see",
            body=render_to_string("blog/email/digest.txt", context),
            to=[recipient.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string("blog/email/digest.html", context), "text/html")
        pairs.append((notices, message))
    return _send(pairs)
