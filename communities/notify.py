"""Telling people what happened, from the ground floor.

`communities` knows when a request to join is approved or a page waits for
its facilitators, but the notifications themselves (in the site and by
e-mail, as each person chose) are kept by a content app. The project names
it in the STAFFROOM_NOTIFIER setting — the same way it names the section
pages a community creates — so `communities` never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from .models import CommunityPage, Membership, NotificationKind


def notify(
    *,
    kind: NotificationKind,
    recipients: Iterable[int],
    community: CommunityPage,
    actor: Any = None,
    page: Any = None,
    detail: str = "",
) -> None:
    """Tell these people (by user id) that `actor` did `kind` — in the same
    transaction as what happened; e-mail goes out after it commits."""
    path = getattr(settings, "STAFFROOM_NOTIFIER", "")
    if not path:
        return
    import_string(path)(
        kind=kind,
        recipients=list(recipients),
        community=community,
        actor=actor,
        page=page,
        detail=detail,
    )


def facilitator_ids(community: CommunityPage) -> list[int]:
    return list(
        Membership.objects.facilitators()
        .filter(community=community)
        .values_list("user_id", flat=True)
    )
