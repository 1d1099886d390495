"""Writes for shared practice resources: publication in the ledger, "I
tried it" reports, sharing an adapted version, and the curators' work
(featuring, collections, archiving). Who may do each is `ResourceRights`,
decided once here — the same answers decide which buttons a page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search import index

from communities import clock, ledger
from communities.models import ActivityEvent, CommunityPage, NotificationKind, Verb
from communities.selectors import (
    can_moderate,
    can_view_page,
    community_for_page,
    is_active_member,
)

from ..models import (
    CuratedCollection,
    CuratedItem,
    Follow,
    Licence,
    Recommendation,
    ResourceLibraryPage,
    ResourcePage,
    ResourceTry,
)
from ..selectors.resources import pages_a_try_can_feed
from .notifications import notify

# --------------------------------------------------------------------------- #
# Who may do what
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ResourceRights:
    """What one person may do with a community's resources (and, given one,
    with that resource). Curators are the community's facilitators and the
    members colleagues' feedback marks out as leaders (`can_moderate`)."""

    user: AbstractBaseUser | AnonymousUser
    community: CommunityPage | None
    resource: ResourcePage | None
    can_view: bool
    member: bool
    curator: bool
    stale: bool  # nobody has reported trying it for the stale period

    @property
    def signed_in(self) -> bool:
        return self.user.is_authenticated

    @property
    def is_author(self) -> bool:
        return bool(self.signed_in and self.resource and self.resource.owner_id == self.user.pk)

    @property
    def can_share(self) -> bool:
        """Members add resources to their community's library."""
        return self.signed_in and self.member

    @property
    def can_curate(self) -> bool:
        return self.signed_in and self.curator

    @property
    def can_report_try(self) -> bool:
        """Any member who may view a resource reports trying it — not its author."""
        return bool(self.resource and self.can_view and self.member and not self.is_author)

    @property
    def can_adapt(self) -> bool:
        """Share a changed version: the licence must allow it (an author may
        always build on their own)."""
        return bool(
            self.resource
            and self.can_view
            and self.member
            and (self.is_author or Licence(self.resource.licence).allows_adaptation)
        )

    @property
    def can_feature(self) -> bool:
        return bool(self.resource and self.can_view and self.can_curate)

    @property
    def can_collect(self) -> bool:
        return self.can_feature and not (self.resource and self.resource.is_archived)

    @property
    def can_archive(self) -> bool:
        return bool(self.can_feature and self.stale and not self.resource.is_archived)

    @property
    def can_restore(self) -> bool:
        return bool(self.can_feature and self.resource.is_archived)


def resource_rights(
    *,
    user: AbstractBaseUser | AnonymousUser,
    community: CommunityPage | None,
    resource: ResourcePage | None = None,
) -> ResourceRights:
    can_view = bool(resource is not None and can_view_page(user, resource, community))
    stale = False
    if resource is not None and resource.first_published_at is not None:
        since = clock.now() - settings.STAFFROOM_RESOURCE_STALE_AFTER
        stale = (
            resource.first_published_at < since
            and not ResourceTry.objects.filter(resource=resource, created_at__gte=since).exists()
        )
    return ResourceRights(
        user=user,
        community=community,
        resource=resource,
        can_view=can_view,
        member=bool(community and is_active_member(user, community)),
        curator=bool(community and can_moderate(user, community)),
        stale=stale,
    )


def _rights_or_deny(user, resource: ResourcePage) -> ResourceRights:
    community = community_for_page(resource)
    rights = resource_rights(user=user, community=community, resource=resource)
    if not rights.can_view:
        # Views answer 404 before they get here; this is the service's own guard.
        raise PermissionDenied("This resource is not one you may see.")
    return rights


# --------------------------------------------------------------------------- #
# Publication
# --------------------------------------------------------------------------- #


def resource_published(*, page: ResourcePage) -> None:
    """The first publication of a resource counts once; later edits don't.
    Its author follows its conversation from then on."""
    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    events = ActivityEvent.objects.filter(page=page)
    published = events.filter(verb=Verb.PUBLISHED_RESOURCE).count()
    if published > events.filter(verb=Verb.UNPUBLISHED).count():
        return
    ledger.record(actor=page.owner, verb=Verb.PUBLISHED_RESOURCE, community=community, page=page)
    Follow.objects.get_or_create(user_id=page.owner_id, page=page)


def resource_unpublished(*, page: ResourcePage) -> None:
    community = community_for_page(page)
    if community is None or page.owner_id is None:
        return
    ledger.record(actor=page.owner, verb=Verb.UNPUBLISHED, community=community, page=page)


# --------------------------------------------------------------------------- #
# "I tried it"
# --------------------------------------------------------------------------- #


