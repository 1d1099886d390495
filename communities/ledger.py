"""The one way anything is written to the activity ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page

from .models import ActivityEvent, CommunityPage, Verb


def record(
    *,
    actor: AbstractBaseUser,
    verb: Verb | str,
    community: CommunityPage,
    page: Page | None = None,
    recipient: AbstractBaseUser | None = None,
    target: str = "",
    data: dict[str, Any] | None = None,
) -> ActivityEvent:
    """Append what happened. `recipient` is whoever the action was for or about
    (the author of the work appreciated, the member approved)."""
    if verb not in Verb.values:
        raise ValueError(f"Unknown ledger verb: {verb!r}")
    return ActivityEvent.objects.create(
        actor=actor,
        verb=verb,
        community=community,
        page=page,
        recipient=recipient,
        target=target,
        data=data or {},
    )
