"""In the Wagtail admin, a teacher sees only what their communities hold.

Every member of a community may use the admin (to write in it), so the
explorer, the admin's page search, the page chooser and its search, the
admin API and the document and image choosers must show a member of one
community nothing from inside a members-only community they are not in."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from communities import factories
from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Questioning after my difficult observation"
SECRET_CHILD = "Notes from the deputy head"
SECRET_DOCUMENT = "Observation feedback form"
PUBLIC_TITLE = "Questioning in science"


def publish_child(parent, *, title: str, slug: str) -> StandardPage:
    page = StandardPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def tree(community_index, open_community, request_community, private_community):
    private_page = publish_child(private_community, title=SECRET_TITLE, slug="observation")
    return {
        "index": community_index,
        "open": open_community,
        "request": request_community,
        "private": private_community,
        "private_page": private_page,
        "private_child": publish_child(private_page, title=SECRET_CHILD, slug="deputy-notes"),
        "public_page": publish_child(open_community, title=PUBLIC_TITLE, slug="questioning"),
        "document": get_document_model().objects.create(
            title=SECRET_DOCUMENT,
            file=ContentFile(b"feedback", name="feedback.txt"),
            collection=private_community.collection,
        ),
    }


@pytest.fixture
def public_member(make_teacher, open_community):
    """A member of a public community (so the admin is open to them), not
    of the members-only one."""
    user = make_teacher("Pat Public")
    factories.membership(user=user, community=open_community)
    return user


@pytest.fixture
def two_community_member(public_member, request_community):
    """In two public communities, so Wagtail's explorer opens at the
    community index — the members-only community's siblings are in view."""
    factories.membership(user=public_member, community=request_community)
    return public_member


def assert_nothing_private(response) -> None:
    text = response.content.decode()
    for secret in (SECRET_TITLE, SECRET_CHILD, SECRET_DOCUMENT):
        assert secret not in text, f"{secret!r} leaked into {response.request['PATH_INFO']}"


def listed_page_ids(response) -> set[int]:
    """Ids of the pages in an explorer or chooser listing (its table rows)."""
    table = response.context["table"]
    return {row.pk for row in table.data}


# --------------------------------------------------------------------------- #
# Explorer
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("in_two_communities", [False, True])
def test_explorer_shows_nothing_inside_the_members_only_community(
    client, public_member, request_community, tree, in_two_communities
):
    if in_two_communities:
        factories.membership(user=public_member, community=request_community)
    client.force_login(public_member)

    for page in (tree["index"], tree["private"]):
        response = client.get(reverse("wagtailadmin_explore", args=[page.pk]), follow=True)
        assert response.status_code == 200
        assert_nothing_private(response)
        assert tree["private_page"].pk not in listed_page_ids(response)


@pytest.mark.parametrize("in_two_communities", [False, True])
def test_explorer_answers_404_for_pages_inside(
    client, public_member, request_community, tree, in_two_communities
):
    """Wagtail's explorer prints the title of whichever parent page the URL
    names; for a page inside the members-only community it must not."""
    if in_two_communities:
        factories.membership(user=public_member, community=request_community)
    client.force_login(public_member)

    for page in (tree["private_page"], tree["private_child"]):
        for name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
            response = client.get(reverse(name, args=[page.pk]))
            assert response.status_code == 404
            assert_nothing_private(response)


def test_explorer_lists_the_communitys_pages_for_its_members(client, member, tree):
    client.force_login(member)

    response = client.get(reverse("wagtailadmin_explore", args=[tree["private"].pk]))

    assert response.status_code == 200
    assert tree["private_page"].pk in listed_page_ids(response)
    inside = client.get(reverse("wagtailadmin_explore", args=[tree["private_page"].pk]))
    assert inside.status_code == 200
    assert tree["private_child"].pk in listed_page_ids(inside)


def test_explorer_search_within_the_tree_finds_only_visible_pages(
    client, two_community_member, tree
):
    client.force_login(two_community_member)

    response = client.get(
        reverse("wagtailadmin_explore", args=[tree["index"].pk]),
        {"q": "questioning", "search_all": "1"},
    )

    assert response.status_code == 200
    assert tree["public_page"].pk in listed_page_ids(response)
    assert_nothing_private(response)


def test_anonymous_visitor_is_sent_to_sign_in_whatever_the_page(client, tree):
    """The 404 is for signed-in admin users; an anonymous visitor is asked to
    sign in for a private page exactly as for a public one."""
    private = client.get(reverse("wagtailadmin_explore", args=[tree["private_page"].pk]))
    public = client.get(reverse("wagtailadmin_explore", args=[tree["public_page"].pk]))

    assert private.status_code == public.status_code == 302
    assert private["Location"].split("?")[0] == public["Location"].split("?")[0]


# --------------------------------------------------------------------------- #
# Admin page search
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_pages:search", "wagtailadmin_pages:search_results"]
)
def test_admin_page_search_never_finds_pages_inside(client, two_community_member, tree, url_name):
    client.force_login(two_community_member)

    for query in ("questioning", "observation", "deputy"):
        response = client.get(reverse(url_name), {"q": query})
        assert response.status_code == 200
        assert_nothing_private(response)
    assert PUBLIC_TITLE in client.get(reverse(url_name), {"q": "questioning"}).text


