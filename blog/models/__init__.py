"""Publishing and feedback.

- `reflections`: what teachers publish — a community's reflective blog.
- `conversation`: what colleagues answer with on any community page —
  threaded replies, appreciations, reports of concern, follows and
  notifications.
"""

from .conversation import (
    Appreciation,
    AppreciationKind,
    Follow,
    Notification,
    NotificationLevel,
    NotificationPreference,
    NotificationReason,
    Reply,
    ReplyKind,
    ReplyState,
    Report,
)
from .reflections import ReflectionIndexPage, ReflectionPage, ReflectionPageTag

__all__ = [
    "Appreciation",
    "AppreciationKind",
    "Follow",
    "Notification",
    "NotificationLevel",
    "NotificationPreference",
    "NotificationReason",
    "ReflectionIndexPage",
    "ReflectionPage",
    "ReflectionPageTag",
    "Reply",
    "ReplyKind",
    "ReplyState",
    "Report",
]