@transaction.atomic
def resource_try_save(
    *,
    user: AbstractBaseUser,
    resource: ResourcePage,
    recommend: str,
    what_happened: str,
    what_adapted: str = "",
    phase: str = "",
    subject: str = "",
    class_size: int | None = None,
    fed_into: Page | None = None,
) -> tuple[ResourceTry, bool]:
    """Report trying a resource, or change one's report (one per person per
    resource). Each report — and each change — is a ledger row crediting the
    author (the recipient) from the reporter (the actor), which recognition
    reads for the Pilot strand; the author is told of a new report."""
    rights = _rights_or_deny(user, resource)
    if not rights.can_report_try:
        raise PermissionDenied("Only members other than its author report trying a resource.")
    if recommend not in Recommendation.values:
        raise ValidationError("Choose whether you would recommend it.", code="recommend")
    if not what_happened.strip():
        raise ValidationError("Say what happened to learning.", code="what_happened")
    if class_size is not None and not 1 <= class_size <= 200:
        raise ValidationError("A class of between 1 and 200 learners.", code="class_size")
    if fed_into is not None and not pages_a_try_can_feed(user=user).filter(pk=fed_into.pk).exists():
        raise ValidationError("Choose one of your own reflections or inquiries.", code="fed_into")
    values = {
        "recommend": recommend,
        "what_happened": what_happened.strip(),
        "what_adapted": what_adapted.strip(),
        "phase": phase,
        "subject": subject.strip(),
        "class_size": class_size,
        "fed_into": fed_into,
    }
    report = ResourceTry.objects.select_for_update().filter(resource=resource, author=user).first()
    created = report is None
    if created:
        try:
            with transaction.atomic():
                report = ResourceTry.objects.create(resource=resource, author=user, **values)
        except IntegrityError:
            # A second submission racing the first: the first one stands.
            report = ResourceTry.objects.get(resource=resource, author=user)
            created = False
    if not created:
        changed = any(getattr(report, name) != value for name, value in values.items())
        if not changed:
            return report, False
        for name, value in values.items():
            setattr(report, name, value)
        report.updated_at = clock.now()
        report.save()
    community = rights.community
    ledger.record(
        actor=user,
        verb=Verb.TRIED_RESOURCE,
        community=community,
        page=resource,
        recipient=resource.owner,
        target=f"blog.resourcetry:{report.pk}",
        data={"recommend": recommend},
    )
    if created and resource.owner_id:
        notify(
            kind=NotificationKind.RESOURCE_TRIED,
            recipients=[resource.owner_id],
            community=community,
            actor=user,
            page=resource,
            detail=f"{report.recommendation.label}. {report.what_happened}",
        )
    return report, created


@transaction.atomic
def resource_adapt(*, user: AbstractBaseUser, resource: ResourcePage) -> ResourcePage:
    """ "I changed it — share my version": a draft resource of the person's
    own in the same library, prefilled with the lineage (adapted from this
    one, its kind, subject, phase and licence), for them to finish in the
    editor."""
    rights = _rights_or_deny(user, resource)
    if not rights.can_adapt:
        raise PermissionDenied("This resource's licence does not allow changed copies.")
    library = ResourceLibraryPage.objects.get(pk=resource.get_parent().pk)
    title = f"{resource.title} (my version)"[:255]
    draft = ResourcePage(
        title=title,
        draft_title=title,
        slug=_free_slug(library, slugify(title)[:70] or "resource"),
        summary=resource.summary,
        kind=resource.kind,
        subject=resource.subject,
        phase=resource.phase,
        licence=resource.licence,
        adapted_from=resource,
        owner=user,
        live=False,
    )
    library.add_child(instance=draft)
    draft.save_revision(user=user)
    return draft


