"""Search finds what teachers wrote — reflections, inquiries and replies —
each only for someone who may view the page it belongs to; a snippet with
the words marked; exact title matches first; filters by kind and community
that pagination keeps."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from blog import factories as blog_factories
from blog import services as blog_services
from blog.models import ReplyState
from communities.models import CommunityPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def writing(open_community, private_community, facilitator, member):
    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    public = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Exit tickets",
        summary="A quick check at the door.",
    )
    private = blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=facilitator,
        title="Hard lessons",
        summary="What went wrong on Tuesday.",
    )
    open_community.refresh_from_db()
    return {
        "public": public,
        "private": private,
        "public_reply": blog_factories.reply(
            page=public, author=member, body="I tried a traffic-light flashcard with Year 9."
        ),
        "private_reply": blog_factories.reply(
            page=private, author=member, body="The flashcard idea failed with my tutor group."
        ),
    }


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser").select(".search-results li")


def test_a_teacher_finds_their_own_reply_with_its_words_marked(writing, member, client):
    client.force_login(member)
    _, items = results(client, "flashcard")
    links = [li.find("a")["href"] for li in items]
    assert f"{writing['public'].url}#reply-{writing['public_reply'].pk}" in links
    assert f"{writing['private'].url}#reply-{writing['private_reply'].pk}" in links
    item = next(li for li in items if "traffic-light" in li.get_text())
    assert item.find("mark").get_text().lower() == "flashcard"
    assert "Reply by Mo Member" in item.get_text()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_replies_inside_a_members_only_community_are_found_by_nobody_else(
    writing, who, outsider, client
):
    if who == "outsider":
        client.force_login(outsider)
    response, items = results(client, "flashcard")
    text = response.content.decode()
    assert "traffic-light" in text
    assert "tutor group" not in text and "Hard lessons" not in text
    assert len(items) == 1


def test_a_held_or_hidden_reply_is_not_found(writing, facilitator, client):
    blog_services.reply_hide(
        actor=facilitator, reply=writing["public_reply"], reason="Names a pupil."
    )
    assert writing["public_reply"].__class__.objects.get(pk=writing["public_reply"].pk).state == (
        ReplyState.HIDDEN
    )
    response, _ = results(client, "traffic")
    assert "traffic-light" not in response.content.decode()


def test_filters_by_kind_and_community_and_exact_titles_first(
    writing, open_community, member, client
):
    client.force_login(member)
    blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=member,
        title="More about exit tickets and their uses",
        summary="Exit tickets, again.",
    )
    _, items = results(client, "exit tickets")
    assert items[0].find("a").get_text() == "Exit tickets"  # the exact title first
    _, only_replies = results(client, "flashcard", kind="replies")
    assert len(only_replies) == 2 and all("Reply by" in li.get_text() for li in only_replies)
    _, in_one = results(client, "flashcard", community=open_community.pk)
    assert len(in_one) == 1 and "traffic-light" in in_one[0].get_text()
    _, no_reflections = results(client, "flashcard", kind="reflections")
    assert no_reflections == []
