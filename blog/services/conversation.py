"""Writes for the conversation on any community page: replies, moderation,
appreciations, "this changed my practice", reports of concern and follows.

`ConversationRights` is the one answer to "may this person do this here?":
the thread's buttons are drawn from it and every service below checks it, so
a page never offers what its endpoint refuses, nor the other way round."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Page

from communities import clock, ledger, pagecache
from communities.locks import hold_person
from communities.models import (
    ActivityEvent,
    CommunityPage,
    NotificationKind,
    TrustLevel,
    Verb,
    Visibility,
)
from communities.notify import facilitator_ids
from communities.selectors import (
    can_moderate,
    can_view_page,
    community_for_page,
    is_active_member,
    is_facilitator,
    trust_level,
)

from .. import markup
from ..models import (
    Appreciation,
    AppreciationKind,
    Follow,
    Reply,
    ReplyKind,
    ReplyState,
    Report,
)
from .notifications import notify, notify_of_reply


class ReplyError(ValidationError):
    """The reply cannot be accepted as written (empty, too long, too many)."""


class RateLimited(ReplyError):
    pass


# --------------------------------------------------------------------------- #
# Who may do what in a conversation
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ConversationRights:
    """What one person may do in one page's conversation. Built once per
    page view (a few queries), then asked per reply without any."""

    user: AbstractBaseUser | AnonymousUser
    page: Page
    community: CommunityPage | None
    can_view: bool
    member: bool  # an active member of the page's community
    moderator: bool  # facilitates the community (or a site administrator)

    @property
    def signed_in(self) -> bool:
        return self.user.is_authenticated

    @property
    def in_conversation(self) -> bool:
        """The page carries a conversation (a page inside a community, not
        the community page itself) and this person may read it."""
        return bool(self.community and self.community.pk != self.page.pk and self.can_view)

    @property
    def is_page_author(self) -> bool:
        return self.signed_in and self.page.owner_id == self.user.pk

    def _mine(self, reply: Reply) -> bool:
        return self.signed_in and reply.author_id == self.user.pk

    # The page ---------------------------------------------------------------

    @property
    def can_reply(self) -> bool:
        """Only signed-in members of the page's community who may view it reply."""
        return self.signed_in and self.in_conversation and self.member

    @property
    def can_follow(self) -> bool:
        return self.signed_in and self.in_conversation

    @property
    def can_appreciate_page(self) -> bool:
        return self.can_reply and not self.is_page_author

    @property
    def can_report_page(self) -> bool:
        """Anyone signed in who may read a page may raise a concern about it
        (not its own author)."""
        return self.signed_in and self.in_conversation and not self.is_page_author

    # A reply ------------------------------------------------------------------

    def can_answer(self, reply: Reply) -> bool:
        return self.can_reply and reply.is_published

    def can_appreciate(self, reply: Reply) -> bool:
        return self.can_reply and reply.is_published and not self._mine(reply)

    def can_edit(self, reply: Reply, *, now: datetime.datetime | None = None) -> bool:
        now = now or clock.now()
        return (
            self.in_conversation
            and self._mine(reply)
            and reply.is_published
            and now - reply.created_at <= settings.STAFFROOM_REPLY_EDIT_WINDOW
        )

    def can_delete(self, reply: Reply) -> bool:
        return self.in_conversation and self._mine(reply) and not reply.is_deleted

    def can_report(self, reply: Reply) -> bool:
        """A concern is about words others can read: a published reply, by someone else."""
        return (
            self.signed_in and self.in_conversation and reply.is_published and not self._mine(reply)
        )

    def can_mark_changed_practice(self, reply: Reply) -> bool:
        """The page's author says a colleague's reply changed their practice."""
        return (
            self.in_conversation
            and self.is_page_author
            and reply.is_published
            and not self._mine(reply)
        )

    def can_approve(self, reply: Reply) -> bool:
        return self.moderator and reply.is_awaiting_review

    def can_hide(self, reply: Reply) -> bool:
        return self.moderator and (reply.is_published or reply.is_awaiting_review)

    def can_unhide(self, reply: Reply) -> bool:
        return self.moderator and reply.is_hidden


