"""Publishing and feedback.

- `reflections`: what teachers publish — a community's reflective blog.
- `conversation`: what colleagues answer with on any community page —
  threaded replies, appreciations, reports of concern and follows.
- `notifications`: what each person is told, and how much they chose to hear.
"""

from .conversation import (
    Appreciation,
    AppreciationKind,
    Follow,
    Reply,
    ReplyKind,
    ReplyState,
    Report,
)
from .notifications import Delivery, Notification, NotificationLevel, NotificationPreference
from .reflections import ReflectionIndexPage, ReflectionPage, ReflectionPageTag

__all__ = [
    "Appreciation",
    "AppreciationKind",
    "Delivery",
    "Follow",
    "Notification",
    "NotificationLevel",
    "NotificationPreference",
    "ReflectionIndexPage",
    "ReflectionPage",
    "ReflectionPageTag",
    "Reply",
    "ReplyKind",
    "ReplyState",
    "Report",
]
