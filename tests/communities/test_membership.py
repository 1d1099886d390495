"""Every membership action, by every role, through real HTTP requests.

Each action is a POST answered with a message and a redirect; anything a role
may not do gets 403 or 404 and changes nothing — not the memberships, not the
Wagtail groups, not the activity ledger.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from communities import factories
from communities.models import (
    ActivityEvent,
    Membership,
    MembershipState,
    Role,
    Verb,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

ACTIONS = ["approve", "decline", "remove", "make-facilitator", "step-down"]


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def join_url(community) -> str:
    return reverse("community_join", args=[community.pk])


def leave_url(community) -> str:
    return reverse("community_leave", args=[community.pk])


def members_url(community) -> str:
    return reverse("community_members", args=[community.pk])


def action_url(membership: Membership, action: str) -> str:
    return reverse("membership_action", args=[membership.pk, action])


def membership_of(user, community) -> Membership:
    return Membership.objects.get(user=user, community=community)


def snapshot() -> dict[str, list]:
    """Everything a membership action may change."""
    return {
        "memberships": list(
            Membership.objects.order_by("pk").values_list(
                "pk", "user_id", "community_id", "role", "state", "message", "joined_at"
            )
        ),
        "groups": list(
            User.groups.through.objects.order_by("user_id", "group_id").values_list(
                "user_id", "group_id"
            )
        ),
        "events": list(
            ActivityEvent.objects.order_by("pk").values_list(
                "pk", "actor_id", "verb", "community_id", "recipient_id", "data"
            )
        ),
    }


def community_groups(user, community) -> set[str]:
    """Which of the community's two groups the user is in."""
    names = {community.members_group_id: "members", community.facilitators_group_id: "facilitators"}
    return {names[pk] for pk in user.groups.filter(pk__in=names).values_list("pk", flat=True)}


def new_events(before: dict) -> list[ActivityEvent]:
    known = {row[0] for row in before["events"]}
    return list(ActivityEvent.objects.exclude(pk__in=known).order_by("pk"))


def assert_message(response, text: str, level: str = "success") -> None:
    """The followed redirect shows a message of this level that says `text`
    (and may go on: how to come back, an Undo button)."""
    assert response.status_code == 200
    shown = f'class="message message--{level}">{escape(text)}'
    assert shown in response.text, f"no {level} message {text!r}"


def assert_redirected_to(response, url: str) -> None:
    assert response.redirect_chain, "expected a redirect"
    assert response.redirect_chain[0] == (url, 302)


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def stream_text(client, community) -> str:
    """The community page's "Recent activity", as "<who> <did what>" lines."""
    response = client.get(community.url)
    assert response.status_code == 200
    events = response.context["activity"]
    html = response.text
    for event in events:  # each one is on the page, not only in the context
        assert escape(event.actor.profile.display_name) in html
        assert escape(event.verb_label) in html
    return " ".join(f"{event.actor.profile.display_name} {event.verb_label}" for event in events)


@pytest.fixture
def co_facilitator(make_teacher, open_community):
    """A second facilitator of the open community."""
    user = make_teacher("Cai Cofacilitator")
    factories.membership(user=user, community=open_community, role=Role.FACILITATOR)
    return user


@pytest.fixture
def request_member(make_teacher, request_community):
    """An active member of the by-request community."""
    user = make_teacher("Meg Member")
    factories.membership(user=user, community=request_community)
    return user


@pytest.fixture
def private_requester(make_teacher, private_community):
    user = make_teacher("Pat Pending")
    factories.membership(user=user, community=private_community, state=MembershipState.REQUESTED)
    return user


@pytest.fixture
def other_facilitator(make_teacher, community_index):
    """Facilitates a different community, and nothing else."""
    user = make_teacher("Xavi Elsewhere")
    factories.community(
        facilitator=user, title="Oracy Project", slug="oracy-project", index=community_index
    )
    return user


