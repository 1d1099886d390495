"""Keeps Wagtail's groups, permissions, view restrictions and workflow for each
community in step with Membership and the community's settings.

This module alone writes them; nobody edits a community's groups by hand.
Per community there are two groups:

* members — may use the editor, add pages in the community and edit their own;
  add and choose documents and images in the community's collection.
* facilitators — may add, edit, publish and lock anything in the community.

* contributors — trusted by their publishing and feedback (recognition):
  publish their own pages without review.
* leaders — contributors whom colleagues' feedback marks out: also approve
  newcomers' pages in the community's workflow.

Every active member is in the members group; facilitators are in both; the
trust groups follow each member's Standing. A members-only community
restricts its page subtree and its collection to the members group; a
workflow sends members' pages to the facilitators (and leaders) for approval.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import CommunityPage, Membership, Role, TrustLevel

User = get_user_model()

MEMBER_PAGE_PERMISSIONS = ["add_page"]
# Publish what they may edit — their own pages (add_page lets a page's owner edit it).
TRUSTED_PAGE_PERMISSIONS = ["add_page", "publish_page"]
FACILITATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Wagtail checks image permissions against wagtailimages.Image even with a
# custom image model (CommunityImage), so those are the ones to grant.
MEMBER_MEDIA_PERMISSIONS = {
    "wagtaildocs": ["add_document", "choose_document"],
    "wagtailimages": ["add_image", "choose_image"],
}
FACILITATOR_MEDIA_PERMISSIONS = {
    "wagtaildocs": ["add_document", "change_document", "choose_document", "delete_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    ct = ContentType.objects.get_for_model(Page)
    return Permission.objects.get(content_type=ct, codename=codename)


def _group(name: str, existing: Group | None) -> Group:
    if existing is not None:
        if existing.name != name:
            existing.name = name
            existing.save(update_fields=["name"])
        return existing
    group, _ = Group.objects.get_or_create(name=name)
    return group


def _group_names(community: CommunityPage) -> tuple[str, str, str, str]:
    title = community.title[:100]
    return tuple(
        f"{title} · {who} (#{community.pk})"
        for who in ("members", "facilitators", "contributors", "leaders")
    )


@transaction.atomic
def community_sync_access(community: CommunityPage) -> None:
    """Create or bring up to date everything Wagtail needs to enforce who may
    see and do what in this community. Safe to call any number of times."""
    members_name, facilitators_name, contributors_name, leaders_name = _group_names(community)
    members = _group(members_name, community.members_group)
    facilitators = _group(facilitators_name, community.facilitators_group)
    contributors = _group(contributors_name, community.contributors_group)
    leaders = _group(leaders_name, community.leaders_group)

    access_admin = _permission("wagtailadmin", "access_admin")
    for group in (members, facilitators, contributors, leaders):
        group.permissions.add(access_admin)

    for group, codenames in (
        (members, MEMBER_PAGE_PERMISSIONS),
        (facilitators, FACILITATOR_PAGE_PERMISSIONS),
        (contributors, TRUSTED_PAGE_PERMISSIONS),
        (leaders, TRUSTED_PAGE_PERMISSIONS),
    ):
        wanted = {_page_permission(c) for c in codenames}
        GroupPagePermission.objects.filter(group=group).exclude(page=community).delete()
        GroupPagePermission.objects.filter(group=group, page=community).exclude(
            permission__in=wanted
        ).delete()
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(
                group=group, page=community, permission=permission
            )

    collection = community.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=community.title[:255])
    elif collection.name != community.title[:255]:
        collection.name = community.title[:255]
        collection.save(update_fields=["name"])

    for group, perms in (
        (members, MEMBER_MEDIA_PERMISSIONS),
        (facilitators, FACILITATOR_MEDIA_PERMISSIONS),
    ):
        wanted = {
            _permission(app_label, codename)
            for app_label, codenames in perms.items()
            for codename in codenames
        }
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=collection, permission__in=wanted
        ).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    _sync_view_restrictions(community, collection, members)
    _sync_workflow(community, [facilitators, leaders])

    changed = (
        community.members_group_id != members.pk
        or community.facilitators_group_id != facilitators.pk
        or community.contributors_group_id != contributors.pk
        or community.leaders_group_id != leaders.pk
        or community.collection_id != collection.pk
    )
    if changed:
        # Update the row (and the live revision's copy stays irrelevant:
        # these fields are not editable and not part of revisions' content).
        CommunityPage.objects.filter(pk=community.pk).update(
            members_group=members,
            facilitators_group=facilitators,
            contributors_group=contributors,
            leaders_group=leaders,
            collection=collection,
        )
        community.members_group = members
        community.facilitators_group = facilitators
        community.contributors_group = contributors
        community.leaders_group = leaders
        community.collection = collection

    for membership in Membership.objects.filter(community=community).select_related(
        "user", "standing"
    ):
        membership_sync_groups(membership, community=community)
    # Anyone in a group without the membership behind it (added by hand, or
    # whose membership went by some other path) loses what the group grants.
    active = Membership.objects.filter(community=community).active()
    members.user_set.remove(*members.user_set.exclude(pk__in=active.values("user_id")))
    facilitators.user_set.remove(
        *facilitators.user_set.exclude(
            pk__in=active.filter(role=Role.FACILITATOR).values("user_id")
        )
    )
    for group, level in ((contributors, TrustLevel.CONTRIBUTOR), (leaders, TrustLevel.LEADER)):
        trusted = active.filter(standing__trust_level__in=_at_least(level))
        group.user_set.remove(*group.user_set.exclude(pk__in=trusted.values("user_id")))


def _sync_view_restrictions(
    community: CommunityPage, collection: Collection, members: Group
) -> None:
    page_restrictions = PageViewRestriction.objects.filter(page=community)
    collection_restrictions = CollectionViewRestriction.objects.filter(collection=collection)
    if community.is_members_only:
        page_restriction = page_restrictions.first() or PageViewRestriction(page=community)
        page_restriction.restriction_type = PageViewRestriction.GROUPS
        page_restriction.save()
        page_restriction.groups.set([members])
        page_restrictions.exclude(pk=page_restriction.pk).delete()

        collection_restriction = collection_restrictions.first() or CollectionViewRestriction(
            collection=collection
        )
        collection_restriction.restriction_type = CollectionViewRestriction.GROUPS
        collection_restriction.save()
        collection_restriction.groups.set([members])
        collection_restrictions.exclude(pk=collection_restriction.pk).delete()
    else:
        page_restrictions.delete()
        collection_restrictions.delete()


def _at_least(level: TrustLevel) -> list[str]:
    return [t.value for t in TrustLevel if t.rank >= level.rank]


def _sync_workflow(community: CommunityPage, reviewers: list[Group]) -> None:
    name = f"{community.title[:200]} · facilitator approval (#{community.pk})"
    workflow_page = WorkflowPage.objects.filter(page=community).select_related("workflow").first()
    if workflow_page is None:
        workflow = Workflow.objects.create(name=name)
        task = GroupApprovalTask.objects.create(name=f"Facilitators of {community.title[:200]}")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(page=community, workflow=workflow)
    else:
        workflow = workflow_page.workflow
        if workflow.name != name:
            workflow.name = name
            workflow.save(update_fields=["name"])
        task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    task.groups.set(reviewers)


def membership_sync_groups(
    membership: Membership, *, community: CommunityPage | None = None
) -> None:
    """Put the member in exactly the groups their membership (and the trust
    their work has earned) calls for."""
    community = community or membership.community
    user = membership.user
    members, facilitators = community.members_group, community.facilitators_group
    if members is None or facilitators is None:
        return
    standing = getattr(membership, "standing", None) if membership.pk else None
    level = standing.level if standing is not None else TrustLevel.NEWCOMER
    wanted = {
        members: membership.is_active,
        facilitators: membership.is_active and membership.role == Role.FACILITATOR,
        community.contributors_group: membership.is_active
        and level.rank >= TrustLevel.CONTRIBUTOR.rank,
        community.leaders_group: membership.is_active and level == TrustLevel.LEADER,
    }
    add = [group for group, on in wanted.items() if group is not None and on]
    remove = [group for group, on in wanted.items() if group is not None and not on]
    if add:
        user.groups.add(*add)
    if remove:
        user.groups.remove(*remove)


def user_remove_from_community_groups(user: User, community: CommunityPage) -> None:
    groups = [
        g
        for g in (
            community.members_group,
            community.facilitators_group,
            community.contributors_group,
            community.leaders_group,
        )
        if g
    ]
    if groups:
        user.groups.remove(*groups)