def conversation_rights(
    *, user: AbstractBaseUser | AnonymousUser, page: Page, community: CommunityPage | None = None
) -> ConversationRights:
    community = community if community is not None else community_for_page(page)
    can_view = can_view_page(user, page, community)
    return ConversationRights(
        user=user,
        page=page,
        community=community,
        can_view=can_view,
        member=bool(community and is_active_member(user, community)),
        moderator=bool(community and can_moderate(user, community)),
    )


def _community_or_deny(page: Page) -> CommunityPage:
    """The page's community; a page outside every community carries no conversation."""
    community = community_for_page(page)
    if community is None:
        raise PermissionDenied("Replies belong to community pages.")
    return community


def _rights(user, page: Page) -> ConversationRights:
    return conversation_rights(user=user, page=page, community=_community_or_deny(page))


# --------------------------------------------------------------------------- #
# Replies
# --------------------------------------------------------------------------- #


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
    if not body or not markup.visible_text(body):
        raise ReplyError("Your reply is empty. Write something before you send it.", code="empty")
    return body


def _within_limit(within_limit: Callable[[], bool] | None) -> None:
    if within_limit is not None and not within_limit():
        raise RateLimited(
            "You've sent several replies in the last few minutes. Please wait a "
            "moment before sending another — your text is kept below.",
            code="rate_limited",
        )


def _is_newcomer(user: AbstractBaseUser, community: CommunityPage) -> bool:
    """A member whose first replies wait for a facilitator: not one the
    community's recognition already trusts (a contributor or leader), and
    only for their first few (STAFFROOM_NEWCOMER_REPLIES_HELD)."""
    if is_facilitator(user, community) or user.is_superuser:
        return False
    if trust_level(user, community) != TrustLevel.NEWCOMER:
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


def _recipient_of(reply: Reply):
    return reply.parent.author if reply.parent_id else reply.page.owner


def _on_published(reply: Reply, community: CommunityPage) -> None:
    """A reply becomes readable: it counts in the ledger and its people hear of it."""
    ledger.record(
        actor=reply.author,
        verb=Verb.REPLIED,
        community=community,
        page=reply.page,
        recipient=_recipient_of(reply),
        target=f"blog.reply:{reply.pk}",
        data={"kind": reply.kind},
    )
    notify_of_reply(reply=reply, community=community)


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
    within_limit: Callable[[], bool] | None = None,
) -> tuple[Reply, bool]:
    """Post a reply; returns (reply, created). The same submission twice
    returns the first reply. `within_limit` (the view passes the person's
    reply rate limit, communities.limits) is asked once, only when a new
    reply would be created."""
    rights = _rights(user, page)
    if not rights.can_reply:
        raise PermissionDenied
    community = rights.community
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
        if not rights.can_answer(parent):
            raise ReplyError("That reply can no longer be answered.", code="parent")
    _within_limit(within_limit)
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
            Follow.objects.get_or_create(user=user, page=page)
            if state == ReplyState.PUBLISHED:
                _on_published(reply, community)
            else:
                notify(
                    kind=NotificationKind.REPLY_HELD,
                    recipients=facilitator_ids(community),
                    community=community,
                    actor=user,
                    page=page,
                    reply=reply,
                )
    except IntegrityError:
        # A concurrent resend of the same form won the race.
        existing = Reply.objects.filter(author=user, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return reply, True


@transaction.atomic
def reply_edit(*, user: AbstractBaseUser, reply: Reply, body: str) -> Reply:
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    rights = _rights(user, reply.page)
    if not rights.can_delete(reply) or not reply.is_published:
        raise PermissionDenied  # not theirs, or not there to edit
    if not rights.can_edit(reply):
        minutes = int(settings.STAFFROOM_REPLY_EDIT_WINDOW.total_seconds() // 60)
        raise ReplyError(
            f"Replies can be edited for {minutes} minutes after posting.", code="edit_window"
        )
    body = _check_body(body)
    reply.body = body
    reply.body_html = markup.render(body)
    reply.edited_at = clock.now()
    reply.save(update_fields=["body", "body_html", "edited_at"])
    pagecache.invalidate(community_id=rights.community.pk)  # no ledger row for an edit
    return reply


@transaction.atomic
def reply_delete(*, user: AbstractBaseUser, reply: Reply) -> None:
    """The author deletes their reply. Its words go; if others answered it,
    it stays in the thread as "[deleted]" so the conversation stays whole."""
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    rights = _rights(user, reply.page)
    if not rights.can_delete(reply):
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
            community=rights.community,
            page=reply.page,
            target=f"blog.reply:{reply.pk}",
        )


def _locked_for_moderation(actor, reply: Reply) -> tuple[Reply, ConversationRights]:
    # Only the reply row is locked: PostgreSQL refuses FOR UPDATE across the
    # outer join to its (nullable) parent.
    reply = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("page", "parent")
        .get(pk=reply.pk)
    )
    rights = _rights(actor, reply.page)
    if not rights.moderator:
        raise PermissionDenied
    return reply, rights