# --------------------------------------------------------------------------- #
# Every endpoint: anonymous visitors, GET, CSRF
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("endpoint", ["join", "leave", *ACTIONS])
def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(
    client, endpoint, request_community, requester, open_community, member
):
    if endpoint == "join":
        url = join_url(request_community)
    elif endpoint == "leave":
        url = leave_url(open_community)
    elif endpoint in ("approve", "decline"):
        url = action_url(membership_of(requester, request_community), endpoint)
    else:
        url = action_url(membership_of(member, open_community), endpoint)
    before = snapshot()

    response = client.post(url, {"message": "let me in"})

    assert_login_redirect(response, url)
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", ["join", "leave", *ACTIONS])
def test_get_on_a_post_only_url_is_405(
    login, endpoint, outsider, facilitator, open_community, member, request_community, requester
):
    if endpoint == "join":
        client, url = login(outsider), join_url(open_community)
    elif endpoint == "leave":
        client, url = login(member), leave_url(open_community)
    elif endpoint in ("approve", "decline"):
        client = login(facilitator)
        url = action_url(membership_of(requester, request_community), endpoint)
    else:
        client = login(facilitator)
        url = action_url(membership_of(member, open_community), endpoint)
    before = snapshot()

    response = client.get(url)

    assert response.status_code == 405
    assert snapshot() == before


def test_get_on_a_post_only_url_is_405_for_anonymous_too(client, open_community):
    assert client.get(join_url(open_community)).status_code == 405


