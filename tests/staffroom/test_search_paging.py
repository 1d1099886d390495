"""Pagination links keep the search exactly as typed."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db


def test_page_two_of_a_search_with_an_ampersand_is_the_same_search(client, open_community):
    for n in range(25):
        page = StandardPage(title=f"Tom&Jerry starter {n}", slug=f"tom-jerry-{n}")
        open_community.add_child(instance=page)
        page.save_revision().publish()

    first = client.get("/search/", {"q": "Tom&Jerry"})
    assert first.context["results"].paginator.count == 25
    link = BeautifulSoup(first.content, "html.parser").find("a", rel="next")
    assert link is not None and "q=Tom%26Jerry" in link["href"]

    second = client.get("/search/" + link["href"])
    assert second.context["query"] == "Tom&Jerry"
    assert second.context["results"].number == 2
    assert len(second.context["results"]) == 5
