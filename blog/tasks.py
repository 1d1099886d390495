"""E-mail notifications, sent in the background after the reply is committed."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

UNSUBSCRIBE_SALT = "staffroom.blog.unsubscribe"


def unsubscribe_token(*, user_id: int, community_id: int) -> str:
    return signing.dumps({"u": user_id, "c": community_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), int(data["c"])


@task()
def send_reply_notifications(notification_ids: list[int]) -> int:
    """Send one e-mail per notification. Who may see the page is checked
    again here: membership or privacy may have changed since the reply."""
    from communities.selectors import can_view_page, community_for_page

    from .models import Notification, ReplyState
    from .selectors import notification_level

    sent = 0
    notifications = Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient", "actor__profile", "reply", "page"
    )
    for notification in notifications:
        recipient, page, reply = notification.recipient, notification.page, notification.reply
        if not recipient.email or reply.state != ReplyState.PUBLISHED:
            continue
        community = community_for_page(page)
        if community is None or not can_view_page(recipient, page, community):
            continue
        if notification_level(recipient, community) == "none":
            continue
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
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
        message.send()
        sent += 1
    return sent