def test_join_without_a_csrf_token_is_refused(outsider, open_community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    before = snapshot()

    response = client.post(join_url(open_community))

    assert response.status_code == 403
    assert snapshot() == before


def test_join_with_the_csrf_token_from_the_page_works(outsider, open_community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    page = client.get(open_community.url)
    token = page.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.text

    response = client.post(join_url(open_community), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert membership_of(outsider, open_community).is_active


def test_membership_action_without_a_csrf_token_is_refused(
    facilitator, request_community, requester
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    before = snapshot()

    response = client.post(action_url(membership_of(requester, request_community), "approve"))

    assert response.status_code == 403
    assert snapshot() == before


def test_unknown_action_is_404(login, facilitator, open_community, member):
    before = snapshot()
    response = login(facilitator).post(action_url(membership_of(member, open_community), "ban"))
    assert response.status_code == 404
    assert snapshot() == before


def test_action_on_a_missing_membership_is_404(login, facilitator, open_community):
    response = login(facilitator).post(reverse("membership_action", args=[999999, "approve"]))
    assert response.status_code == 404


def test_join_a_missing_or_unpublished_community_is_404(login, outsider, open_community):
    client = login(outsider)
    assert client.post(reverse("community_join", args=[999999])).status_code == 404
    open_community.unpublish()
    before = snapshot()
    assert client.post(join_url(open_community)).status_code == 404
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# Join and request to join
# --------------------------------------------------------------------------- #


def test_outsider_joins_an_open_community_at_once(login, outsider, open_community):
    client = login(outsider)
    before = snapshot()

    response = client.post(join_url(open_community), follow=True)

    assert_redirected_to(response, open_community.url)
    assert_message(response, "Welcome to Formative Assessment.")
    membership = membership_of(outsider, open_community)
    assert (membership.role, membership.state) == (Role.MEMBER, MembershipState.ACTIVE)
    assert membership.joined_at is not None
    assert community_groups(outsider, open_community) == {"members"}
    [event] = new_events(before)
    assert (event.actor, event.verb, event.recipient, event.community_id) == (
        outsider,
        Verb.JOINED,
        None,
        open_community.pk,
    )
    assert "Olly Outsider joined the community" in stream_text(client, open_community)
    # The page now offers to leave rather than to join.
    page = client.get(open_community.url)
    assert page.context["membership"].is_active
    assert leave_url(open_community) in page.text


def test_site_admin_joins_an_open_community_like_anyone(login, admin_user, open_community):
    before = snapshot()
    response = login(admin_user).post(join_url(open_community), follow=True)
    assert_message(response, "Welcome to Formative Assessment.")
    assert membership_of(admin_user, open_community).is_active
    assert [(e.actor, e.verb) for e in new_events(before)] == [(admin_user, Verb.JOINED)]


def test_outsider_asks_to_join_a_by_request_community_with_a_note(
    login, outsider, request_community
):
    client = login(outsider)
    before = snapshot()

    response = client.post(
        join_url(request_community), {"message": "  I teach Year 7 English.  "}, follow=True
    )

    assert_redirected_to(response, request_community.url)
    assert_message(
        response,
        "Your request to join Reading for Pleasure is with its facilitators. "
        "You'll be let in as soon as one of them approves it.",
    )
    membership = membership_of(outsider, request_community)
    assert membership.state == MembershipState.REQUESTED
    assert membership.role == Role.MEMBER
    assert membership.message == "I teach Year 7 English."
    assert membership.joined_at is None
    assert community_groups(outsider, request_community) == set()
    [event] = new_events(before)
    assert (event.actor, event.verb, event.recipient) == (outsider, Verb.REQUESTED, None)
    # A request is between the requester and the facilitators: not in the stream.
    assert "asked to join" not in stream_text(client, request_community)
    assert (
        "Your request to join is with the facilitators." in client.get(request_community.url).text
    )


def test_request_to_join_without_a_note(login, outsider, request_community):
    response = login(outsider).post(join_url(request_community), follow=True)
    assert response.status_code == 200
    membership = membership_of(outsider, request_community)
    assert (membership.state, membership.message) == (MembershipState.REQUESTED, "")


def test_outsider_may_ask_to_join_a_members_only_community(login, outsider, private_community):
    before = snapshot()
    response = login(outsider).post(
        join_url(private_community), {"message": "New to teaching"}, follow=True
    )
    assert_redirected_to(response, private_community.url)
    assert_message(
        response,
        "Your request to join Early Career Circle is with its facilitators. "
        "You'll be let in as soon as one of them approves it.",
    )
    assert membership_of(outsider, private_community).state == MembershipState.REQUESTED
    assert community_groups(outsider, private_community) == set()
    assert [(e.actor, e.verb) for e in new_events(before)] == [(outsider, Verb.REQUESTED)]
    # Still nothing inside for someone who has only asked.
    assert response.context["can_view_inside"] is False
    assert "activity" not in response.context


@pytest.mark.parametrize(
    ("who", "text"),
    [
        ("member", "You are already a member of this community."),
        ("facilitator", "You are already a member of this community."),
        ("requester", "Your request to join is already with the facilitators."),
    ],
)
def test_joining_twice_changes_nothing(
    request, login, who, text, request_community, requester, request_member
):
    user = {
        "member": request_member,
        "facilitator": request.getfixturevalue("facilitator"),
        "requester": requester,
    }[who]
    before = snapshot()

    response = login(user).post(join_url(request_community), {"message": "again"}, follow=True)

    assert_redirected_to(response, request_community.url)
    assert_message(response, text, level="error")
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# Approve and decline
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("approver", ["facilitator", "admin_user"])
def test_facilitator_or_admin_approves_a_request(
    request, login, approver, request_community, requester
):
    actor = request.getfixturevalue(approver)
    client = login(actor)
    before = snapshot()

    response = client.post(
        action_url(membership_of(requester, request_community), "approve"), follow=True
    )

    assert_redirected_to(response, request_community.url)
    assert_message(response, "Rae Requester is now a member.")
    membership = membership_of(requester, request_community)
    assert (membership.role, membership.state) == (Role.MEMBER, MembershipState.ACTIVE)
    assert membership.joined_at is not None
    assert community_groups(requester, request_community) == {"members"}
    events = [(e.actor, e.verb, e.recipient) for e in new_events(before)]
    assert events == [(actor, Verb.APPROVED, requester), (requester, Verb.JOINED, None)]
    stream = stream_text(client, request_community)
    assert "Rae Requester joined the community" in stream
    assert f"{actor.profile.display_name} welcomed a new member" in stream


def test_approving_from_the_members_page_returns_there(
    login, facilitator, request_community, requester
):
    response = login(facilitator).post(
        action_url(membership_of(requester, request_community), "approve"),
        {"next": "members"},
        follow=True,
    )
    assert_redirected_to(response, members_url(request_community))
    assert_message(response, "Rae Requester is now a member.")


def test_approved_member_of_a_members_only_community_sees_inside(
    client, login, facilitator, private_community, private_requester
):
    login(facilitator).post(
        action_url(membership_of(private_requester, private_community), "approve")
    )
    client.force_login(private_requester)
    response = client.get(private_community.url)
    assert response.context["can_view_inside"] is True
    assert "Pat Pending joined the community" in stream_text(client, private_community)


@pytest.mark.parametrize("decliner", ["facilitator", "admin_user"])
def test_facilitator_or_admin_declines_a_request(
    request, login, decliner, request_community, requester
):
    actor = request.getfixturevalue(decliner)
    client = login(actor)
    before = snapshot()

    response = client.post(
        action_url(membership_of(requester, request_community), "decline"), follow=True
    )

    assert_redirected_to(response, request_community.url)
    assert_message(response, "Rae Requester's request was declined.")
    assert not Membership.objects.filter(user=requester, community=request_community).exists()
    assert community_groups(requester, request_community) == set()
    events = [(e.actor, e.verb, e.recipient) for e in new_events(before)]
    assert events == [(actor, Verb.DECLINED, requester)]
    # A declined request is nobody else's business.
    assert "declined" not in stream_text(client, request_community)


@pytest.mark.parametrize("action", ["approve", "decline"])
@pytest.mark.parametrize("who", ["request_member", "outsider", "requester", "other_facilitator"])
def test_only_facilitators_approve_or_decline(
    request, login, who, action, request_community, requester, request_member
):
    actor = request.getfixturevalue(who)
    membership = membership_of(requester, request_community)
    before = snapshot()

    response = login(actor).post(action_url(membership, action))

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("action", ["approve", "decline"])
@pytest.mark.parametrize("who", ["outsider", "other_facilitator"])
def test_outsiders_of_a_members_only_community_get_404(
    request, login, who, action, private_community, private_requester
):
    actor = request.getfixturevalue(who)
    before = snapshot()
    response = login(actor).post(
        action_url(membership_of(private_requester, private_community), action)
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_a_requester_cannot_approve_their_own_request_in_a_members_only_community(
    login, private_community, private_requester
):
    before = snapshot()
    response = login(private_requester).post(
        action_url(membership_of(private_requester, private_community), "approve")
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_approving_an_active_member_changes_nothing(login, facilitator, open_community, member):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(member, open_community), "approve"), follow=True
    )
    assert_message(response, "Mo Member is already a member.", level="error")
    assert snapshot() == before


def test_declining_an_active_member_changes_nothing(login, facilitator, open_community, member):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(member, open_community), "decline"), follow=True
    )
    assert_message(response, "Only a pending request can be declined.", level="error")
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# Withdraw a request, leave
# --------------------------------------------------------------------------- #


def test_requester_withdraws_their_request(login, outsider, request_community):
    client = login(outsider)
    client.post(join_url(request_community), {"message": "Could I join?"})
    before = snapshot()

    response = client.post(leave_url(request_community), follow=True)

    assert_redirected_to(response, request_community.url)
    assert_message(response, "Your request to join has been withdrawn.")
    assert not Membership.objects.filter(user=outsider, community=request_community).exists()
    assert community_groups(outsider, request_community) == set()
    # The earlier "asked to join" row stays (the ledger is append-only); the
    # undo is a row of its own, and nobody "left": they were never a member.
    assert [(e.actor, e.verb) for e in new_events(before)] == [(outsider, Verb.REQUEST_WITHDRAWN)]
    assert sorted(e.verb for e in ActivityEvent.objects.filter(actor=outsider)) == sorted(
        [Verb.REQUESTED, Verb.REQUEST_WITHDRAWN]
    )
    # They may ask again.
    assert client.get(request_community.url).context["membership"] is None
    client.post(join_url(request_community))
    assert membership_of(outsider, request_community).state == MembershipState.REQUESTED


def test_requester_of_a_members_only_community_withdraws(
    login, private_requester, private_community
):
    before = snapshot()
    response = login(private_requester).post(leave_url(private_community), follow=True)
    assert_message(response, "Your request to join has been withdrawn.")
    assert not Membership.objects.filter(user=private_requester).exists()
    assert [e.verb for e in new_events(before)] == [Verb.REQUEST_WITHDRAWN]


@pytest.mark.parametrize("community_fixture", ["open_community", "private_community"])
def test_member_leaves(request, login, member, community_fixture):
    community = request.getfixturevalue(community_fixture)
    client = login(member)
    before = snapshot()

    response = client.post(leave_url(community), follow=True)

    assert_redirected_to(response, community.url)
    assert_message(response, f"You have left {community.title}.")
    assert not Membership.objects.filter(user=member, community=community).exists()
    assert community_groups(member, community) == set()
    events = [(e.actor, e.verb, e.recipient, e.community_id) for e in new_events(before)]
    assert events == [(member, Verb.LEFT, None, community.pk)]


def test_leaving_shows_in_the_public_stream(client, login, member, open_community):
    login(member).post(leave_url(open_community))
    client.logout()
    assert "Mo Member left the community" in stream_text(client, open_community)


def test_facilitator_leaves_when_another_facilitates(
    login, facilitator, co_facilitator, open_community
):
    before = snapshot()
    response = login(facilitator).post(leave_url(open_community), follow=True)
    assert_message(response, "You have left Formative Assessment.")
    assert not Membership.objects.filter(user=facilitator, community=open_community).exists()
    assert community_groups(facilitator, open_community) == set()
    assert [(e.actor, e.verb) for e in new_events(before)] == [(facilitator, Verb.LEFT)]
    assert membership_of(co_facilitator, open_community).is_facilitator


def test_the_last_facilitator_cannot_leave(login, facilitator, open_community):
    before = snapshot()
    response = login(facilitator).post(leave_url(open_community), follow=True)
    assert_redirected_to(response, open_community.url)
    assert_message(
        response,
        "You are this community's only facilitator. Make another member a "
        "facilitator before you leave.",
        level="error",
    )
    assert snapshot() == before


@pytest.mark.parametrize("who", ["outsider", "admin_user"])
def test_leaving_a_community_one_is_not_in_changes_nothing(request, login, who, open_community):
    before = snapshot()
    response = login(request.getfixturevalue(who)).post(leave_url(open_community), follow=True)
    assert_message(response, "You are not a member of this community.", level="error")
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# Remove a member
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("remover", ["facilitator", "admin_user"])
def test_facilitator_or_admin_removes_a_member(request, login, remover, open_community, member):
    actor = request.getfixturevalue(remover)
    client = login(actor)
    before = snapshot()

    response = client.post(action_url(membership_of(member, open_community), "remove"), follow=True)

    assert_redirected_to(response, open_community.url)
    assert_message(response, "Mo Member was removed from the community.")
    assert not Membership.objects.filter(user=member, community=open_community).exists()
    assert community_groups(member, open_community) == set()
    events = [(e.actor, e.verb, e.recipient) for e in new_events(before)]
    assert events == [(actor, Verb.REMOVED, member)]
    # Removal is not announced to the community.
    assert "removed" not in stream_text(client, open_community)


def test_facilitator_removes_a_co_facilitator(login, facilitator, co_facilitator, open_community):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(co_facilitator, open_community), "remove"),
        {"next": "members"},
        follow=True,
    )
    assert_redirected_to(response, members_url(open_community))
    assert_message(response, "Cai Cofacilitator was removed from the community.")
    assert community_groups(co_facilitator, open_community) == set()
    assert [(e.actor, e.verb, e.recipient) for e in new_events(before)] == [
        (facilitator, Verb.REMOVED, co_facilitator)
    ]


