"""Notifications: what each person is told, in the site and by e-mail, and
how much they chose to hear from each community."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.urls import reverse
from wagtail.models import Page

from communities import clock
from communities.models import NotificationKind

from .conversation import Reply

# Where the notices of a later layer lead (inquiries' meeting cycle sends
# reminders that belong on its own pages); `blog` never imports that layer,
# so the layer says it here, from its AppConfig.ready().
_LINKS: dict[NotificationKind, Callable[[Notification], str]] = {}


def link_notices(kind: NotificationKind, where: Callable[[Notification], str]) -> None:
    """Send the reader of notices of this kind to `where(notification)`."""
    _LINKS[NotificationKind(kind)] = where


class NotificationLevel(models.TextChoices):
    ALL = "all", "All activity on pages I follow"
    REPLIES = "replies", "Only replies to me"
    NONE = "none", "Nothing"


class Delivery(models.TextChoices):
    IMMEDIATELY = "now", "As it happens"
    WEEKLY = "weekly", "In one weekly digest"


class NotificationPreference(models.Model):
    """One person's choice for one community: how much they hear by e-mail
    (what concerns them — their requests, pages and replies, or their role as
    facilitator — is always in the site, and e-mailed unless they chose
    nothing), and whether e-mail comes as it happens or in a weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(
        max_length=16, choices=NotificationLevel.choices, default=NotificationLevel.REPLIES
    )
    delivery = models.CharField(
        max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"], name="one_preference_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id}: {self.level}, {self.delivery}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def not_emailed(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One thing one person is told: `actor` did `kind` (to `page`, `reply`),
    in `community`; `detail` carries what they said with it (a facilitator's
    reason, a reviewer's comment)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    detail = models.TextField(max_length=2000, blank=True)
    # What a later layer's notice is about, named as the ledger names it
    # ("inquiries.meeting:12"): `blog` keeps no key to that layer's rows, and
    # the layer's link (see `link_notices`) reads it back.
    target = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by e-mail (at once or in a digest); never e-mailed twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"To {self.recipient_id}: {self.reason_text}"

    @property
    def reason_text(self) -> str:
        return self.get_kind_display()

    @property
    def kind_enum(self) -> NotificationKind:
        return NotificationKind(self.kind)

    @property
    def link(self) -> str:
        """Where the notification takes its reader: to the work waiting for
        a facilitator, to the editor for a page to change, else to the page
        (at the reply) or the community."""
        kind = self.kind_enum
        if kind in _LINKS:
            return _LINKS[kind](self)
        if kind == NotificationKind.JOIN_REQUESTED:
            return reverse("community_members", args=[self.community_id])
        if kind in (NotificationKind.REPLY_HELD, NotificationKind.CONCERN_REPORTED):
            return reverse("moderation", args=[self.community_id])
        if self.page_id and kind in (
            NotificationKind.PAGE_SUBMITTED,
            NotificationKind.PAGE_CHANGES_REQUESTED,
        ):
            return reverse("wagtailadmin_pages:edit", args=[self.page_id])
        if self.page_id and self.page.live:
            return self.page.url + (f"#reply-{self.reply_id}" if self.reply_id else "")
        return self.community.url