@transaction.atomic
def reply_hide(*, actor: AbstractBaseUser, reply: Reply, reason: str) -> Reply:
    reply, rights = _locked_for_moderation(actor, reply)
    reason = reason.strip()
    if not reason:
        raise ReplyError("Say why the reply is hidden — its author will see this.", code="reason")
    if not rights.can_hide(reply):
        raise ReplyError("Only a published or waiting reply can be hidden.", code="state")
    reply.state = ReplyState.HIDDEN
    reply.moderation_reason = reason[:300]
    reply.save(update_fields=["state", "moderation_reason"])
    ledger.record(
        actor=actor,
        verb=Verb.REPLY_HIDDEN,
        community=rights.community,
        page=reply.page,
        recipient=reply.author,
        target=f"blog.reply:{reply.pk}",
    )
    Report.objects.open().filter(reply=reply).update(resolved_at=clock.now(), resolved_by=actor)
    notify(
        kind=NotificationKind.REPLY_HIDDEN,
        recipients=[reply.author_id],
        community=rights.community,
        actor=actor,
        page=reply.page,
        reply=reply,
        detail=reply.moderation_reason,
    )
    return reply


@transaction.atomic
def reply_unhide(*, actor: AbstractBaseUser, reply: Reply) -> Reply:
    reply, rights = _locked_for_moderation(actor, reply)
    if not rights.can_unhide(reply):
        raise ReplyError("That reply is not hidden.", code="state")
    reply.state = ReplyState.PUBLISHED
    reply.moderation_reason = ""
    reply.save(update_fields=["state", "moderation_reason"])
    # A newcomer's held reply can be hidden before it was ever published;
    # letting it through now is its publication (ledger, notifications), once.
    if not ActivityEvent.objects.filter(
        verb=Verb.REPLIED, target=f"blog.reply:{reply.pk}"
    ).exists():
        _on_published(reply, rights.community)
    else:
        # The undo of a hide is a row of its own; history is never edited.
        ledger.record(
            actor=actor,
            verb=Verb.REPLY_RESTORED,
            community=rights.community,
            page=reply.page,
            recipient=reply.author,
            target=f"blog.reply:{reply.pk}",
        )
    return reply


@transaction.atomic
def reply_approve(*, actor: AbstractBaseUser, reply: Reply) -> Reply:
    """A facilitator lets a newcomer's held reply through."""
    reply, rights = _locked_for_moderation(actor, reply)
    if not rights.can_approve(reply):
        raise ReplyError("That reply is not waiting for review.", code="state")
    reply.state = ReplyState.PUBLISHED
    reply.save(update_fields=["state"])
    _on_published(reply, rights.community)
    notify(
        kind=NotificationKind.REPLY_APPROVED,
        recipients=[reply.author_id],
        community=rights.community,
        actor=actor,
        page=reply.page,
        reply=reply,
    )
    return reply