def test_admin_cannot_remove_the_last_facilitator(login, admin_user, facilitator, open_community):
    before = snapshot()
    response = login(admin_user).post(
        action_url(membership_of(facilitator, open_community), "remove"), follow=True
    )
    assert_message(response, "A community always keeps at least one facilitator.", level="error")
    assert snapshot() == before


def test_facilitator_cannot_remove_themselves(login, facilitator, co_facilitator, open_community):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(facilitator, open_community), "remove"), follow=True
    )
    assert_message(response, "To leave the community yourself, use “Leave”.", level="error")
    assert snapshot() == before


@pytest.mark.parametrize("target", ["member", "facilitator"])
@pytest.mark.parametrize("who", ["member", "outsider", "other_facilitator"])
def test_only_facilitators_remove(request, login, who, target, open_community, member):
    actor = request.getfixturevalue(who)
    victim = request.getfixturevalue(target)
    before = snapshot()
    response = login(actor).post(action_url(membership_of(victim, open_community), "remove"))
    assert response.status_code == 403
    assert snapshot() == before


def test_a_requester_cannot_remove_anyone(login, requester, request_community, request_member):
    before = snapshot()
    response = login(requester).post(
        action_url(membership_of(request_member, request_community), "remove")
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_outsider_cannot_remove_in_a_members_only_community(
    login, outsider, private_community, member
):
    before = snapshot()
    response = login(outsider).post(action_url(membership_of(member, private_community), "remove"))
    assert response.status_code == 404
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# Make facilitator, step down
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("promoter", ["facilitator", "admin_user"])
def test_facilitator_or_admin_makes_a_member_facilitator(
    request, login, promoter, open_community, member
):
    actor = request.getfixturevalue(promoter)
    client = login(actor)
    before = snapshot()

    response = client.post(
        action_url(membership_of(member, open_community), "make-facilitator"), follow=True
    )

    assert_redirected_to(response, open_community.url)
    assert_message(response, "Mo Member now facilitates the community.")
    assert membership_of(member, open_community).is_facilitator
    assert community_groups(member, open_community) == {"members", "facilitators"}
    [event] = new_events(before)
    assert (event.actor, event.verb, event.recipient) == (member, Verb.PROMOTED, None)
    assert event.data == {"by": actor.pk}
    assert "Mo Member became a facilitator" in stream_text(client, open_community)


def test_making_a_requester_facilitator_changes_nothing(
    login, facilitator, request_community, requester
):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(requester, request_community), "make-facilitator"), follow=True
    )
    assert_message(
        response, "Approve the request first; only members can facilitate.", level="error"
    )
    assert snapshot() == before


