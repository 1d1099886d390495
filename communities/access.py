"""Keeps Wagtail's groups, permissions, view restrictions and workflow for each
community in step with Membership and the community's settings.

This module alone writes them; nobody edits a community's groups by hand.
Per community there are two groups:

* members — may use the editor, add pages in the community and edit their own;
  add and choose documents and images in the community's collection.
* facilitators — may add, edit, publish and lock anything in the community.

Every active member is in the members group; facilitators are in both. A
members-only community restricts its page subtree and its collection to those
groups; a workflow sends members' pages to the facilitators for approval.
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

from .models import CommunityPage, Membership, Role

User = get_user_model()

MEMBER_PAGE_PERMISSIONS = ["add_page"]
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


def _group_names(community: CommunityPage) -> tuple[str, str]:
    title = community.title[:100]
    return (f"{title} · members (#{community.pk})", f"{title} · facilitators (#{community.pk})")


@transaction.atomic
def community_sync_access(community: CommunityPage) -> None:
    """Create or bring up to date everything Wagtail needs to enforce who may
    see and do what in this community. Safe to call any number of times."""
    members_name, facilitators_name = _group_names(community)
    members = _group(members_name, community.members_group)
    facilitators = _group(facilitators_name, community.facilitators_group)

    access_admin = _permission("wagtailadmin", "access_admin")
    members.permissions.add(access_admin)
    facilitators.permissions.add(access_admin)

    for group, codenames in (
        (members, MEMBER_PAGE_PERMISSIONS),
        (facilitators, FACILITATOR_PAGE_PERMISSIONS),
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
    _sync_workflow(community, facilitators)

    changed = (
        community.members_group_id != members.pk
        or community.facilitators_group_id != facilitators.pk
        or community.collection_id != collection.pk
    )
    if changed:
        # Update the row (and the live revision's copy stays irrelevant:
        # these fields are not editable and not part of revisions' content).
        CommunityPage.objects.filter(pk=community.pk).update(
            members_group=members, facilitators_group=facilitators, collection=collection
        )
        community.members_group = members
        community.facilitators_group = facilitators
        community.collection = collection

    for membership in Membership.objects.filter(community=community).select_related("user"):
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


def _sync_workflow(community: CommunityPage, facilitators: Group) -> None:
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
    task.groups.set([facilitators])


def membership_sync_groups(
    membership: Membership, *, community: CommunityPage | None = None
) -> None:
    """Put the member in exactly the groups their membership calls for."""
    community = community or membership.community
    user = membership.user
    members, facilitators = community.members_group, community.facilitators_group
    if members is None or facilitators is None:
        return
    if membership.is_active:
        user.groups.add(members)
    else:
        user.groups.remove(members)
    if membership.is_active and membership.role == Role.FACILITATOR:
        user.groups.add(facilitators)
    else:
        user.groups.remove(facilitators)


def user_remove_from_community_groups(user: User, community: CommunityPage) -> None:
    groups = [g for g in (community.members_group, community.facilitators_group) if g]
    if groups:
        user.groups.remove(*groups)
