"""The conversation every community page carries: threaded replies,
appreciations, reports of concern and follows. Content apps show it through
the `{% reply_thread_for page %}` template tag."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from communities import clock

# --------------------------------------------------------------------------- #
# Replies
# --------------------------------------------------------------------------- #


class ReplyKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    QUESTION = "question", "Question"
    WARM = "warm", "Warm feedback"
    COOL = "cool", "Cool feedback"


class ReplyState(models.TextChoices):
    PUBLISHED = "published", "Published"
    AWAITING = "awaiting", "Awaiting review"
    HIDDEN = "hidden", "Hidden by a facilitator"
    DELETED = "deleted", "Deleted by its author"


class ReplyQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(state=ReplyState.PUBLISHED)

    def awaiting_review(self):
        return self.filter(state=ReplyState.AWAITING)


class Reply(index.Indexed, models.Model):
    """A reply to a page or to another reply. `path` is the materialised path
    (each ancestor's zero-padded id), so ordering by it reads a whole thread
    depth-first, siblings oldest first, in one query. Its words are in the
    site's search index (who may find them is decided at search time)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replies"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    kind = models.CharField(max_length=16, choices=ReplyKind.choices, default=ReplyKind.COMMENT)
    body = models.TextField(help_text="As written (light Markdown).")
    body_html = models.TextField(editable=False, help_text="Rendered and sanitised.")
    state = models.CharField(
        max_length=16, choices=ReplyState.choices, default=ReplyState.PUBLISHED, db_index=True
    )
    moderation_reason = models.CharField(max_length=300, blank=True)
    changed_practice_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The form's one-time key: a second click or a resent form finds the reply
    # the first one made instead of making another.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ReplyQuerySet.as_manager()

    search_fields = [
        index.SearchField("body"),
        index.FilterField("state"),
        index.FilterField("page"),
    ]

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="reply_once_per_submission"
            )
        ]
        indexes = [models.Index(fields=["page", "path"])]

    def __str__(self) -> str:
        return f"Reply {self.pk} on page {self.page_id}"

    def get_absolute_url(self) -> str:
        return f"{self.page.url}#reply-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.state == ReplyState.PUBLISHED

    @property
    def is_awaiting_review(self) -> bool:
        return self.state == ReplyState.AWAITING

    @property
    def is_hidden(self) -> bool:
        return self.state == ReplyState.HIDDEN

    @property
    def is_deleted(self) -> bool:
        return self.state == ReplyState.DELETED

    @property
    def is_removed(self) -> bool:
        return self.state in {ReplyState.DELETED, ReplyState.HIDDEN}

    @property
    def shows_kind(self) -> bool:
        """A plain comment carries no badge; a question or feedback does."""
        return self.kind != ReplyKind.COMMENT

    @property
    def changed_practice(self) -> bool:
        return self.changed_practice_at is not None


# --------------------------------------------------------------------------- #
# Appreciation
# --------------------------------------------------------------------------- #


class AppreciationKind(models.TextChoices):
    HELPFUL = "helpful", "Helpful"
    MADE_ME_THINK = "think", "Made me think"
    WILL_TRY = "try", "I'll try this"


class Appreciation(models.Model):
    """One person's appreciation of a page or a reply — one of each kind per
    person per item."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appreciations"
    )
    kind = models.CharField(max_length=16, choices=AppreciationKind.choices)
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="appreciations"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="appreciations"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(page__isnull=False, reply__isnull=True)
                    | Q(page__isnull=True, reply__isnull=False)
                ),
                name="appreciation_of_page_or_reply",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "page"],
                condition=Q(reply__isnull=True),
                name="one_appreciation_per_kind_per_page",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "reply"],
                condition=Q(page__isnull=True),
                name="one_appreciation_per_kind_per_reply",
            ),
        ]

    def __str__(self) -> str:
        what = f"reply {self.reply_id}" if self.reply_id else f"page {self.page_id}"
        return f"{self.get_kind_display()} on {what}"


# --------------------------------------------------------------------------- #
# Moderation
# --------------------------------------------------------------------------- #


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """A concern about a reflection or a reply, for the community's facilitators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="reports")
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        what = f"reply {self.reply_id}" if self.reply_id else f"page {self.page_id}"
        return f"Concern about {what}"


# --------------------------------------------------------------------------- #
# Following a page's conversation
# --------------------------------------------------------------------------- #


class Follow(models.Model):
    """Someone following a page's conversation: they hear of new replies
    (when their notification level is "all")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.page_id}"
