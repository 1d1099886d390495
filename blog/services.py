"""Writes for the conversation: replies, appreciations, moderation and
notifications. Each is atomic and checked; e-mail goes out after commit."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from communities import ledger
from communities.models import ActivityEvent, CommunityPage, Verb, Visibility
from communities.selectors import (
    can_view_page,
    community_for_page,
    is_active_member,
    is_facilitator,
)

from . import markup
from .models import (
    Appreciation,
    AppreciationKind,
    Notification,
    NotificationLevel,
    NotificationPreference,
    ReflectionPage,
    Reply,
    ReplyKind,
    ReplyState,
    Report,
    Watch,
)
from .selectors import reply_notification_recipients


class ReplyError(ValidationError):
    """The reply cannot be accepted as written (empty, too long, too many)."""


class RateLimited(ReplyError):
    pass


# --------------------------------------------------------------------------- #
# Checks
# --------------------------------------------------------------------------- #


def _community_or_404(page: Page) -> CommunityPage:
    community = community_for_page(page)
    if community is None:
        raise PermissionDenied("Replies belong to community pages.")
    return community


def can_reply(user: AbstractBaseUser, page: Page, community: CommunityPage | None = None) -> bool:
    """Only signed-in members of the page's community who may view it reply."""
    if not user.is_authenticated:
        return False
    community = community or community_for_page(page)
    if community is None or community.pk == page.pk:
        return False
    return can_view_page(user, page, community) and is_active_member(user, community)


def can_moderate(user: AbstractBaseUser, community: CommunityPage) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or is_facilitator(user, community)))


def _check_body(body: str) -> str:
    # Length first, before any parsing: a huge body costs nothing to refuse.
    if len(body) > settings.STAFFROOM_REPLY_MAX_LENGTH:
        raise ReplyError(
            f"Your reply is too long ({len(body):,} characters). Please keep it under "
            f"{settings.STAFFROOM_REPLY_MAX_LENGTH:,} characters.",
            code="too_long",
        )
    body = body.replace("\r\n", "\n").strip()
    # Zero-width and other invisible characters are not words either.
    if not body or not markup._visible(body):
        raise ReplyError("Your reply is empty. Write something before you send it.", code="empty")
    return body


def _rate_limit(user: AbstractBaseUser) -> None:
    count, seconds = settings.STAFFROOM_REPLY_RATE_LIMIT
    window = int(timezone.now().timestamp()) // seconds
    key = f"reply-rate:{user.pk}:{window}"
    if cache.add(key, 1, timeout=seconds):
        return
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return
    if sent > count:
        raise RateLimited(
            f"You've sent {count} replies in the last few minutes. Please wait a "
            "moment before sending another — your text is kept below.",
            code="rate_limited",
        )


def _is_newcomer(user: AbstractBaseUser, community: CommunityPage) -> bool:
    if is_facilitator(user, community) or user.is_superuser:
        return False
    published = (
        Reply.objects.published().filter(author=user, page__path__startswith=community.path).count()
    )
    return published < settings.STAFFROOM_NEWCOMER_REPLIES_HELD


def holds_newcomer_replies(community: CommunityPage) -> bool:
    """Per community; by default on for public communities (strangers can
    read them) and off for members-only ones."""
    if community.hold_newcomer_replies is not None:
        return community.hold_newcomer_replies
    return community.visibility == Visibility.PUBLIC


# --------------------------------------------------------------------------- #
# Replies
# --------------------------------------------------------------------------- #


def _recipient_of(reply: Reply):
    return reply.parent.author if reply.parent_id else reply.page.owner


def _on_published(reply: Reply, community: CommunityPage) -> None:
    ledger.record(
        actor=reply.author,
        verb=Verb.REPLIED,
        community=community,
        page=reply.page,
        recipient=_recipient_of(reply),
        target=f"blog.reply:{reply.pk}",
        data={"kind": reply.kind},
    )
    recipients = reply_notification_recipients(reply, community)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id, actor=reply.author, reply=reply, page=reply.page, reason=reason
        )
        for user_id, reason in recipients.items()
    )
    ids = [n.pk for n in notifications if n.pk] or list(
        Notification.objects.filter(reply=reply).values_list("pk", flat=True)
    )
    if ids:
        from .tasks import send_reply_notifications

        transaction.on_commit(lambda: send_reply_notifications.enqueue(ids))


