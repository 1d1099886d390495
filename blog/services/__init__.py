"""Writes for publishing and feedback. Each is keyword-only, typed, atomic and
checked — the same checks (`ConversationRights`) that decide which buttons a
page shows; e-mail and background work go out after commit."""

from .conversation import (
    ConversationRights,
    RateLimited,
    ReplyError,
    appreciation_toggle,
    changed_practice_toggle,
    conversation_rights,
    follow_toggle,
    holds_newcomer_replies,
    reply_approve,
    reply_delete,
    reply_edit,
    reply_hide,
    reply_post,
    reply_unhide,
    report_create,
    report_resolve,
)
from .notifications import (
    notification_preference_set,
    notifications_mark_read,
    notifier,
    notify,
)
from .reflections import reflection_draft_create, reflection_published, reflection_unpublished

__all__ = [
    "ConversationRights",
    "RateLimited",
    "ReplyError",
    "appreciation_toggle",
    "changed_practice_toggle",
    "conversation_rights",
    "follow_toggle",
    "holds_newcomer_replies",
    "notification_preference_set",
    "notifications_mark_read",
    "notifier",
    "notify",
    "reflection_draft_create",
    "reflection_published",
    "reflection_unpublished",
    "report_create",
    "report_resolve",
    "reply_approve",
    "reply_delete",
    "reply_edit",
    "reply_hide",
    "reply_post",
    "reply_unhide",
]
