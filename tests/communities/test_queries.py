"""Query counts that stay flat as content grows.

Each test measures a page at a small size, grows the content several times
over, and asserts the page then needs no more queries than before. A query
per community, member or ledger row (an N+1) fails the test; the docstrings
name the N+1 each one guards against."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities import factories, ledger
from communities.models import MembershipState, Role, Verb, Visibility
from staffroom.models import StandardPage

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def queries_for(client, url: str) -> int:
    """Queries one GET of `url` takes, once per-process caches (the site's
    root paths, the session) are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def assert_flat(client, url: str, baseline: int, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200


def add_communities(n: int, *, facilitator, index, viewer=None) -> None:
    """n more communities, a mix of public and members-only; the viewer
    belongs to some, has asked to join others, and is a stranger to the rest."""
    for _ in range(n):
        i = next(_serial)
        community = factories.community(
            facilitator=facilitator,
            title=f"Community {i}",
            slug=f"community-{i}",
            visibility=Visibility.MEMBERS if i % 3 == 0 else Visibility.PUBLIC,
            index=index,
        )
        if viewer is not None and i % 2 == 0:
            state = MembershipState.ACTIVE if i % 4 == 0 else MembershipState.REQUESTED
            factories.membership(user=viewer, community=community, state=state)


def add_members(n: int, *, community, make_teacher, other_school) -> None:
    for _ in range(n):
        i = next(_serial)
        user = make_teacher(
            f"Member {i}", school=other_school if i % 2 else None, email=f"member{i}@example.org"
        )
        role = Role.FACILITATOR if i % 10 == 0 else Role.MEMBER
        state = MembershipState.REQUESTED if i % 7 == 0 else MembershipState.ACTIVE
        factories.membership(user=user, community=community, role=role, state=state)


def add_activity(n: int, *, community, actors, recipients=None) -> None:
    """n ledger rows, each by a different actor where possible, each about a
    page of its own and (every other one) to a recipient."""
    actors, recipients = list(actors), list(recipients or actors)
    for _ in range(n):
        i = next(_serial)
        page = StandardPage(title=f"Exit ticket trial {i}", slug=f"trial-{i}")
        community.add_child(instance=page)
        page.save_revision().publish()
        ledger.record(
            actor=actors[i % len(actors)],
            verb=Verb.PUBLISHED_REFLECTION if i % 2 else Verb.APPRECIATED,
            community=community,
            page=page,
            recipient=None if i % 2 else recipients[i % len(recipients)],
        )


# --------------------------------------------------------------------------- #
# Community index
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("signed_in", [False, True])
def test_community_index_is_flat_in_communities(
    client, community_index, facilitator, outsider, signed_in, django_assert_max_num_queries
):
    """Guards against a query per card: each community's member count
    (annotated, not counted per card) and the viewer's own membership
    ("You're a member" / "Request pending", prefetched, not looked up per card)."""
    viewer = outsider if signed_in else None
    if viewer:
        client.force_login(viewer)
    add_communities(3, facilitator=facilitator, index=community_index, viewer=viewer)
    small = queries_for(client, community_index.url)

    add_communities(9, facilitator=facilitator, index=community_index, viewer=viewer)

    assert_flat(client, community_index.url, small, django_assert_max_num_queries)
    print(
        f"community index ({'signed in' if viewer else 'anonymous'}): {small} queries for 3 and 12"
    )


def test_home_page_is_flat_in_communities_and_activity(
    client,
    community_index,
    facilitator,
    member,
    make_teacher,
    other_school,
    django_assert_max_num_queries,
):
    """Guards against a query per community card and per activity row
    (actor's profile, the page, the community) on the home page."""
    client.force_login(member)
    add_communities(3, facilitator=facilitator, index=community_index, viewer=member)
    community = factories.community(
        facilitator=facilitator, title="Busy", slug="busy", index=community_index
    )
    factories.membership(user=member, community=community)
    add_activity(3, community=community, actors=[member, facilitator])
    small = queries_for(client, "/")

    add_communities(10, facilitator=facilitator, index=community_index, viewer=member)
    add_members(10, community=community, make_teacher=make_teacher, other_school=other_school)
    actors = [m.user for m in community.memberships.select_related("user")]
    add_activity(15, community=community, actors=actors)

    assert_flat(client, "/", small, django_assert_max_num_queries)
    print(f"home page: {small} queries")


# --------------------------------------------------------------------------- #
# Community page
# --------------------------------------------------------------------------- #


@pytest.fixture
def busy_community(community_index, facilitator, member):
    community = factories.community(
        facilitator=facilitator,
        title="Busy Circle",
        slug="busy-circle",
        index=community_index,
        visibility=Visibility.MEMBERS,
    )
    factories.membership(user=member, community=community)
    return community


@pytest.mark.parametrize("viewer_role", ["member", "facilitator", "admin"])
def test_community_page_is_flat_in_members_and_activity(
    client,
    busy_community,
    facilitator,
    member,
    admin_user,
    make_teacher,
    other_school,
    viewer_role,
    django_assert_max_num_queries,
):
    """Guards against a query per member listed (their profile and school,
    select_related with the membership) and per activity row (the actor's
    profile, the recipient, the page and its URL, the community), for members
    who see the list, facilitators who also see requests, and site admins."""
    viewer = {"member": member, "facilitator": facilitator, "admin": admin_user}[viewer_role]
    client.force_login(viewer)
    add_members(3, community=busy_community, make_teacher=make_teacher, other_school=other_school)
    actors = [m.user for m in busy_community.memberships.select_related("user")]
    add_activity(5, community=busy_community, actors=actors)
    small = queries_for(client, busy_community.url)

    add_members(37, community=busy_community, make_teacher=make_teacher, other_school=other_school)
    actors = [m.user for m in busy_community.memberships.select_related("user")]
    add_activity(55, community=busy_community, actors=actors)

    response = client.get(busy_community.url)
    assert len(response.context["activity"]) == 20
    assert_flat(client, busy_community.url, small, django_assert_max_num_queries)
    print(f"community page ({viewer_role}): {small} queries for 3/5 and 40/60")


def test_community_public_face_is_flat_in_members(
    client, busy_community, outsider, make_teacher, other_school, django_assert_max_num_queries
):
    """An outsider sees the facilitators and a member count: no query per
    facilitator, and the count is not one query per member."""
    client.force_login(outsider)
    add_members(3, community=busy_community, make_teacher=make_teacher, other_school=other_school)
    small = queries_for(client, busy_community.url)

    add_members(37, community=busy_community, make_teacher=make_teacher, other_school=other_school)

    assert_flat(client, busy_community.url, small, django_assert_max_num_queries)


def test_members_management_page_is_flat_in_members_and_requests(
    client, busy_community, facilitator, make_teacher, other_school, django_assert_max_num_queries
):
    """Guards against a query per member or request on the facilitators'
    members page (profile, school)."""
    client.force_login(facilitator)
    url = f"/community/{busy_community.pk}/members/"
    add_members(3, community=busy_community, make_teacher=make_teacher, other_school=other_school)
    small = queries_for(client, url)

    add_members(37, community=busy_community, make_teacher=make_teacher, other_school=other_school)

    assert_flat(client, url, small, django_assert_max_num_queries)
    print(f"members page: {small} queries for 3 and 40")


# --------------------------------------------------------------------------- #
# A person's page
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("viewer_role", ["anonymous", "self", "outsider"])
def test_person_page_is_flat_in_activity(
    client,
    community_index,
    facilitator,
    member,
    outsider,
    busy_community,
    viewer_role,
    django_assert_max_num_queries,
):
    """Guards against a query per activity row on a person's page (the
    community each row links to, the page, the recipient), and against
    checking the viewer's right to see each row one at a time."""
    if viewer_role != "anonymous":
        client.force_login(member if viewer_role == "self" else outsider)
    public = factories.community(
        facilitator=facilitator, title="Reading", slug="reading", index=community_index
    )
    factories.membership(user=member, community=public)
    url = member.profile.get_absolute_url()
    for community in (public, busy_community):
        add_activity(3, community=community, actors=[member], recipients=[facilitator])
    small = queries_for(client, url)

    for community in (public, busy_community):
        add_activity(30, community=community, actors=[member], recipients=[facilitator])

    assert_flat(client, url, small, django_assert_max_num_queries)
    print(f"person page ({viewer_role}): {small} queries for 6 and 66 rows")


# --------------------------------------------------------------------------- #
# Search
# --------------------------------------------------------------------------- #


def test_search_is_flat_in_results(
    client, member, busy_community, open_community, django_assert_max_num_queries
):
    """Guards against a query per result (the specific page, its type's
    name) and against checking visibility per result."""
    client.force_login(member)
    for community in (open_community, busy_community):
        add_activity(2, community=community, actors=[member])
    url = "/search/?q=exit+ticket"
    small = queries_for(client, url)

    for community in (open_community, busy_community):
        add_activity(12, community=community, actors=[member])

    response = client.get(url)
    assert response.context["results"].paginator.count == 28
    assert_flat(client, url, small, django_assert_max_num_queries)
    print(f"search: {small} queries for 4 and 28 results")


def test_links_cost_no_cache_query_each_without_redis(
    client, community_index, facilitator, settings
):
    """Without Redis the default cache is a database table, and Wagtail
    reads the sites' root paths from it for every page link built without
    the request: a request reads them once, however many cards it links."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "staffroom_cache",
        },
    }
    call_command("createcachetable", verbosity=0)  # with Redis no test database has it

    def cache_reads() -> int:
        assert client.get(community_index.url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(community_index.url).status_code == 200
        return sum("staffroom_cache" in q["sql"] for q in captured.captured_queries)

    add_communities(2, facilitator=facilitator, index=community_index)
    small = cache_reads()
    add_communities(10, facilitator=facilitator, index=community_index)
    assert cache_reads() == small <= 1
