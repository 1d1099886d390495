"""Atom feeds publish public content only: a public community's live
reflections, a person's reflections in public communities. A members-only
community's feed is a 404 for everyone, its members included."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from blog.factories import reflection, reflection_index

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 — our own feed, in a test
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def feed_url(community) -> str:
    return f"{reflection_index(community).url}feed/"


@pytest.fixture
def posts(open_community, private_community, member, facilitator):
    public_index = reflection_index(open_community)
    private_index = reflection_index(private_community)
    return {
        "open": reflection(
            index=public_index,
            author=member,
            title="Hinge questions",
            summary="A quick check before moving on.",
        ),
        "open_by_facilitator": reflection(
            index=public_index,
            author=facilitator,
            title="Running the monthly meeting",
            summary="Agenda, then action plans.",
        ),
        "draft": reflection(
            index=public_index,
            author=member,
            title="Not ready yet",
            summary="Half written.",
            publish=False,
        ),
        "private": reflection(
            index=private_index,
            author=member,
            title="My worst lesson",
            summary="Members-only thoughts.",
        ),
    }


def test_a_public_communitys_feed_lists_its_live_reflections(posts, open_community, client):
    response = client.get(feed_url(open_community))
    items = entries(response)
    assert {item["title"] for item in items} == {"Hinge questions", "Running the monthly meeting"}
    hinge = next(item for item in items if item["title"] == "Hinge questions")
    # The host the feed was asked on (not the Wagtail Site's, which may be localhost).
    assert hinge["link"] == "http://testserver" + posts["open"].url
    assert hinge["link"].endswith("/communities/formative-assessment/reflections/hinge-questions/")
    assert hinge["summary"] == "A quick check before moving on."
    assert hinge["author"] == "Mo Member"
    body = response.content.decode()
    assert "Not ready yet" not in body
    assert "My worst lesson" not in body and "Members-only thoughts." not in body
    feed = ET.fromstring(response.content)  # noqa: S314 — our own feed, in a test
    assert feed.findtext(f"{ATOM}title") == "Reflections · Formative Assessment"


def test_the_public_index_advertises_its_feed(
    posts, open_community, private_community, member, login
):
    html = login(member).get(reflection_index(open_community).url).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Reflections · Formative Assessment" href="{feed_url(open_community)}">'
    ) in html
    private_html = login(member).get(reflection_index(private_community).url).content.decode()
    assert "application/atom+xml" not in private_html


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "facilitator", "admin_user"])
def test_a_members_only_communitys_feed_is_a_404_for_everyone(
    who, posts, private_community, request, client
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(feed_url(private_community))
    assert response.status_code == 404
    assert b"My worst lesson" not in response.content


def test_a_persons_feed_lists_only_their_public_reflections(posts, member, outsider, login, client):
    url = reverse("person_feed", args=[member.profile.handle])
    for c in (client, login(member), login(outsider)):
        items = entries(c.get(url))
        assert [item["title"] for item in items] == ["Hinge questions"]
        assert items[0]["link"] == "http://testserver" + posts["open"].url
        assert items[0]["summary"] == "A quick check before moving on."
    assert client.get(reverse("person_feed", args=["nobody-here"])).status_code == 404


def test_a_community_that_becomes_members_only_drops_out_of_feeds(
    posts, open_community, member, client
):
    open_community.visibility = "members"
    open_community.save_revision().publish()  # publishing re-applies its privacy
    assert client.get(feed_url(open_community)).status_code == 404
    person = entries(client.get(reverse("person_feed", args=[member.profile.handle])))
    assert person == []


def test_a_reflection_a_facilitator_restricted_is_not_in_any_feed(
    posts, open_community, member, client
):
    """Wagtail lets a page carry its own privacy setting (a password, say);
    such a page is not public, so no feed carries it."""
    PageViewRestriction.objects.create(
        page=posts["open"], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    titles = [i["title"] for i in entries(client.get(feed_url(open_community)))]
    assert titles == ["Running the monthly meeting"]
    person = entries(client.get(reverse("person_feed", args=[member.profile.handle])))
    assert person == []
