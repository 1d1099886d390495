"""The activity stream tells the truth: an appreciation taken back leaves
it, a run of the same thing on one page is said once, and "Recently in your
communities" is for people in a community (others are shown where to start)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from blog import factories as blog_factories
from blog import services as blog_services
from blog.models import AppreciationKind
from communities import factories

pytestmark = pytest.mark.django_db


def stream(client, community) -> str:
    soup = BeautifulSoup(client.get(community.url).content, "html.parser")
    return " ".join(soup.find(id="activity-heading").find_parent("section").get_text().split())


@pytest.fixture
def thread(open_community, facilitator, member, make_teacher):
    """A reflection by `member` with four replies by `facilitator`."""
    open_community.hold_newcomer_replies = False
    type(open_community).objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=member, title="Exit tickets"
    )
    replies = [
        blog_factories.reply(page=page, author=facilitator, body=f"Idea {n}.") for n in range(4)
    ]
    return page, replies


def test_a_withdrawn_appreciation_leaves_the_stream(
    thread, open_community, member, make_teacher, client
):
    page, _ = thread
    amina = make_teacher("Amina Appreciator")
    factories.membership(user=amina, community=open_community)
    blog_services.appreciation_toggle(user=amina, kind=AppreciationKind.HELPFUL, page=page)
    client.force_login(member)
    assert "Amina Appreciator appreciated" in stream(client, open_community)

    blog_services.appreciation_toggle(user=amina, kind=AppreciationKind.HELPFUL, page=page)
    assert "Amina Appreciator appreciated" not in stream(client, open_community)

    # Given again, it is there again — once.
    blog_services.appreciation_toggle(user=amina, kind=AppreciationKind.HELPFUL, page=page)
    assert stream(client, open_community).count("Amina Appreciator appreciated") == 1


def test_a_run_of_the_same_thing_is_said_once(thread, open_community, member, make_teacher, client):
    page, replies = thread
    amina = make_teacher("Amina Appreciator")
    factories.membership(user=amina, community=open_community)
    for reply in replies:
        blog_services.appreciation_toggle(user=amina, kind=AppreciationKind.HELPFUL, reply=reply)
    client.force_login(member)
    text = stream(client, open_community)
    assert "Amina Appreciator appreciated 4 replies in — Exit tickets" in text
    assert text.count("Amina Appreciator") == 1
    assert "Fran Facilitator replied 4 times — Exit tickets" in text


def test_recently_in_your_communities_is_for_members(open_community, member, make_teacher, client):
    client.force_login(member)
    home = client.get("/").content.decode()
    assert "Recently in your communities" in home
    client.force_login(make_teacher("Nia Newcomer"))
    home = client.get("/").content.decode()
    assert "Recently in your communities" not in home
    assert "Find your community" in home