def _free_slug(parent: Page, base: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --------------------------------------------------------------------------- #
# Curation
# --------------------------------------------------------------------------- #


def _curator_rights(user, resource: ResourcePage) -> ResourceRights:
    rights = _rights_or_deny(user, resource)
    if not rights.can_feature:
        raise PermissionDenied("Only the community's facilitators and leaders curate its library.")
    return rights


@transaction.atomic
def resource_feature(*, user: AbstractBaseUser, resource: ResourcePage, featured: bool) -> bool:
    """Feature a resource at the top of its library, or stop. Returns whether
    anything changed. Featuring is a ledger row (the Curator strand reads
    it) and the author is told."""
    rights = _curator_rights(user, resource)
    resource = ResourcePage.objects.select_for_update().get(pk=resource.pk)
    if featured == resource.is_featured:
        return False
    resource.featured_at = clock.now() if featured else None
    ResourcePage.objects.filter(pk=resource.pk).update(featured_at=resource.featured_at)
    ledger.record(
        actor=user,
        verb=Verb.FEATURED_RESOURCE if featured else Verb.UNFEATURED_RESOURCE,
        community=rights.community,
        page=resource,
        recipient=resource.owner,
    )
    if featured and resource.owner_id:
        notify(
            kind=NotificationKind.RESOURCE_FEATURED,
            recipients=[resource.owner_id],
            community=rights.community,
            actor=user,
            page=resource,
        )
    return True


@transaction.atomic
def resource_archive(*, user: AbstractBaseUser, resource: ResourcePage, reason: str = "") -> None:
    """Hide a resource nobody has tried for the stale period from the library
    (it stays reachable by its link); its author is told."""
    rights = _curator_rights(user, resource)
    if not rights.can_archive:
        raise PermissionDenied("Only a resource nobody has tried for a long time is archived.")
    resource.archived_at = clock.now()
    ResourcePage.objects.filter(pk=resource.pk).update(archived_at=resource.archived_at)
    index.remove_object(resource)
    ledger.record(
        actor=user,
        verb=Verb.ARCHIVED_RESOURCE,
        community=rights.community,
        page=resource,
        recipient=resource.owner,
    )
    if resource.owner_id:
        notify(
            kind=NotificationKind.RESOURCE_ARCHIVED,
            recipients=[resource.owner_id],
            community=rights.community,
            actor=user,
            page=resource,
            detail=reason,
        )


@transaction.atomic
def resource_restore(*, user: AbstractBaseUser, resource: ResourcePage) -> None:
    rights = _curator_rights(user, resource)
    if not rights.can_restore:
        raise PermissionDenied("This resource is not archived.")
    resource.archived_at = None
    ResourcePage.objects.filter(pk=resource.pk).update(archived_at=None)
    index.insert_or_update_object(resource)
    ledger.record(
        actor=user,
        verb=Verb.RESTORED_RESOURCE,
        community=rights.community,
        page=resource,
        recipient=resource.owner,
    )
    if resource.owner_id:
        notify(
            kind=NotificationKind.RESOURCE_RESTORED,
            recipients=[resource.owner_id],
            community=rights.community,
            actor=user,
            page=resource,
        )


def _library_curator(user, library: ResourceLibraryPage) -> CommunityPage:
    community = library.community
    rights = resource_rights(user=user, community=community)
    if not can_view_page(user, library, community):
        raise PermissionDenied("This library is not one you may see.")
    if not rights.can_curate:
        raise PermissionDenied("Only the community's facilitators and leaders curate its library.")
    return community


@transaction.atomic
def collection_create(
    *, user: AbstractBaseUser, library: ResourceLibraryPage, title: str, note: str = ""
) -> CuratedCollection:
    _library_curator(user, library)
    if not title.strip():
        raise ValidationError("Give the collection a title.", code="title")
    return CuratedCollection.objects.create(
        library=library, title=title.strip()[:120], note=note.strip()[:1000], curator=user
    )


@transaction.atomic
def collection_edit(
    *, user: AbstractBaseUser, collection: CuratedCollection, title: str, note: str = ""
) -> CuratedCollection:
    _library_curator(user, collection.library)
    if not title.strip():
        raise ValidationError("Give the collection a title.", code="title")
    collection.title, collection.note = title.strip()[:120], note.strip()[:1000]
    collection.save(update_fields=["title", "note"])
    return collection


@transaction.atomic
def collection_delete(*, user: AbstractBaseUser, collection: CuratedCollection) -> None:
    _library_curator(user, collection.library)
    collection.delete()


@transaction.atomic
def collection_add(
    *, user: AbstractBaseUser, collection: CuratedCollection, resource: ResourcePage
) -> CuratedItem:
    """Add a resource to the end of a collection (once). Collecting counts
    for the curator as featuring does."""
    community = _library_curator(user, collection.library)
    rights = _curator_rights(user, resource)
    if resource.get_parent().pk != collection.library_id or not rights.can_collect:
        raise PermissionDenied("A collection gathers its own library's resources.")
    existing = CuratedItem.objects.filter(collection=collection, resource=resource).first()
    if existing is not None:
        return existing
    last = CuratedItem.objects.filter(collection=collection).aggregate(n=Max("position"))["n"]
    item = CuratedItem.objects.create(
        collection=collection, resource=resource, position=(last or 0) + 1
    )
    ledger.record(
        actor=user,
        verb=Verb.FEATURED_RESOURCE,
        community=community,
        page=resource,
        recipient=resource.owner,
        target=f"blog.curatedcollection:{collection.pk}",
    )
    return item


@transaction.atomic
def collection_remove(*, user: AbstractBaseUser, item: CuratedItem) -> None:
    _library_curator(user, item.collection.library)
    item.delete()


@transaction.atomic
def collection_move(*, user: AbstractBaseUser, item: CuratedItem, up: bool) -> None:
    """Move a resource one place up or down its collection."""
    _library_curator(user, item.collection.library)
    items = list(
        CuratedItem.objects.select_for_update()
        .filter(collection_id=item.collection_id)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if not 0 <= swap < len(items):
        return
    items[index], items[swap] = items[swap], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
