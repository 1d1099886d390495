"""E-mail notifications, sent in the background after the reply is committed."""

from __future__ import annotations

import logging
from itertools import groupby

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from communities.selectors import community_for_page, users_who_can_view

from .models import Notification, NotificationLevel
from .selectors.notifications import notification_levels

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "staffroom.blog.unsubscribe"


def unsubscribe_token(*, user_id: int, community_id: int) -> str:
    return signing.dumps({"u": user_id, "c": community_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), int(data["c"])


def _message(notification: Notification, community, base: str) -> EmailMultiAlternatives:
    recipient, page, reply = notification.recipient, notification.page, notification.reply
    unsubscribe_url = base + reverse(
        "notifications_unsubscribe",
        args=[unsubscribe_token(user_id=recipient.pk, community_id=community.pk)],
    )
    context = {
        "notification": notification,
        "actor": getattr(notification.actor, "profile", notification.actor),
        "page": page,
        "reply": reply,
        "community": community,
        "reply_url": base + page.url + f"#reply-{reply.pk}",
        "unsubscribe_url": unsubscribe_url,
        "settings_url": base + reverse("notification_settings"),
    }
    subject = f"{context['actor']} {notification.reason_text}: {page.title}"
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject[:150],
        body=render_to_string("blog/email/reply_notification.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("blog/email/reply_notification.html", context), "text/html"
    )
    return message


@task()
def send_reply_notifications(notification_ids: list[int]) -> int:
    """Send one e-mail per notification. Who may see the page, and each
    person's choice, are checked again here: membership, privacy or the
    choice may have changed since the reply. A fixed number of queries per
    page however many people are told; one person's failed e-mail does not
    stop the others'."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    notifications = (
        Notification.objects.filter(pk__in=notification_ids)
        .select_related("recipient", "actor__profile", "reply", "page")
        .order_by("page_id", "pk")
    )
    messages = []
    for _, group in groupby(notifications, key=lambda n: n.page_id):
        group = [n for n in group if n.recipient.email and n.reply.is_published]
        if not group:
            continue
        page = group[0].page
        community = community_for_page(page)
        if community is None:
            continue
        people = {n.recipient_id for n in group}
        viewers = users_who_can_view(page, user_ids=people, community=community)
        levels = notification_levels(user_ids=viewers, community=community)
        messages += [
            (n, _message(n, community, base))
            for n in group
            if n.recipient_id in viewers and levels[n.recipient_id] != NotificationLevel.NONE
        ]
    sent = 0
    with get_connection() as connection:
        for notification, message in messages:
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception(
                    "Reply notification %s to user %s could not be sent",
                    notification.pk,
                    notification.recipient_id,
                )
            else:
                sent += 1
    return sent
