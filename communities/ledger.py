"""The one way anything is written to the activity ledger."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.models import Page

from . import clock, pagecache
from .models import ActivityEvent, CommunityPage, RecognitionDue, Verb

# How long activity gathers before a community's standings are recomputed,
# where the task backend can wait (the database one can; the immediate one
# runs it at once): a burst of replies is one recompute, not one each.
RECOMPUTE_AFTER = datetime.timedelta(seconds=60)


def record(
    *,
    actor: AbstractBaseUser,
    verb: Verb | str,
    community: CommunityPage,
    page: Page | None = None,
    recipient: AbstractBaseUser | None = None,
    target: str = "",
    data: dict[str, Any] | None = None,
    mark_due: bool = True,
) -> ActivityEvent:
    """Append what happened. `recipient` is whoever the action was for or about
    (the author of the work appreciated, the member approved). Recognition
    reads only the ledger, so a new row marks the community's standings due
    for recomputing (`mark_due=False` for the recompute's own rows)."""
    if verb not in Verb.values:
        raise ValueError(f"Unknown ledger verb: {verb!r}")
    event = ActivityEvent.objects.create(
        actor=actor,
        verb=verb,
        community=community,
        page=page,
        recipient=recipient,
        target=target,
        data=data or {},
    )
    if mark_due:
        recognition_due(community_id=community.pk)
    # Whatever is recorded shows somewhere a visitor may look.
    pagecache.invalidate(community_id=community.pk)
    return event


def recognition_due(*, community_id: int) -> None:
    """Mark the community's standings due, and — once per burst of activity
    — queue their recompute for after the commit."""
    _, created = RecognitionDue.objects.get_or_create(community_id=community_id)
    if created:
        transaction.on_commit(partial(_enqueue_recompute, community_id))


def _enqueue_recompute(community_id: int) -> None:
    # communities.tasks imports the services, which import this module.
    from .tasks import recompute_recognition

    task = recompute_recognition
    if task.get_backend().supports_defer:
        task = task.using(run_after=clock.now() + RECOMPUTE_AFTER)
    task.enqueue(community_id)
