"""The "Follow in a feed reader" button opens a page that explains feeds and
offers the link to copy — not raw XML; members-only communities have none."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog.factories import reflection_index

pytestmark = pytest.mark.django_db


def test_the_feed_button_opens_an_explanation_with_the_link(open_community, member, client):
    index = reflection_index(open_community)
    listing = BeautifulSoup(client.get(index.url).content, "html.parser")
    button = listing.find("a", string="Follow in a feed reader")
    assert button["href"] == index.url + "subscribe/"
    page = client.get(button["href"])
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    field = BeautifulSoup(page.content, "html.parser").find("input", id="feed-url")
    assert field["value"] == f"http://testserver{index.url}feed/"
    assert "feed reader" in page.content.decode()
    assert client.get(field["value"].removeprefix("http://testserver")).status_code == 200


def test_no_feed_page_for_a_members_only_community(private_community, member, client):
    client.force_login(member)
    assert client.get(reflection_index(private_community).url + "subscribe/").status_code == 404


def test_a_persons_feed_has_its_page_too(open_community, member, client):
    handle = member.profile.handle
    page = client.get(reverse("person_feed_subscribe", args=[handle]))
    field = BeautifulSoup(page.content, "html.parser").find("input", id="feed-url")
    assert field["value"] == "http://testserver" + reverse("person_feed", args=[handle])
