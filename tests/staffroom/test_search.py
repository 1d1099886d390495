"""Site search never returns a page the searcher may not view.

Pages are indexed when they are published (Wagtail's database search
backend: SQLite FTS here, PostgreSQL full-text in production), so these
tests search what a real visitor would."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db


def publish_child(parent: Page, *, title: str, slug: str, intro: str = "") -> StandardPage:
    page = StandardPage(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(open_community, private_community):
    """The same word, "questioning", in a public page and a members-only one."""
    return {
        "public": publish_child(
            open_community,
            title="Questioning in science",
            slug="questioning-science",
            intro="Hinge questions before the practical.",
        ),
        "private": publish_child(
            private_community,
            title="Questioning went badly after my observation",
            slug="questioning-observation",
            intro="Marzipan feedback from the deputy head.",
        ),
    }


def result_ids(response) -> set[int]:
    results = response.context["results"]
    return {page.pk for page in results} if results else set()


def search(client, query: str, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_pages_inside_a_members_only_community_never_appear_for_outsiders(
    client, outsider, role, pages
):
    if role == "outsider":
        client.force_login(outsider)

    response = search(client, "questioning")

    assert response.status_code == 200
    assert result_ids(response) == {pages["public"].pk}
    assert "Questioning in science" in response.text
    assert "observation" not in response.text.lower()
    assert response.context["results"].paginator.count == 1


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_words_only_a_private_page_holds_find_nothing_for_outsiders(client, outsider, role, pages):
    if role == "outsider":
        client.force_login(outsider)

    response = search(client, "marzipan")

    assert response.status_code == 200
    assert result_ids(response) == set()
    assert "Nothing matched" in response.text
    assert pages["private"].title not in response.text


def test_members_find_pages_inside_their_community(client, member, pages):
    client.force_login(member)

    response = search(client, "questioning")

    assert response.status_code == 200
    assert result_ids(response) == {pages["public"].pk, pages["private"].pk}
    assert pages["private"].url in response.text
    assert search(client, "marzipan").context["results"].paginator.count == 1


def test_site_administrators_find_everything(client, admin_user, pages):
    client.force_login(admin_user)

    response = search(client, "questioning")

    assert result_ids(response) == {pages["public"].pk, pages["private"].pk}


def test_member_of_another_community_does_not_find_pages_in_this_one(
    client, make_teacher, open_community, pages
):
    from communities import factories

    other = make_teacher("Pat Public")
    factories.membership(user=other, community=open_community)
    client.force_login(other)

    assert result_ids(search(client, "questioning")) == {pages["public"].pk}


def test_the_members_only_community_itself_is_found_by_its_public_face(
    client, private_community, pages
):
    """Members-only communities are listed so teachers can ask to join, and
    search finds them the same way — by name and purpose, nothing inside."""
    response = search(client, "circle")

    assert private_community.pk in result_ids(response)
    assert "A safe place for new teachers." in response.text
    assert pages["private"].pk not in result_ids(response)


def test_unpublished_pages_are_not_found(client, member, open_community, pages):
    pages["public"].unpublish()
    client.force_login(member)

    assert pages["public"].pk not in result_ids(search(client, "questioning"))


def test_results_page_two_does_not_leak_either(client, open_community, private_community):
    """Paginating must not bring private pages in on a later page."""
    for n in range(25):
        publish_child(open_community, title=f"Retrieval practice {n}", slug=f"retrieval-{n}")
    for n in range(5):
        publish_child(private_community, title=f"Retrieval panic {n}", slug=f"panic-{n}")

    first = search(client, "retrieval")
    second = search(client, "retrieval", page=2)

    assert first.context["results"].paginator.count == 25
    seen = result_ids(first) | result_ids(second)
    assert len(seen) == 25
    assert not Page.objects.filter(pk__in=seen, title__startswith="Retrieval panic").exists()


def test_empty_query_shows_the_form_and_no_results(client, pages):
    for query in ("", "   ", '"', '""', "\t\n"):
        response = search(client, query)
        assert response.status_code == 200
        assert response.context["results"] is None
        assert 'name="q"' in response.text
        assert "Nothing matched" not in response.text


def test_search_without_q_parameter(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] is None


def test_very_long_query_is_cut_short_and_answered(client, pages):
    response = search(client, "questioning " * 2000)

    assert response.status_code == 200
    assert len(response.context["query"]) <= 200
    assert pages["private"].pk not in result_ids(response)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'say "questioning" please',
        'question"ing',
        "questioning AND",
        "OR",
        "*",
        "questioning -science",
        "(",
        "NEAR(",
        "a:b",
        "questioning'; DROP TABLE wagtailcore_page; --",
        "ünïcödé 🍎",
        "\x00",
    ],
)
def test_odd_queries_never_break_search_or_leak(client, pages, query):
    response = search(client, query)

    assert response.status_code == 200
    assert pages["private"].pk not in result_ids(response)
    assert Page.objects.filter(pk=pages["private"].pk).exists()


@pytest.mark.parametrize("page_number", ["2", "999", "abc", "-1"])
def test_out_of_range_result_pages_are_answered(client, pages, page_number):
    response = search(client, "questioning", page=page_number)
    assert response.status_code == 200


def test_search_only_answers_get(client):
    assert client.post("/search/", {"q": "questioning"}).status_code == 405
