"""Blog fixtures: a reflection in the open (public) community by the
facilitator, one in the members-only community, and helpers that act the way
a person does in the browser — by posting the fields the reply forms send."""

from __future__ import annotations

import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import factories as blog_factories
from communities import factories
from communities.models import CommunityPage


@pytest.fixture
def reflection(open_community, facilitator):
    """A published reflection by `facilitator` in the public community."""
    return blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Exit tickets that told me something",
    )


@pytest.fixture
def private_reflection(private_community, facilitator):
    """A published reflection by `facilitator` in the members-only community."""
    return blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=facilitator,
        title="What I wish I had known in my first term",
    )


@pytest.fixture
def no_newcomer_hold(open_community):
    """The public community holds newcomers' first replies by default; tests
    about the conversation itself switch that off."""
    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    open_community.hold_newcomer_replies = False
    return open_community


@pytest.fixture
def colleague(make_teacher, open_community):
    """A second ordinary member of the public community."""
    user = make_teacher("Cas Colleague")
    factories.membership(user=user, community=open_community)
    return user


@pytest.fixture
def visit(client):
    """visit(user) -> the test client signed in as that user; visit(None) ->
    signed out. There is one client: take a fresh one for each person."""

    def as_(user=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return as_


def reply_form_data(body: str, *, kind: str = "comment", parent=None, key=None) -> dict:
    """What the reply form (and the answer form under a reply) sends."""
    data = {"body": body, "kind": kind, "submission_key": str(key or uuid.uuid4())}
    if parent is not None:
        data["parent"] = str(getattr(parent, "pk", parent))
    return data


@pytest.fixture
def post_reply():
    """post_reply(client, page, body, kind=…, parent=…, key=…) -> response."""

    def post(client, page, body, **kwargs):
        return client.post(reverse("reply_create", args=[page.pk]), reply_form_data(body, **kwargs))

    return post


def reply_pk(response) -> int:
    """The reply a successful post redirected to (…#reply-<pk>)."""
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.search(r"#reply-(\d+)$", response["Location"])
    assert match, response["Location"]
    return int(match.group(1))


def thread_soup(client, page) -> BeautifulSoup:
    """The page's conversation section, parsed."""
    response = client.get(page.url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find("section", id="replies")
    assert section is not None
    return section


def reply_item(soup, pk: int):
    return soup.find("li", id=f"reply-{pk}")


def child_items(item) -> list:
    """The replies shown directly under a reply (its nested list)."""
    nested = item.find("ol", class_="replies--nested", recursive=False)
    return nested.find_all("li", class_="reply", recursive=False) if nested else []


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