@transaction.atomic
def changed_practice_toggle(
    *, user: AbstractBaseUser, reply: Reply, on: bool | None = None
) -> bool:
    """The page's author says a reply changed their practice — the strongest
    feedback there is. Returns whether it is now marked. `on` is the state
    the button asked for (a double click asks twice for the same state and
    changes it once); without it, the mark flips."""
    reply = Reply.objects.select_for_update().select_related("page").get(pk=reply.pk)
    rights = _rights(user, reply.page)
    if not rights.can_mark_changed_practice(reply):
        raise PermissionDenied
    marked = reply.changed_practice_at is None
    if on is not None and on != marked:
        return on  # already as asked
    reply.changed_practice_at = clock.now() if marked else None
    reply.save(update_fields=["changed_practice_at"])
    ledger.record(
        actor=user,
        verb=Verb.CHANGED_PRACTICE if marked else Verb.CHANGED_PRACTICE_WITHDRAWN,
        community=rights.community,
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
    *,
    user: AbstractBaseUser,
    kind: str,
    page: Page | None = None,
    reply: Reply | None = None,
    on: bool | None = None,
) -> bool:
    """Toggle one kind of appreciation of a page or a reply. Never of one's
    own work. Returns whether it is now on. `on` is the state the button
    asked for, so a double click changes it once; without it, it flips."""
    if (page is None) == (reply is None) or kind not in AppreciationKind.values:
        raise PermissionDenied
    target_page = reply.page if reply is not None else page
    rights = _rights(user, target_page)
    if not rights.can_reply:  # members who may read it, on a page inside the community
        raise PermissionDenied
    author = reply.author if reply is not None else target_page.owner
    if author is not None and author.pk == user.pk:
        raise ReplyError("You can't appreciate your own work.", code="own")
    if reply is not None and not rights.can_appreciate(reply):
        raise PermissionDenied
    hold_person(user)  # their simultaneous clicks, one after the other
    existing = Appreciation.objects.filter(user=user, kind=kind, page=page, reply=reply).first()
    target = f"blog.reply:{reply.pk}" if reply is not None else ""
    if on is not None and on == (existing is not None):
        return on  # already as asked
    if existing is not None:
        existing.delete()
        ledger.record(
            actor=user,
            verb=Verb.APPRECIATION_WITHDRAWN,
            community=rights.community,
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
        community=rights.community,
        page=target_page,
        recipient=author,
        target=target,
        data={"kind": kind},
    )
    return True


# --------------------------------------------------------------------------- #
# Reports of concern
# --------------------------------------------------------------------------- #


@transaction.atomic
def report_create(
    *, user: AbstractBaseUser, page: Page, reason: str, reply: Reply | None = None
) -> Report:
    rights = _rights(user, page)
    if reply is None and not rights.can_report_page:
        raise PermissionDenied
    if reply is not None and (reply.page_id != page.pk or not rights.can_report(reply)):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ReplyError("Tell the facilitators what concerns you.", code="reason")
    report = Report.objects.create(
        reporter=user, page=page, reply=reply, community=rights.community, reason=reason[:1000]
    )
    notify(
        kind=NotificationKind.CONCERN_REPORTED,
        recipients=facilitator_ids(rights.community),
        community=rights.community,
        actor=user,
        page=page,
        reply=reply,
        detail=report.reason,
    )
    return report


@transaction.atomic
def report_resolve(*, actor: AbstractBaseUser, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("community").get(pk=report.pk)
    if not can_moderate(actor, report.community):
        raise PermissionDenied
    report.resolved_at = clock.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


# --------------------------------------------------------------------------- #
# Following a conversation
# --------------------------------------------------------------------------- #


@transaction.atomic
def follow_toggle(*, user: AbstractBaseUser, page: Page, on: bool | None = None) -> bool:
    """Follow a page's conversation, or stop. Returns whether now following.
    `on` is the state the button asked for; without it, it flips."""
    if not _rights(user, page).can_follow:
        raise PermissionDenied
    hold_person(user)
    if on is not None:
        if on:
            Follow.objects.get_or_create(user=user, page=page)
        else:
            Follow.objects.filter(user=user, page=page).delete()
        return on
    deleted, _ = Follow.objects.filter(user=user, page=page).delete()
    if deleted:
        return False
    Follow.objects.create(user=user, page=page)
    return True
