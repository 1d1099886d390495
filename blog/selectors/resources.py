"""Reads for shared practice resources: a library's listing with what each
card shows, a resource's tries, summary and lineage (each link only for a
viewer who may see it), the curated collections, the public ones for feeds."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page

from communities.selectors import AnyUser, pages_visible_to

from ..models import (
    CuratedCollection,
    CuratedItem,
    Recommendation,
    ResourceLibraryPage,
    ResourcePage,
    ResourceTry,
)

NEWEST = ("-first_published_at", "-pk")
# Enough to rank a library's search; nobody pages further.
MOST_SEARCHED = 500


def _count(queryset: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("resource_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_try_counts(resources: QuerySet) -> QuerySet:
    """Annotate what a card says of tries, read from the reports themselves:
    `try_count`, `recommend_yes`, `recommend_with_changes`, `school_count`."""
    tries = ResourceTry.objects.filter(resource_id=OuterRef("pk"))
    schools = (
        tries.filter(author__profile__school__isnull=False)
        .order_by()
        .values("resource_id")
        .annotate(n=Count("author__profile__school", distinct=True))
        .values("n")[:1]
    )
    return resources.annotate(
        try_count=_count(tries),
        recommend_yes=_count(tries.filter(recommend=Recommendation.YES)),
        recommend_with_changes=_count(tries.filter(recommend=Recommendation.WITH_CHANGES)),
        school_count=Coalesce(Subquery(schools, output_field=IntegerField()), Value(0)),
    )


def resource_listing(
    *,
    library: ResourceLibraryPage,
    viewer: AnyUser,
    kind: str | None = None,
    subject: str | None = None,
    phase: str | None = None,
    tag: str | None = None,
    query: str | None = None,
    sort: str = "newest",
    archived: bool = False,
) -> QuerySet:
    """A library's live resources this viewer may see, with everything a
    card shows; archived ones only when asked for (the curators' view)."""
    resources = pages_visible_to(viewer, ResourcePage.objects.child_of(library))
    resources = resources.filter(archived_at__isnull=not archived)
    if kind:
        resources = resources.filter(kind=kind)
    if subject:
        resources = resources.filter(subject__iexact=subject)
    if phase:
        resources = resources.filter(phase=phase)
    if tag:
        resources = resources.filter(tags__slug=tag)
    if query:
        found = ResourcePage.objects.live().child_of(library).search(query)[:MOST_SEARCHED]
        resources = resources.filter(pk__in=[page.pk for page in found])
    resources = with_try_counts(
        resources.select_related("owner__profile__school").prefetch_related("tags")
    ).defer_streamfields()
    if sort == "most_tried":
        return resources.order_by("-try_count", *NEWEST)
    return resources.order_by(*NEWEST)


def resource_subjects(*, library: ResourceLibraryPage) -> list[str]:
    """The subjects the library's resources are for, to filter by."""
    subjects = (
        ResourcePage.objects.live()
        .child_of(library)
        .exclude(subject="")
        .values_list("subject", flat=True)
        .distinct()
    )
    return sorted({s.strip() for s in subjects}, key=str.lower)


def resource_tags(*, library: ResourceLibraryPage, limit: int = 20) -> QuerySet:
    tag_model = ResourcePage.tags.through.tag_model()
    return (
        tag_model.objects.filter(
            blog_resourcepagetag_items__content_object__path__startswith=library.path,
            blog_resourcepagetag_items__content_object__live=True,
        )
        .annotate(n=Count("blog_resourcepagetag_items"))
        .order_by("-n", "name")[:limit]
    )


# --------------------------------------------------------------------------- #
# One resource
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class TrySummary:
    """“tried by 7 colleagues in 3 schools; 5 would recommend, 2 with changes”."""

    tried: int
    schools: int
    yes: int
    with_changes: int
    no: int

    @property
    def recommend(self) -> int:
        return self.yes + self.with_changes

    def __str__(self) -> str:
        if not self.tried:
            return "Nobody has reported trying it yet"
        who = f"{self.tried} colleague{'s' if self.tried != 1 else ''}"
        where = (
            f" in {self.schools} school{'s' if self.schools != 1 else ''}" if self.schools else ""
        )
        text = f"Tried by {who}{where}; {self.recommend} would recommend"
        if self.with_changes:
            text += f", {self.with_changes} with changes"
        return text


def summary_of(*, tried: int, schools: int, yes: int, with_changes: int) -> TrySummary:
    return TrySummary(
        tried=tried,
        schools=schools,
        yes=yes,
        with_changes=with_changes,
        no=tried - yes - with_changes,
    )


@dataclass
class ResourceDetail:
    """What a resource page shows beside the resource: the tries (each with
    the page it fed, if the viewer may see it), their summary, and the
    lineage both ways — only the resources this viewer may see."""

    tries: list[ResourceTry]
    summary: TrySummary
    adapted_from: ResourcePage | None
    adaptations: list[ResourcePage]
    collections: list[CuratedCollection] = field(default_factory=list)

    def try_by(self, user: AnyUser) -> ResourceTry | None:
        if not user.is_authenticated:
            return None
        return next((t for t in self.tries if t.author_id == user.pk), None)


def resource_detail(*, resource: ResourcePage, viewer: AnyUser) -> ResourceDetail:
    """A fixed number of queries however many tries and adaptations."""
    tries = list(
        ResourceTry.objects.filter(resource=resource)
        .select_related("author__profile__school", "fed_into")
        .order_by("-created_at", "-pk")
    )
    fed = {t.fed_into_id for t in tries if t.fed_into_id}
    visible_fed = (
        set(pages_visible_to(viewer, Page.objects.filter(pk__in=fed)).values_list("pk", flat=True))
        if fed
        else set()
    )  # noqa: E501
    for t in tries:
        t.fed_into_visible = t.fed_into if t.fed_into_id in visible_fed else None
    schools = {
        t.author.profile.school_id
        for t in tries
        if hasattr(t.author, "profile") and t.author.profile.school_id
    }  # noqa: E501
    summary = summary_of(
        tried=len(tries),
        schools=len(schools),
        yes=sum(t.recommend == Recommendation.YES for t in tries),
        with_changes=sum(t.recommend == Recommendation.WITH_CHANGES for t in tries),
    )
    adapted_from = None
    if resource.adapted_from_id:
        adapted_from = (
            pages_visible_to(viewer, ResourcePage.objects.filter(pk=resource.adapted_from_id))
            .select_related("owner__profile")
            .defer_streamfields()
            .first()
        )
    adaptations = list(
        pages_visible_to(viewer, ResourcePage.objects.filter(adapted_from=resource))
        .select_related("owner__profile")
        .defer_streamfields()
        .order_by(*NEWEST)
    )
    collections = list(
        CuratedCollection.objects.filter(items__resource=resource).order_by("title", "pk")
    )
    return ResourceDetail(
        tries=tries,
        summary=summary,
        adapted_from=adapted_from,
        adaptations=adaptations,
        collections=collections,
    )


def pages_a_try_can_feed(*, user: AnyUser) -> QuerySet:
    """The person's own live pages a try can say it fed: the kinds of page
    written in communities (STAFFROOM_COMMUNITY_SECTIONS), resources aside.
    `blog` names no other app: the setting does."""
    if not user.is_authenticated:
        return Page.objects.none()
    models = [
        apps.get_model(section["child"])
        for section in settings.STAFFROOM_COMMUNITY_SECTIONS
        if section.get("child") and section["child"].lower() != "blog.resourcepage"
    ]
    pages = Page.objects.live().filter(owner=user).type(*models) if models else Page.objects.none()
    return pages_visible_to(user, pages).order_by("-first_published_at", "-pk")


# --------------------------------------------------------------------------- #
# Curation and feeds
# --------------------------------------------------------------------------- #


def curated_collections_for(*, library: ResourceLibraryPage, viewer: AnyUser) -> list:
    """The library's collections, newest first, each with its resources in
    order — only live, unarchived ones the viewer may see. Three queries."""
    visible = pages_visible_to(
        viewer, ResourcePage.objects.child_of(library).filter(archived_at__isnull=True)
    )
    items = (
        CuratedItem.objects.filter(resource__in=visible.values("pk"))
        .select_related("resource__owner__profile")
        .defer("resource__how_i_used_it")
        .order_by("position", "pk")
    )
    collections = list(
        CuratedCollection.objects.filter(library=library)
        .select_related("curator__profile")
        .prefetch_related(Prefetch("items", queryset=items, to_attr="shown_items"))
    )
    return collections


def featured_resources(*, library: ResourceLibraryPage, viewer: AnyUser) -> QuerySet:
    return (
        pages_visible_to(viewer, ResourcePage.objects.child_of(library))
        .filter(featured_at__isnull=False, archived_at__isnull=True)
        .order_by(F("featured_at").desc(), "-pk")
    )


def stale_resources(*, library: ResourceLibraryPage, now) -> QuerySet:
    """Resources nobody has reported trying within the stale period (and
    published before it began): the ones curators may archive."""
    since = now - settings.STAFFROOM_RESOURCE_STALE_AFTER
    recent = ResourceTry.objects.filter(resource_id=OuterRef("pk"), created_at__gte=since)
    return (
        ResourcePage.objects.live()
        .child_of(library)
        .filter(archived_at__isnull=True, first_published_at__lt=since)
        .exclude(Exists(recent))
    )


def public_resources(queryset: QuerySet | None = None) -> QuerySet:
    """Resources anyone may read — what feeds publish."""
    queryset = ResourcePage.objects.all() if queryset is None else queryset
    return (
        pages_visible_to(AnonymousUser(), queryset)
        .public()
        .filter(archived_at__isnull=True)
        .select_related("owner__profile")
    )