def test_admin_page_search_finds_pages_inside_for_members(client, member, tree):
    client.force_login(member)

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "observation"})

    assert SECRET_TITLE in response.text


# --------------------------------------------------------------------------- #
# Page chooser
# --------------------------------------------------------------------------- #


def test_chooser_lists_no_child_pages_of_the_members_only_community(client, public_member, tree):
    client.force_login(public_member)

    response = client.get(reverse("wagtailadmin_choose_page_child", args=[tree["private"].pk]))

    assert response.status_code == 200
    assert tree["private_page"].pk not in listed_page_ids(response)
    assert_nothing_private(response)


def test_chooser_root_and_index_listings_leak_nothing(client, public_member, tree):
    client.force_login(public_member)

    for url in (
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[tree["index"].pk]),
        reverse("wagtailadmin_choose_page") + "?page_type=staffroom.standardpage",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_nothing_private(response)


def test_chooser_answers_404_for_a_page_inside(client, public_member, tree):
    client.force_login(public_member)

    for page in (tree["private_page"], tree["private_child"]):
        response = client.get(reverse("wagtailadmin_choose_page_child", args=[page.pk]))
        assert response.status_code == 404
        assert_nothing_private(response)


def test_chooser_search_never_finds_pages_inside(client, public_member, tree):
    client.force_login(public_member)

    for query in ("questioning", "observation", "deputy"):
        response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
        assert response.status_code == 200
        assert_nothing_private(response)
    found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "questioning"})
    assert tree["public_page"].pk in listed_page_ids(found)


def test_chooser_shows_pages_inside_to_members(client, member, tree):
    client.force_login(member)

    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[tree["private"].pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "observation"})

    assert tree["private_page"].pk in listed_page_ids(browse)
    assert tree["private_page"].pk in listed_page_ids(search)


# --------------------------------------------------------------------------- #
# Admin API, documents, and every other route an outsider might try
# --------------------------------------------------------------------------- #


def test_admin_api_does_not_describe_pages_inside(client, two_community_member, tree):
    client.force_login(two_community_member)

    detail = client.get(f"/admin/api/main/pages/{tree['private_page'].pk}/")
    children = client.get(
        "/admin/api/main/pages/", {"child_of": tree["private"].pk, "for_explorer": "1"}
    )
    listing = client.get("/admin/api/main/pages/", {"child_of": tree["index"].pk})

    assert detail.status_code == 404
    assert children.status_code in {200, 400}
    assert listing.status_code == 200
    for response in (detail, children, listing):
        assert_nothing_private(response)


def test_document_chooser_and_listing_leave_out_the_communitys_documents(
    client, public_member, member, tree
):
    client.force_login(public_member)
    for url in (
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/?q=observation",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_nothing_private(response)

    client.force_login(member)
    assert SECRET_DOCUMENT in client.get("/admin/documents/chooser/").text


ADMIN_ROUTES = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{private_page}/edit/",
    "/admin/pages/{private_page}/view_draft/",
    "/admin/pages/{private_page}/history/",
    "/admin/pages/{private_page}/usage/",
    "/admin/pages/{private_page}/revisions/",
    "/admin/pages/{private_page}/workflow_history/",
    "/admin/pages/{private_page}/privacy/",
    "/admin/pages/{private_page}/move/",
    "/admin/pages/{private_page}/copy/",
    "/admin/pages/{private_page}/delete/",
    "/admin/pages/{private_page}/unpublish/",
    "/admin/pages/{private}/add_subpage/",
    "/admin/pages/usage/staffroom/standardpage/",
    "/admin/pages/usage/staffroom/standardpage/results/",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/reports/locked/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/page-types-usage/",
    "/admin/images/chooser/",
    "/admin/documents/edit/{document}/",
    "/admin/documents/usage/{document}/",
    "/admin/collections/",
]


def test_no_other_admin_route_shows_anything_inside(client, two_community_member, tree, subtests):
    """Every route against one tree (each route is its own subtest, reported
    by name), rather than building the tree again for each."""
    client.force_login(two_community_member)
    for route in ADMIN_ROUTES:
        with subtests.test(route=route):
            url = route.format(**{key: getattr(value, "pk", None) for key, value in tree.items()})

            response = client.get(url, follow=True)

            assert response.status_code in {200, 403, 404, 405}
            assert_nothing_private(response)


# --------------------------------------------------------------------------- #
# Site administrators
# --------------------------------------------------------------------------- #


def test_superuser_sees_everything(client, admin_user, tree):
    client.force_login(admin_user)

    explore = client.get(reverse("wagtailadmin_explore", args=[tree["private"].pk]))
    inside = client.get(reverse("wagtailadmin_explore", args=[tree["private_page"].pk]))
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[tree["private"].pk]))
    chooser_inside = client.get(
        reverse("wagtailadmin_choose_page_child", args=[tree["private_page"].pk])
    )
    chooser_search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "observation"})
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "observation"})
    documents = client.get("/admin/documents/")

    assert tree["private_page"].pk in listed_page_ids(explore)
    assert tree["private_child"].pk in listed_page_ids(inside)
    assert tree["private_page"].pk in listed_page_ids(chooser)
    assert tree["private_child"].pk in listed_page_ids(chooser_inside)
    assert tree["private_page"].pk in listed_page_ids(chooser_search)
    assert SECRET_TITLE in search.text
    assert SECRET_DOCUMENT in documents.text
