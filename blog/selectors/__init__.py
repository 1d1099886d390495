"""Reads for publishing and feedback, always through who may see what
(`communities.selectors`). They take typed arguments and return querysets or
plain data; pages and views paginate and assemble context."""

from .conversation import (
    ReplyNode,
    ReplyThread,
    moderation_queue,
    page_appreciations,
    reply_thread,
    with_conversation_counts,
)
from .notifications import (
    notification_level,
    notifications_for,
    reply_notification_recipients,
    unread_notification_count,
)
from .reflections import public_reflections, reflection_listing, reflection_tags, reflections_by
from .resources import (
    ResourceDetail,
    TrySummary,
    curated_collections_for,
    featured_resources,
    pages_a_try_can_feed,
    public_resources,
    resource_detail,
    resource_listing,
    resource_subjects,
    resource_tags,
    stale_resources,
    summary_of,
    with_try_counts,
)

__all__ = [
    "ReplyNode",
    "ResourceDetail",
    "TrySummary",
    "curated_collections_for",
    "featured_resources",
    "pages_a_try_can_feed",
    "public_resources",
    "resource_detail",
    "resource_listing",
    "resource_subjects",
    "resource_tags",
    "stale_resources",
    "summary_of",
    "with_try_counts",
    "ReplyThread",
    "moderation_queue",
    "notification_level",
    "notifications_for",
    "page_appreciations",
    "public_reflections",
    "reflection_listing",
    "reflection_tags",
    "reflections_by",
    "reply_notification_recipients",
    "reply_thread",
    "unread_notification_count",
    "with_conversation_counts",
]
