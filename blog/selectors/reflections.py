"""Reads for reflections: a community's listing, a person's, the public ones."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from communities.models import Profile
from communities.selectors import AnyUser, pages_visible_to

from ..models import ReflectionIndexPage, ReflectionPage
from .conversation import with_conversation_counts

REFLECTION_ORDER = ("-date", "-first_published_at", "-pk")


def reflection_listing(*, index: ReflectionIndexPage, tag: str | None = None) -> QuerySet:
    """A community's live reflections with everything a card shows."""
    reflections = (
        ReflectionPage.objects.live()
        .child_of(index)
        .select_related("owner__profile")
        .prefetch_related("tags")
        .defer_streamfields()
    )
    if tag:
        reflections = reflections.filter(tags__slug=tag)
    return with_conversation_counts(reflections).order_by(*REFLECTION_ORDER)


def reflection_tags(*, index: ReflectionIndexPage, limit: int = 20) -> QuerySet:
    """The tags most used on the index's live reflections."""
    tag_model = ReflectionPage.tags.through.tag_model()
    return (
        tag_model.objects.filter(
            blog_reflectionpagetag_items__content_object__path__startswith=index.path,
            blog_reflectionpagetag_items__content_object__live=True,
        )
        .annotate(n=Count("blog_reflectionpagetag_items"))
        .order_by("-n", "name")[:limit]
    )


def reflections_by(*, person: Profile, viewer: AnyUser) -> QuerySet:
    """A person's reflections, in the communities this viewer may see."""
    reflections = ReflectionPage.objects.live().filter(owner=person.user)
    reflections = pages_visible_to(viewer, reflections).select_related("owner__profile")
    return with_conversation_counts(reflections.defer_streamfields()).order_by(*REFLECTION_ORDER)


def public_reflections(queryset: QuerySet | None = None) -> QuerySet:
    """Reflections anyone may read — what feeds publish."""
    queryset = ReflectionPage.objects.all() if queryset is None else queryset
    # .public() also leaves out a page given its own privacy setting in the
    # editor (a password, say), which is not public whatever its community.
    return pages_visible_to(AnonymousUser(), queryset).public().select_related("owner__profile")