def test_making_a_facilitator_facilitator_again_changes_nothing(
    login, facilitator, co_facilitator, open_community
):
    before = snapshot()
    response = login(facilitator).post(
        action_url(membership_of(co_facilitator, open_community), "make-facilitator"),
        follow=True,
    )
    assert_message(response, "Cai Cofacilitator already facilitates this community.", level="error")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["member", "outsider", "other_facilitator"])
def test_only_facilitators_make_facilitators(request, login, who, open_community, member):
    actor = request.getfixturevalue(who)
    before = snapshot()
    response = login(actor).post(
        action_url(membership_of(member, open_community), "make-facilitator")
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_a_requester_cannot_promote_themselves(login, requester, request_community):
    before = snapshot()
    response = login(requester).post(
        action_url(membership_of(requester, request_community), "make-facilitator")
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_outsider_cannot_promote_in_a_members_only_community(
    login, outsider, private_community, member
):
    before = snapshot()
    response = login(outsider).post(
        action_url(membership_of(member, private_community), "make-facilitator")
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_facilitator_steps_down_when_another_facilitates(
    login, facilitator, co_facilitator, open_community
):
    client = login(facilitator)
    before = snapshot()

    # From the members page, but no longer a facilitator: back to the community.
    response = client.post(
        action_url(membership_of(facilitator, open_community), "step-down"),
        {"next": "members"},
        follow=True,
    )

    assert_redirected_to(response, open_community.url)
    assert_message(response, "Fran Facilitator is no longer a facilitator.")
    membership = membership_of(facilitator, open_community)
    assert (membership.role, membership.state) == (Role.MEMBER, MembershipState.ACTIVE)
    assert community_groups(facilitator, open_community) == {"members"}
    [event] = new_events(before)
    assert (event.actor, event.verb, event.recipient) == (facilitator, Verb.STEPPED_DOWN, None)
    assert event.data == {"by": facilitator.pk}
    assert "Fran Facilitator stepped down as facilitator" in stream_text(client, open_community)
    assert client.get(members_url(open_community)).status_code == 403


def test_admin_stands_a_facilitator_down(
    login, admin_user, facilitator, co_facilitator, open_community
):
    before = snapshot()
    response = login(admin_user).post(
        action_url(membership_of(co_facilitator, open_community), "step-down"), follow=True
    )
    assert_message(response, "Cai Cofacilitator is no longer a facilitator.")
    assert community_groups(co_facilitator, open_community) == {"members"}
    [event] = new_events(before)
    assert (event.actor, event.verb) == (co_facilitator, Verb.STEPPED_DOWN)
    # The ledger keeps who decided it.
    assert event.data == {"by": admin_user.pk}


@pytest.mark.parametrize("who", ["facilitator", "admin_user"])
def test_the_last_facilitator_cannot_step_down(request, login, who, facilitator, open_community):
    before = snapshot()
    response = login(request.getfixturevalue(who)).post(
        action_url(membership_of(facilitator, open_community), "step-down"), follow=True
    )
    assert_message(
        response,
        "A community always keeps at least one facilitator. Make another member "
        "a facilitator first.",
        level="error",
    )
    assert snapshot() == before


@pytest.mark.parametrize("who", ["member", "outsider", "other_facilitator"])
def test_nobody_else_stands_a_facilitator_down(
    request, login, who, facilitator, co_facilitator, open_community
):
    """Stepping down is the facilitator's own decision, their fellow
    facilitators' or a site admin's — nobody else's."""
    actor = request.getfixturevalue(who)
    before = snapshot()
    response = login(actor).post(
        action_url(membership_of(facilitator, open_community), "step-down")
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_a_member_cannot_step_down(login, member, open_community):
    before = snapshot()
    response = login(member).post(
        action_url(membership_of(member, open_community), "step-down"), follow=True
    )
    assert_message(response, "Only a facilitator can step down.", level="error")
    assert snapshot() == before


def test_outsider_cannot_stand_down_in_a_members_only_community(
    login, outsider, facilitator, private_community
):
    before = snapshot()
    response = login(outsider).post(
        action_url(membership_of(facilitator, private_community), "step-down")
    )
    assert response.status_code == 404
    assert snapshot() == before


# --------------------------------------------------------------------------- #
# The facilitator's member-management page
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("who", ["facilitator", "admin_user"])
def test_facilitator_and_admin_manage_members(
    request, login, who, request_community, requester, request_member
):
    Membership.objects.filter(user=requester).update(message="I run the library club.")
    response = login(request.getfixturevalue(who)).get(members_url(request_community))
    assert response.status_code == 200
    assert [m.user for m in response.context["requests"]] == [requester]
    assert [m.user for m in response.context["members"]] == [request_member]
    assert "I run the library club." in response.text
    assert action_url(membership_of(requester, request_community), "approve") in response.text
    assert action_url(membership_of(request_member, request_community), "remove") in response.text


@pytest.mark.parametrize("who", ["member", "outsider", "requester"])
def test_others_in_a_public_community_get_403_on_the_members_page(
    request, login, who, open_community, request_community, requester
):
    community = request_community if who == "requester" else open_community
    response = login(request.getfixturevalue(who)).get(members_url(community))
    assert response.status_code == 403


def test_member_gets_403_on_a_members_only_members_page(login, member, private_community):
    assert login(member).get(members_url(private_community)).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "private_requester", "other_facilitator"])
def test_outsiders_get_404_on_a_members_only_members_page(request, login, who, private_community):
    response = login(request.getfixturevalue(who)).get(members_url(private_community))
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in_from_the_members_page(client, private_community):
    url = members_url(private_community)
    assert_login_redirect(client.get(url), url)


def test_members_page_is_get_only(login, facilitator, open_community):
    assert login(facilitator).post(members_url(open_community)).status_code == 405


# --------------------------------------------------------------------------- #
# A whole journey
# --------------------------------------------------------------------------- #


def test_ask_be_let_in_become_facilitator_and_hand_over(
    client, make_teacher, facilitator, request_community
):
    """A newcomer asks, is let in, takes over facilitation; the founder steps
    down and leaves. The ledger tells the story in order."""
    newcomer = make_teacher("Nia Newcomer")
    client.force_login(newcomer)
    client.post(join_url(request_community), {"message": "Hello"})
    newcomer_membership = membership_of(newcomer, request_community)

    client.force_login(facilitator)
    client.post(action_url(newcomer_membership, "approve"))
    client.post(action_url(newcomer_membership, "make-facilitator"))
    client.post(action_url(membership_of(facilitator, request_community), "step-down"))
    client.post(leave_url(request_community))

    assert membership_of(newcomer, request_community).is_facilitator
    assert not Membership.objects.filter(user=facilitator, community=request_community).exists()
    assert community_groups(newcomer, request_community) == {"members", "facilitators"}
    assert community_groups(facilitator, request_community) == set()
    story = [
        (e.actor, e.verb, e.recipient)
        for e in ActivityEvent.objects.filter(community=request_community).order_by("pk")
    ]
    assert story == [
        (newcomer, Verb.REQUESTED, None),
        (facilitator, Verb.APPROVED, newcomer),
        (newcomer, Verb.JOINED, None),
        (newcomer, Verb.PROMOTED, None),
        (facilitator, Verb.STEPPED_DOWN, None),
        (facilitator, Verb.LEFT, None),
    ]
    # Now the newcomer is the last facilitator and cannot leave.
    client.force_login(newcomer)
    response = client.post(leave_url(request_community), follow=True)
    assert_message(
        response,
        "You are this community's only facilitator. Make another member a "
        "facilitator before you leave.",
        level="error",
    )
    assert membership_of(newcomer, request_community).is_facilitator
