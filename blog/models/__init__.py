"""Publishing and feedback.

- `reflections`: what teachers publish — a community's reflective blog.
- `conversation`: what colleagues answer with on any community page —
  threaded replies, appreciations, reports of concern and follows.
- `resources`: shared practice resources — each community's library, the
  "I tried it" reports colleagues write, and the curators' collections.
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
from .notifications import (
    Delivery,
    Notification,
    NotificationLevel,
    NotificationPreference,
    link_notices,
)
from .reflections import ReflectionIndexPage, ReflectionPage, ReflectionPageTag
from .resources import (
    CuratedCollection,
    CuratedItem,
    Licence,
    Recommendation,
    ResourceKind,
    ResourceLibraryPage,
    ResourcePage,
    ResourcePageTag,
    ResourceTry,
)

__all__ = [
    "Appreciation",
    "AppreciationKind",
    "CuratedCollection",
    "CuratedItem",
    "Delivery",
    "Follow",
    "Licence",
    "Notification",
    "NotificationLevel",
    "NotificationPreference",
    "Recommendation",
    "ReflectionIndexPage",
    "ReflectionPage",
    "ReflectionPageTag",
    "Reply",
    "ReplyKind",
    "ReplyState",
    "Report",
    "ResourceKind",
    "ResourceLibraryPage",
    "ResourcePage",
    "ResourcePageTag",
    "ResourceTry",
    "link_notices",
]
