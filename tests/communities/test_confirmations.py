"""Destructive or hard-to-reverse actions ask first, on a page of their own
(no JavaScript needed), and where the action can be reversed the message
after it offers Undo. A facilitator can stand a fellow facilitator down;
the last one still cannot go."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from communities import factories
from communities.models import Membership, Role

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def confirm_form(response) -> tuple[str, dict]:
    """The confirmation page's form: where it posts and what it sends."""
    assert response.status_code == 200
    form = soup(response).find("main").find("form", method="post")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return form["action"], fields


def undo_form(response) -> tuple[str, dict]:
    """The Undo button in the message shown after an action."""
    form = soup(response).find(class_="messages").find("form", class_="message__undo")
    assert form is not None, "no Undo in the message"
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return form["action"], fields


def test_leaving_asks_first_then_offers_undo(open_community, member, client):
    client.force_login(member)
    page = soup(client.get(open_community.url))
    button = page.find("form", action=reverse("community_leave_confirm", args=[open_community.pk]))
    assert button is not None and button["method"] == "get"
    action, fields = confirm_form(client.get(button["action"]))
    assert "Leave Formative Assessment?" in client.get(button["action"]).content.decode()
    assert action == reverse("community_leave", args=[open_community.pk])
    response = client.post(action, fields, follow=True)
    assert not Membership.objects.filter(user=member, community=open_community).exists()
    assert "You have left Formative Assessment." in response.content.decode()

    undo, fields = undo_form(response)
    assert undo == reverse("community_join", args=[open_community.pk])
    client.post(undo, fields)
    assert Membership.objects.get(user=member, community=open_community).is_active


def test_leaving_a_by_request_community_says_how_to_come_back(private_community, member, client):
    client.force_login(member)
    response = client.post(reverse("community_leave", args=[private_community.pk]), follow=True)
    html = response.content.decode()
    assert "ask to join again" in html
    assert soup(response).find("form", class_="message__undo") is None


def test_removing_a_member_asks_first_and_only_a_facilitator_may(
    private_community, facilitator, member, outsider, make_teacher, client
):
    other = make_teacher("Ola Other")
    factories.membership(user=other, community=private_community)
    membership = Membership.objects.get(user=other, community=private_community)
    url = reverse("membership_action_confirm", args=[membership.pk, "remove"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404  # a members-only community's members don't exist
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    members_page = soup(client.get(reverse("community_members", args=[private_community.pk])))
    assert members_page.find("form", action=url) is not None
    action, fields = confirm_form(client.get(url))
    assert "Remove Ola Other from Early Career Circle?" in client.get(url).content.decode()
    client.post(action, fields)
    assert not Membership.objects.filter(user=other, community=private_community).exists()


def test_making_a_facilitator_asks_first_and_can_be_undone(
    open_community, facilitator, member, client
):
    membership = Membership.objects.get(user=member, community=open_community)
    client.force_login(facilitator)
    action, fields = confirm_form(
        client.get(reverse("membership_action_confirm", args=[membership.pk, "make-facilitator"]))
    )
    response = client.post(action, fields, follow=True)
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR
    undo, fields = undo_form(response)
    assert undo == reverse("membership_action", args=[membership.pk, "step-down"])
    client.post(undo, fields)
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_a_facilitator_stands_a_fellow_facilitator_down_but_never_the_last(
    open_community, facilitator, make_teacher, client
):
    fellow = make_teacher("Cai Cofacilitator")
    factories.membership(user=fellow, community=open_community, role=Role.FACILITATOR)
    theirs = Membership.objects.get(user=fellow, community=open_community)
    mine = Membership.objects.get(user=facilitator, community=open_community)
    client.force_login(facilitator)
    page = soup(client.get(reverse("community_members", args=[open_community.pk])))
    stand_down = reverse("membership_action_confirm", args=[theirs.pk, "step-down"])
    assert page.find("form", action=stand_down) is not None
    action, fields = confirm_form(client.get(stand_down))
    client.post(action, fields)
    theirs.refresh_from_db()
    assert theirs.role == Role.MEMBER
    # Now the only facilitator: no step-down (nor remove) is offered, and none is accepted.
    page = soup(client.get(reverse("community_members", args=[open_community.pk])))
    assert (
        page.find("form", action=reverse("membership_action_confirm", args=[mine.pk, "step-down"]))
        is None
    )
    response = client.post(reverse("membership_action", args=[mine.pk, "step-down"]), follow=True)
    assert "always keeps at least one facilitator" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.FACILITATOR
