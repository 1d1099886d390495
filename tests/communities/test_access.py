"""Wagtail's groups, permissions, view restrictions and workflow follow every
membership and visibility change (communities.access)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from communities import factories
from communities.access import community_sync_access
from communities.models import CommunityPage, Membership, MembershipState, Role, Visibility
from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db

User = get_user_model()
page_policy = PagePermissionPolicy()


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def fresh(obj):
    """A new copy from the database: Wagtail and Django cache permissions on
    the user object, and the community's fields change behind our back."""
    return type(obj).objects.get(pk=obj.pk)


def groups_of(user, community) -> set[str]:
    community = fresh(community)
    names = {community.members_group_id: "members", community.facilitators_group_id: "facilitators"}
    return {
        names[pk] for pk in fresh(user).groups.filter(pk__in=names).values_list("pk", flat=True)
    }


def page_permissions(group: Group) -> set[tuple[int, str]]:
    return set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )


def collection_permissions(group: Group) -> set[tuple[int, str]]:
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    )


def counts() -> dict[str, int]:
    """How many of each thing communities.access writes."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Group,
            GroupPagePermission,
            GroupCollectionPermission,
            Collection,
            PageViewRestriction,
            CollectionViewRestriction,
            Workflow,
            WorkflowPage,
            WorkflowTask,
            Task,
            User.groups.through,
        )
    }


def republish(community: CommunityPage, **changes) -> CommunityPage:
    """Change the community the way an editor does — starting from its latest
    revision, as the Wagtail editor does — and publish."""
    page = fresh(community).get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    return fresh(community)


def post(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    return response


def action(client, user, community, name):
    membership = Membership.objects.get(user=user, community=community)
    return post(client, reverse("membership_action", args=[membership.pk, name]))


def add_member_page(community, owner, title="My reflection") -> StandardPage:
    """A page inside the community, written by `owner`. (Communities have no
    section types configured yet, so a plain page stands in for one.)"""
    page = StandardPage(title=title, owner=owner, live=False)
    fresh(community).add_child(instance=page)
    page.save_revision(user=owner)
    return fresh(page)


@pytest.fixture
def co_facilitator(make_teacher, open_community):
    user = make_teacher("Cai Cofacilitator")
    factories.membership(user=user, community=open_community, role=Role.FACILITATOR)
    return user


# --------------------------------------------------------------------------- #
# What a published community gets
# --------------------------------------------------------------------------- #


def test_a_community_gets_its_two_groups(open_community):
    community = fresh(open_community)
    assert community.members_group.name == f"Formative Assessment · members (#{community.pk})"
    assert community.facilitators_group.name == (
        f"Formative Assessment · facilitators (#{community.pk})"
    )
    for group in (community.members_group, community.facilitators_group):
        assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
            ("wagtailadmin", "access_admin")
        }


def test_each_group_has_exactly_its_page_permissions_on_the_community(open_community):
    community = fresh(open_community)
    assert page_permissions(community.members_group) == {(community.pk, "add_page")}
    assert page_permissions(community.facilitators_group) == {
        (community.pk, codename)
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
    }


def test_a_community_gets_a_collection_with_group_permissions(open_community):
    community = fresh(open_community)
    collection = community.collection
    assert collection.name == "Formative Assessment"
    assert collection.get_parent() == Collection.get_first_root_node()
    assert collection_permissions(community.members_group) == {
        (collection.pk, codename)
        for codename in ("add_document", "choose_document", "add_image", "choose_image")
    }
    assert collection_permissions(community.facilitators_group) == {
        (collection.pk, codename)
        for codename in (
            "add_document",
            "change_document",
            "choose_document",
            "delete_document",
            "add_image",
            "change_image",
            "choose_image",
            "delete_image",
        )
    }


def test_each_community_has_its_own_groups_and_collection(open_community, private_community):
    a, b = fresh(open_community), fresh(private_community)
    assert (
        len(
            {
                a.members_group_id,
                a.facilitators_group_id,
                b.members_group_id,
                b.facilitators_group_id,
            }
        )
        == 4
    )
    assert a.collection_id != b.collection_id


def test_a_public_community_has_no_view_restrictions(open_community):
    community = fresh(open_community)
    assert not PageViewRestriction.objects.filter(page=community).exists()
    assert not CollectionViewRestriction.objects.filter(collection=community.collection).exists()
    assert community.get_view_restrictions().count() == 0


def test_a_members_only_community_restricts_its_page_and_collection_to_members(
    private_community,
):
    community = fresh(private_community)
    [page_restriction] = PageViewRestriction.objects.filter(page=community)
    assert page_restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(page_restriction.groups.all()) == [community.members_group]
    [collection_restriction] = CollectionViewRestriction.objects.filter(
        collection=community.collection
    )
    assert collection_restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert list(collection_restriction.groups.all()) == [community.members_group]


def test_a_community_has_a_workflow_sending_pages_to_its_facilitators_and_leaders(
    open_community,
):
    community = fresh(open_community)
    [workflow_page] = WorkflowPage.objects.filter(page=community)
    workflow = workflow_page.workflow
    assert workflow.active
    assert community.get_workflow() == workflow
    [task] = [t.specific for t in workflow.tasks.all()]
    assert isinstance(task, GroupApprovalTask)
    assert set(task.groups.all()) == {community.facilitators_group, community.leaders_group}


def test_the_founder_facilitates_and_the_member_is_a_member(
    open_community, facilitator, member, outsider
):
    assert groups_of(facilitator, open_community) == {"members", "facilitators"}
    assert groups_of(member, open_community) == {"members"}
    assert groups_of(outsider, open_community) == set()


def test_a_requester_is_in_no_group(request_community, requester):
    assert groups_of(requester, request_community) == set()


# --------------------------------------------------------------------------- #
# Every membership change, through HTTP, keeps the groups in step
# --------------------------------------------------------------------------- #


def test_joining_an_open_community_puts_the_user_in_the_members_group(
    client, outsider, open_community
):
    client.force_login(outsider)
    post(client, reverse("community_join", args=[open_community.pk]))
    assert groups_of(outsider, open_community) == {"members"}


def test_asking_to_join_puts_the_user_in_no_group(client, outsider, private_community):
    client.force_login(outsider)
    post(client, reverse("community_join", args=[private_community.pk]))
    assert groups_of(outsider, private_community) == set()


def test_approve_then_remove(client, facilitator, requester, request_community):
    client.force_login(facilitator)
    action(client, requester, request_community, "approve")
    assert groups_of(requester, request_community) == {"members"}
    action(client, requester, request_community, "remove")
    assert groups_of(requester, request_community) == set()


def test_decline_leaves_the_requester_in_no_group(
    client, facilitator, requester, request_community
):
    client.force_login(facilitator)
    action(client, requester, request_community, "decline")
    assert groups_of(requester, request_community) == set()


def test_withdrawing_a_request_leaves_no_group(client, requester, request_community):
    client.force_login(requester)
    post(client, reverse("community_leave", args=[request_community.pk]))
    assert groups_of(requester, request_community) == set()


def test_leaving_takes_the_member_out_of_the_groups(client, member, open_community):
    client.force_login(member)
    post(client, reverse("community_leave", args=[open_community.pk]))
    assert groups_of(member, open_community) == set()


def test_promote_step_down_and_leave(client, facilitator, member, open_community):
    client.force_login(facilitator)
    action(client, member, open_community, "make-facilitator")
    assert groups_of(member, open_community) == {"members", "facilitators"}

    client.force_login(member)
    action(client, member, open_community, "step-down")
    assert groups_of(member, open_community) == {"members"}

    membership = Membership.objects.get(user=member, community=open_community)
    response = client.post(reverse("membership_action", args=[membership.pk, "make-facilitator"]))
    assert response.status_code == 403  # only facilitators make facilitators
    assert groups_of(member, open_community) == {"members"}

    client.force_login(facilitator)
    action(client, member, open_community, "make-facilitator")
    post(client, reverse("community_leave", args=[open_community.pk]))
    assert groups_of(facilitator, open_community) == set()
    assert groups_of(member, open_community) == {"members", "facilitators"}


def test_removing_a_facilitator_takes_them_out_of_both_groups(
    client, facilitator, co_facilitator, open_community
):
    client.force_login(facilitator)
    action(client, co_facilitator, open_community, "remove")
    assert groups_of(co_facilitator, open_community) == set()


def test_membership_in_one_community_leaves_the_other_alone(
    client, member, open_community, private_community
):
    client.force_login(member)
    post(client, reverse("community_leave", args=[open_community.pk]))
    assert groups_of(member, open_community) == set()
    assert groups_of(member, private_community) == {"members"}


def test_forbidden_actions_leave_the_groups_alone(
    client, member, outsider, facilitator, open_community
):
    before = counts(), set(User.groups.through.objects.values_list("user_id", "group_id"))
    client.force_login(outsider)
    for name in ("make-facilitator", "remove", "step-down"):
        membership = Membership.objects.get(user=member, community=open_community)
        response = client.post(reverse("membership_action", args=[membership.pk, name]))
        assert response.status_code == 403
    assert (counts(), set(User.groups.through.objects.values_list("user_id", "group_id"))) == (
        before
    )


# --------------------------------------------------------------------------- #
# Visibility changes
# --------------------------------------------------------------------------- #


def test_going_public_and_back_removes_and_recreates_the_restrictions(private_community):
    before = fresh(private_community)

    community = republish(private_community, visibility=Visibility.PUBLIC)

    assert not PageViewRestriction.objects.filter(page=community).exists()
    assert not CollectionViewRestriction.objects.filter(collection=community.collection).exists()

    community = republish(community, visibility=Visibility.MEMBERS)

    [page_restriction] = PageViewRestriction.objects.filter(page=community)
    assert page_restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(page_restriction.groups.all()) == [community.members_group]
    [collection_restriction] = CollectionViewRestriction.objects.filter(
        collection=community.collection
    )
    assert list(collection_restriction.groups.all()) == [community.members_group]
    # The same groups and collection throughout: documents already in the
    # collection stay under the community's privacy.
    assert (
        community.members_group_id,
        community.facilitators_group_id,
        community.collection_id,
    ) == (before.members_group_id, before.facilitators_group_id, before.collection_id)


def test_going_members_only_adds_the_restrictions(open_community):
    community = republish(open_community, visibility=Visibility.MEMBERS)
    assert list(PageViewRestriction.objects.get(page=community).groups.all()) == [
        community.members_group
    ]
    assert list(
        CollectionViewRestriction.objects.get(collection=community.collection).groups.all()
    ) == [community.members_group]


def test_republishing_keeps_groups_collection_and_workflow(private_community, member):
    before_counts = counts()
    before = fresh(private_community)

    community = republish(private_community, purpose="A new purpose.")
    community = republish(community)

    assert counts() == before_counts
    assert (
        community.members_group_id,
        community.facilitators_group_id,
        community.collection_id,
    ) == (before.members_group_id, before.facilitators_group_id, before.collection_id)
    assert groups_of(member, community) == {"members"}


def test_renaming_the_community_renames_its_groups_collection_and_workflow(open_community):
    before_counts = counts()
    community = republish(open_community, title="Assessment for Learning")

    assert counts() == before_counts
    assert community.members_group.name == f"Assessment for Learning · members (#{community.pk})"
    assert community.facilitators_group.name == (
        f"Assessment for Learning · facilitators (#{community.pk})"
    )
    assert community.collection.name == "Assessment for Learning"
    assert community.get_workflow().name == (
        f"Assessment for Learning · facilitator approval (#{community.pk})"
    )


def test_publishing_an_old_revision_keeps_groups_and_collection(private_community, member):
    """Revisions made before the first publish know nothing of the groups and
    collection; reverting to one must not orphan them (nor the documents in
    the collection, nor the members in the groups)."""
    before = fresh(private_community)
    first_revision = before.revisions.order_by("pk").first()
    assert first_revision.content["collection"] is None
    republish(before, title="Early Career Network")
    before_counts = counts()

    first_revision.publish()

    community = fresh(private_community)
    assert community.title == "Early Career Circle"
    assert counts() == before_counts
    assert (
        community.members_group_id,
        community.facilitators_group_id,
        community.collection_id,
    ) == (before.members_group_id, before.facilitators_group_id, before.collection_id)
    assert community.members_group.name == f"Early Career Circle · members (#{community.pk})"
    assert community.collection.name == "Early Career Circle"
    assert groups_of(member, community) == {"members"}


def test_an_admin_switches_visibility_in_the_wagtail_editor(client, admin_user, private_community):
    community = fresh(private_community)
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[community.pk]),
        {
            "title": community.title,
            "slug": community.slug,
            "purpose": community.purpose,
            "focus": community.focus,
            "meeting_rhythm": community.meeting_rhythm,
            "join_policy": community.join_policy,
            "visibility": Visibility.PUBLIC,
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    after = fresh(community)
    assert after.visibility == Visibility.PUBLIC
    assert not PageViewRestriction.objects.filter(page=after).exists()
    assert not CollectionViewRestriction.objects.filter(collection=after.collection).exists()
    assert after.collection_id == community.collection_id
    assert after.members_group_id == community.members_group_id


# --------------------------------------------------------------------------- #
# Idempotence
# --------------------------------------------------------------------------- #


def test_syncing_twice_creates_no_duplicates(private_community, open_community, requester):
    before = counts()
    community_sync_access(fresh(private_community))
    community_sync_access(fresh(private_community))
    community_sync_access(fresh(open_community))
    assert counts() == before


def test_sync_repairs_hand_made_changes(private_community, member, outsider):
    """Nobody edits a community's groups by hand; if someone does, the next
    sync puts them back."""
    community = fresh(private_community)
    community.members_group.user_set.add(outsider)
    community.members_group.user_set.remove(member)
    GroupPagePermission.objects.filter(group=community.members_group).delete()
    PageViewRestriction.objects.filter(page=community).delete()
    stray = Collection.get_first_root_node().add_child(name="Elsewhere")
    GroupCollectionPermission.objects.create(
        group=community.members_group,
        collection=stray,
        permission=GroupCollectionPermission.objects.filter(group=community.members_group)
        .first()
        .permission,
    )
    GroupPagePermission.objects.create(
        group=community.members_group,
        page=community.get_parent(),
        permission=GroupPagePermission.objects.filter(group=community.facilitators_group)
        .first()
        .permission,
    )

    community_sync_access(community)

    assert groups_of(outsider, community) == set()
    assert groups_of(member, community) == {"members"}
    assert page_permissions(community.members_group) == {(community.pk, "add_page")}
    assert list(PageViewRestriction.objects.get(page=community).groups.all()) == [
        community.members_group
    ]
    assert not GroupCollectionPermission.objects.filter(collection=stray).exists()


# --------------------------------------------------------------------------- #
# What Wagtail itself then lets each person do
# --------------------------------------------------------------------------- #


def test_wagtail_page_permissions_per_role(open_community, facilitator, member, outsider):
    community = fresh(open_community)

    def allowed(user, action_name):
        return page_policy.user_has_permission_for_instance(fresh(user), action_name, community)

    assert allowed(member, "add")
    assert not allowed(member, "change")
    assert not allowed(member, "publish")
    for action_name in ("add", "change", "publish", "lock", "unlock"):
        assert allowed(facilitator, action_name)
        assert not allowed(outsider, action_name)

    assert not community.permissions_for_user(fresh(member)).can_publish()
    assert not community.permissions_for_user(fresh(member)).can_edit()
    assert community.permissions_for_user(fresh(facilitator)).can_publish()
    assert community.permissions_for_user(fresh(facilitator)).can_edit()
    assert not community.permissions_for_user(fresh(outsider)).can_publish()
    assert not community.permissions_for_user(fresh(outsider)).can_edit()


def test_permissions_go_when_membership_goes(client, open_community, member):
    community = fresh(open_community)
    assert page_policy.user_has_permission_for_instance(fresh(member), "add", community)
    client.force_login(member)
    post(client, reverse("community_leave", args=[community.pk]))
    assert not page_policy.user_has_permission_for_instance(fresh(member), "add", community)
    assert not fresh(member).has_perm("wagtailadmin.access_admin")


def test_members_open_the_add_page_view_in_every_section(
    client, open_community, facilitator, member, outsider
):
    """The "Write a reflection" button goes straight to Wagtail's add-page view
    inside the community's section: members may open it, outsiders may not."""
    community = fresh(open_community)
    sections = list(community.get_children().specific())
    assert len(sections) == len(settings.STAFFROOM_COMMUNITY_SECTIONS) > 0
    # Sections are made by the community itself; nobody adds more by hand.
    assert not community.permissions_for_user(fresh(member)).can_add_subpage()
    for section in sections:
        [child_model] = section.specific_class.creatable_subpage_models()
        add_url = reverse(
            "wagtailadmin_pages:add",
            args=[child_model._meta.app_label, child_model._meta.model_name, section.pk],
        )
        assert section.permissions_for_user(fresh(member)).can_add_subpage()
        assert not section.permissions_for_user(fresh(member)).can_publish_subpage()
        assert section.permissions_for_user(fresh(facilitator)).can_publish_subpage()
        assert not section.permissions_for_user(fresh(outsider)).can_add_subpage()

        client.force_login(member)
        assert client.get(add_url).status_code == 200
        client.force_login(outsider)
        response = client.get(add_url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_member_pages_edit_own_facilitators_publish_everything(
    open_community, facilitator, member, make_teacher
):
    colleague = make_teacher("Col League")
    factories.membership(user=colleague, community=open_community)
    page = add_member_page(open_community, member)

    own = page.permissions_for_user(fresh(member))
    assert own.can_edit()
    assert not own.can_publish()
    assert not page.permissions_for_user(fresh(colleague)).can_edit()
    facilitates = page.permissions_for_user(fresh(facilitator))
    assert facilitates.can_edit()
    assert facilitates.can_publish()
    assert facilitates.can_lock()


def test_wagtail_admin_per_role(
    client, open_community, facilitator, member, outsider, make_teacher
):
    colleague = make_teacher("Col League")
    factories.membership(user=colleague, community=open_community)
    page = add_member_page(open_community, member)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    client.force_login(member)
    # The editor's dashboard is for site administrators: a member is taken to
    # their own work on the site.
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302 and home.url == reverse("my_work")
    assert client.get(reverse("wagtailadmin_explore", args=[open_community.pk])).status_code == 200
    assert client.get(edit_url).status_code == 200

    client.force_login(colleague)
    response = client.get(edit_url)  # Wagtail sends them back with "no permission"
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")

    client.force_login(facilitator)
    assert client.get(edit_url).status_code == 200

    client.force_login(outsider)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(edit_url).status_code == 302


def test_a_member_can_publish_only_through_the_facilitators(
    client, open_community, facilitator, member
):
    page = add_member_page(open_community, member)
    client.force_login(member)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = {
        "title": "My reflection",
        "slug": page.slug,
        "intro": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }

    client.post(edit_url, {**data, "action-publish": "action-publish"})
    assert not fresh(page).live

    response = client.post(edit_url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    state = fresh(page).current_workflow_state
    assert state is not None
    assert state.workflow == fresh(open_community).get_workflow()
    task = state.current_task_state.task.specific
    assert task.get_actions(fresh(page), fresh(member)) == []
    assert "approve" in [name for name, *_ in task.get_actions(fresh(page), fresh(facilitator))]


def test_document_and_image_permissions_follow_membership(
    client, open_community, facilitator, member, outsider
):
    collection = fresh(open_community).collection
    document_policy = policy_registry.get_by_type(get_document_model())
    image_policy = policy_registry.get_by_type(get_image_model())
    for policy in (document_policy, image_policy):
        for action_name in ("add", "choose"):
            assert collection in policy.collections_user_has_permission_for(
                fresh(member), action_name
            )
            assert collection in policy.collections_user_has_permission_for(
                fresh(facilitator), action_name
            )
            assert collection not in policy.collections_user_has_permission_for(
                fresh(outsider), action_name
            )

    theirs = Document.objects.create(
        title="Exit tickets",
        file=ContentFile(b"tickets", name="tickets.txt"),
        collection=collection,
        uploaded_by_user=facilitator,
    )
    own = Document.objects.create(
        title="My plan",
        file=ContentFile(b"plan", name="plan.txt"),
        collection=collection,
        uploaded_by_user=member,
    )

    def may(user, action_name, document):
        return document_policy.user_has_permission_for_instance(fresh(user), action_name, document)

    # Members change their own documents; facilitators curate everything.
    assert may(member, "change", own)
    assert not may(member, "change", theirs)
    assert not may(member, "delete", theirs)
    assert may(facilitator, "change", own)
    assert may(facilitator, "delete", own)
    assert not may(outsider, "change", theirs)

    client.force_login(member)
    post(client, reverse("community_leave", args=[open_community.pk]))
    assert collection not in document_policy.collections_user_has_permission_for(
        fresh(member), "add"
    )
    assert not may(member, "change", own)


def test_the_group_restriction_admits_exactly_active_members(
    rf, private_community, member, outsider, requester, make_teacher
):
    community = fresh(private_community)
    pending = make_teacher("Pat Pending")
    factories.membership(user=pending, community=community, state=MembershipState.REQUESTED)
    restriction = PageViewRestriction.objects.get(page=community)
    request = rf.get("/")
    request.session = {}

    def admitted(user):
        request.user = fresh(user)
        return restriction.accept_request(request)

    assert admitted(member)
    assert not admitted(outsider)
    assert not admitted(pending)
