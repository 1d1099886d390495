"""Reflections in the ledger: published once, unpublished as a row of its
own; and drafts started for a teacher from something they already wrote."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from communities import clock, ledger
from communities.models import ActivityEvent, CommunityPage, Verb
from communities.selectors import community_for_page, is_active_member

from ..models import Follow, ReflectionIndexPage, ReflectionPage


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


@transaction.atomic
def reflection_draft_create(
    *,
    author: AbstractBaseUser,
    community: CommunityPage,
    title: str,
    summary: str,
    paragraphs: list[str],
) -> ReflectionPage:
    """A draft reflection in the community's reflections, written for the
    member from something they already wrote (an action plan's report, say),
    for them to finish and publish in the editor as any other reflection
    (review and trust apply there as usual). Nothing is counted until it is
    published."""
    if not is_active_member(author, community):
        raise PermissionDenied
    index = ReflectionIndexPage.objects.child_of(community).first()
    if index is None:
        raise PermissionDenied
    title = title.strip()[:255] or "A reflection"
    base = slugify(title)[:70] or "reflection"
    slug, n = base, 1
    while index.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    page = ReflectionPage(
        title=title,
        slug=slug,
        summary=summary.strip()[:300],
        date=clock.today(),
        body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs if p.strip()],
        owner=author,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=author)
    return page
