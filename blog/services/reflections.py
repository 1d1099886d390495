"""Reflections in the ledger: published once, unpublished as a row of its own."""

from __future__ import annotations

from communities import ledger
from communities.models import ActivityEvent, Verb
from communities.selectors import community_for_page

from ..models import Follow, ReflectionPage


def reflection_published(*, page: ReflectionPage) -> None:
    """The first publication of a reflection counts once; later edits don't.
    Its author follows its conversation from then on."""
    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    events = ActivityEvent.objects.filter(page=page)
    published = events.filter(verb=Verb.PUBLISHED_REFLECTION).count()
    if published > events.filter(verb=Verb.UNPUBLISHED).count():
        return  # already counted as live; this is an edit
    ledger.record(actor=page.owner, verb=Verb.PUBLISHED_REFLECTION, community=community, page=page)
    Follow.objects.get_or_create(user_id=page.owner_id, page=page)


def reflection_unpublished(*, page: ReflectionPage) -> None:
    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    ledger.record(actor=page.owner, verb=Verb.UNPUBLISHED, community=community, page=page)
