"""A newcomer's reply held for review is for its author and the community's
facilitators: to anyone else — a member of the community, an outsider, a
visitor — every address that names it answers exactly as a reply that does
not exist (404), never "forbidden" (403), which would say it is there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from blog import factories as blog_factories
from communities import factories

pytestmark = pytest.mark.django_db

MISSING = 999_999


@pytest.fixture
def held(open_community, facilitator, make_teacher):
    """A newcomer's first reply in the public community (which holds them)."""
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=facilitator, title="Exit"
    )
    newcomer = make_teacher("Nell Newcomer")
    factories.membership(user=newcomer, community=open_community)
    reply = blog_factories.reply(page=page, author=newcomer, body="My first reply.")
    assert reply.is_awaiting_review
    return reply


def answers(client: Client, reply_id: int) -> list[int]:
    return [
        client.get(reverse("reply_edit", args=[reply_id])).status_code,
        client.post(reverse("reply_edit", args=[reply_id]), {"body": "x"}).status_code,
        client.get(reverse("reply_delete_confirm", args=[reply_id])).status_code,
        client.post(reverse("reply_delete", args=[reply_id])).status_code,
        client.post(reverse("reply_changed_practice", args=[reply_id])).status_code,
        client.post(reverse("appreciate"), {"reply": reply_id, "kind": "helpful"}).status_code,
        client.post(reverse("reply_moderate", args=[reply_id, "approve"])).status_code,
        client.post(reverse("reply_moderate", args=[reply_id, "hide"])).status_code,
    ]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_a_held_reply_answers_a_stranger_like_a_missing_one(held, who, request):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    assert answers(client, held.pk) == answers(client, MISSING) == [404] * 8


def test_its_author_and_the_facilitator_still_reach_it(held, facilitator):
    author = Client()
    author.force_login(held.author)
    assert author.get(reverse("reply_delete_confirm", args=[held.pk])).status_code == 200
    moderator = Client()
    moderator.force_login(facilitator)
    response = moderator.post(reverse("reply_moderate", args=[held.pk, "approve"]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_published