_STEP = 11  # one level of the materialised path: a zero-padded id and "/"


def _child_path(parent: Reply | None, pk: int) -> str:
    """The path of a new reply. Two colleagues can answer each other for ever,
    but the path column has a fixed length (PostgreSQL enforces it): past the
    deepest level it can hold, answers become siblings at that level, in the
    order they were written — they are shown flat long before that anyway."""
    prefix = parent.path if parent else ""
    levels = Reply._meta.get_field("path").max_length // _STEP
    return f"{prefix[: (levels - 1) * _STEP]}{pk:010d}/"


def reply_post(
    *,
    user: AbstractBaseUser,
    page: Page,
    body: str,
    kind: str = ReplyKind.COMMENT,
    parent: Reply | None = None,
    submission_key: uuid.UUID | None = None,
) -> tuple[Reply, bool]:
    """Post a reply; returns (reply, created). The same submission twice
    returns the first reply."""
    community = _community_or_404(page)
    if not can_reply(user, page, community):
        raise PermissionDenied
    if kind not in ReplyKind.values:
        raise ReplyError("Choose what kind of reply this is.", code="kind")
    body = _check_body(body)
    if submission_key is not None:
        existing = Reply.objects.filter(author=user, submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    if parent is not None:
        if parent.page_id != page.pk:
            raise PermissionDenied
        if parent.state != ReplyState.PUBLISHED:
            raise ReplyError("That reply can no longer be answered.", code="parent")
    _rate_limit(user)
    state = (
        ReplyState.AWAITING
        if holds_newcomer_replies(community) and _is_newcomer(user, community)
        else ReplyState.PUBLISHED
    )
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                page=page,
                author=user,
                parent=parent,
                kind=kind,
                body=body,
                body_html=markup.render(body),
                state=state,
                depth=(parent.depth + 1) if parent else 1,
                path="",
                submission_key=submission_key or uuid.uuid4(),
            )
            reply.path = _child_path(parent, reply.pk)
            Reply.objects.filter(pk=reply.pk).update(path=reply.path)
            Watch.objects.get_or_create(user=user, page=page)
            if state == ReplyState.PUBLISHED:
                _on_published(reply, community)
    except IntegrityError:
        # A concurrent resend of the same form won the race.
        existing = Reply.objects.filter(author=user, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return reply, True


@transaction.atomic
def reply_edit(*, user: AbstractBaseUser, reply: Reply, body: str) -> Reply:
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.author_id != user.pk or reply.is_removed:
        raise PermissionDenied
    if timezone.now() - reply.created_at > settings.STAFFROOM_REPLY_EDIT_WINDOW:
        minutes = int(settings.STAFFROOM_REPLY_EDIT_WINDOW.total_seconds() // 60)
        raise ReplyError(
            f"Replies can be edited for {minutes} minutes after posting.", code="edit_window"
        )
    body = _check_body(body)
    reply.body = body
    reply.body_html = markup.render(body)
    reply.edited_at = timezone.now()
    reply.save(update_fields=["body", "body_html", "edited_at"])
    return reply


@transaction.atomic
def reply_delete(*, user: AbstractBaseUser, reply: Reply) -> None:
    """The author deletes their reply. Its words go; if others answered it,
    it stays in the thread as "[deleted]" so the conversation stays whole."""
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    if reply.author_id != user.pk or reply.state == ReplyState.DELETED:
        raise PermissionDenied
    was_published = reply.is_published
    reply.state = ReplyState.DELETED
    reply.body = ""
    reply.body_html = ""
    reply.save(update_fields=["state", "body", "body_html"])
    if was_published:
        ledger.record(
            actor=user,
            verb=Verb.REPLY_DELETED,
            community=_community_or_404(reply.page),
            page=reply.page,
            target=f"blog.reply:{reply.pk}",
        )


@transaction.atomic
def reply_hide(*, actor: AbstractBaseUser, reply: Reply, reason: str) -> Reply:
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    community = _community_or_404(reply.page)
    if not can_moderate(actor, community):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ReplyError("Say why the reply is hidden — its author will see this.", code="reason")
    if reply.state not in {ReplyState.PUBLISHED, ReplyState.AWAITING}:
        raise ReplyError("Only a published or waiting reply can be hidden.", code="state")
    reply.state = ReplyState.HIDDEN
    reply.moderation_reason = reason[:300]
    reply.save(update_fields=["state", "moderation_reason"])
    ledger.record(
        actor=actor,
        verb=Verb.REPLY_HIDDEN,
        community=community,
        page=reply.page,
        recipient=reply.author,
        target=f"blog.reply:{reply.pk}",
    )
    Report.objects.open().filter(reply=reply).update(resolved_at=timezone.now(), resolved_by=actor)
    return reply


@transaction.atomic
def reply_unhide(*, actor: AbstractBaseUser, reply: Reply) -> Reply:
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    community = _community_or_404(reply.page)
    if not can_moderate(actor, community):
        raise PermissionDenied
    if reply.state != ReplyState.HIDDEN:
        raise ReplyError("That reply is not hidden.", code="state")
    reply.state = ReplyState.PUBLISHED
    reply.moderation_reason = ""
    reply.save(update_fields=["state", "moderation_reason"])
    # A newcomer's held reply can be hidden before it was ever published;
    # letting it through now is its publication (ledger, notifications), once.
    if not ActivityEvent.objects.filter(
        verb=Verb.REPLIED, target=f"blog.reply:{reply.pk}"
    ).exists():
        _on_published(reply, community)
    else:
        # The undo of a hide is a row of its own; history is never edited.
        ledger.record(
            actor=actor,
            verb=Verb.REPLY_RESTORED,
            community=community,
            page=reply.page,
            recipient=reply.author,
            target=f"blog.reply:{reply.pk}",
        )
    return reply


@transaction.atomic
def reply_approve(*, actor: AbstractBaseUser, reply: Reply) -> Reply:
    """A facilitator lets a newcomer's held reply through."""
    reply = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("page", "parent")
        .get(pk=reply.pk)
    )
    community = _community_or_404(reply.page)
    if not can_moderate(actor, community):
        raise PermissionDenied
    if reply.state != ReplyState.AWAITING:
        raise ReplyError("That reply is not waiting for review.", code="state")
    reply.state = ReplyState.PUBLISHED
    reply.save(update_fields=["state"])
    _on_published(reply, community)
    return reply


@transaction.atomic
def changed_practice_toggle(*, user: AbstractBaseUser, reply: Reply) -> bool:
    """The page's author says a reply changed their practice — the strongest
    feedback there is. Returns whether it is now marked."""
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    community = _community_or_404(reply.page)
    if reply.page.owner_id != user.pk or reply.author_id == user.pk or not reply.is_published:
        raise PermissionDenied
    if not can_view_page(user, reply.page, community):
        raise PermissionDenied
    marked = reply.changed_practice_at is None
    reply.changed_practice_at = timezone.now() if marked else None
    reply.save(update_fields=["changed_practice_at"])
    ledger.record(
        actor=user,
        verb=Verb.CHANGED_PRACTICE if marked else Verb.CHANGED_PRACTICE_WITHDRAWN,
        community=community,
        page=reply.page,
        recipient=reply.author,
        target=f"blog.reply:{reply.pk}",
    )
    return marked


# --------------------------------------------------------------------------- #
# Appreciation
# --------------------------------------------------------------------------- #


@transaction.atomic
def appreciation_toggle(
    *, user: AbstractBaseUser, kind: str, page: Page | None = None, reply: Reply | None = None
) -> bool:
    """Toggle one kind of appreciation of a page or a reply. Never of one's
    own work. Returns whether it is now on."""
    if (page is None) == (reply is None) or kind not in AppreciationKind.values:
        raise PermissionDenied
    target_page = reply.page if reply is not None else page
    community = _community_or_404(target_page)
    if not user.is_authenticated or not can_view_page(user, target_page, community):
        raise PermissionDenied
    if community.pk == target_page.pk or not is_active_member(user, community):
        raise PermissionDenied
    if reply is not None and not reply.is_published:
        raise PermissionDenied
    author = reply.author if reply is not None else target_page.owner
    if author is not None and author.pk == user.pk:
        raise ReplyError("You can't appreciate your own work.", code="own")
    existing = Appreciation.objects.filter(user=user, kind=kind, page=page, reply=reply).first()
    target = f"blog.reply:{reply.pk}" if reply is not None else ""
    if existing is not None:
        existing.delete()
        ledger.record(
            actor=user,
            verb=Verb.APPRECIATION_WITHDRAWN,
            community=community,
            page=target_page,
            recipient=author,
            target=target,
            data={"kind": kind},
        )
        return False
    Appreciation.objects.create(user=user, kind=kind, page=page, reply=reply)
    ledger.record(
        actor=user,
        verb=Verb.APPRECIATED,
        community=community,
        page=target_page,
        recipient=author,
        target=target,
        data={"kind": kind},
    )
    return True


# --------------------------------------------------------------------------- #
# Reports
# --------------------------------------------------------------------------- #


@transaction.atomic
def report_create(
    *, user: AbstractBaseUser, page: Page, reason: str, reply: Reply | None = None
) -> Report:
    community = _community_or_404(page)
    if not user.is_authenticated or not can_view_page(user, page, community):
        raise PermissionDenied
    if reply is not None and (reply.page_id != page.pk or not reply.is_published):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ReplyError("Tell the facilitators what concerns you.", code="reason")
    return Report.objects.create(
        reporter=user, page=page, reply=reply, community=community, reason=reason[:1000]
    )


@transaction.atomic
def report_resolve(*, actor: AbstractBaseUser, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("community").get(pk=report.pk)
    if not can_moderate(actor, report.community):
        raise PermissionDenied
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


# --------------------------------------------------------------------------- #
# Notifications
# --------------------------------------------------------------------------- #


@transaction.atomic
def notification_preference_set(
    *, user: AbstractBaseUser, community: CommunityPage, level: str
) -> NotificationPreference:
    if level not in NotificationLevel.values:
        raise ReplyError("Choose one of the options.", code="level")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, community=community, defaults={"level": level}
    )
    return preference


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def watch_toggle(*, user: AbstractBaseUser, page: Page) -> bool:
    if not user.is_authenticated or not can_view_page(user, page):
        raise PermissionDenied
    deleted, _ = Watch.objects.filter(user=user, page=page).delete()
    if deleted:
        return False
    Watch.objects.create(user=user, page=page)
    return True


# --------------------------------------------------------------------------- #
# Reflections in the ledger
# --------------------------------------------------------------------------- #


def reflection_published(*, page: ReflectionPage) -> None:
    """The first publication of a reflection counts once; later edits don't."""
    from communities.models import ActivityEvent

    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    events = ActivityEvent.objects.filter(page=page)
    published = events.filter(verb=Verb.PUBLISHED_REFLECTION).count()
    if published > events.filter(verb=Verb.UNPUBLISHED).count():
        return  # already counted as live; this is an edit
    ledger.record(actor=page.owner, verb=Verb.PUBLISHED_REFLECTION, community=community, page=page)
    Watch.objects.get_or_create(user_id=page.owner_id, page=page)


def reflection_unpublished(*, page: ReflectionPage) -> None:
    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    ledger.record(actor=page.owner, verb=Verb.UNPUBLISHED, community=community, page=page)
