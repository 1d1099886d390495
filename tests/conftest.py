"""Shared fixtures: a site with three communities and people in every role."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.db import connections
from pytest_django.plugin import blocking_manager_key

from communities import factories
from communities.models import JoinPolicy, MembershipState, Role, Visibility

# --------------------------------------------------------------------------- #
# Tests that commit (browser journeys, concurrency) end by emptying the
# database, migration data (the page tree's root, the default Site, groups)
# included. In one process pytest-django runs them last; with the suite on
# every core (pytest-xdist) a worker runs other test files after them. So
# every such test starts from the migrated state (serialized_rollback) and,
# once its flush is done, puts that state back for whatever runs next.
# --------------------------------------------------------------------------- #


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))))


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        if _commits(item) and not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _commits(item) and nextitem is not None and not _commits(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache(request, django_db_blocker):
    """Every test starts with empty caches (rate limits included). A cache
    kept in a table of the test database (the default one without Redis in
    the limits' worker processes, the "shared" alias otherwise) is emptied
    only around tests that use the database, and outside their transaction."""
    from django.core.cache import caches

    uses_db = bool(
        {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames)
        or request.node.get_closest_marker("django_db")
    )

    def in_table(alias: str) -> bool:
        return "DatabaseCache" in settings.CACHES[alias]["BACKEND"]

    def clear() -> None:
        for alias in settings.CACHES:
            if uses_db or not in_table(alias):
                caches[alias].clear()

    if uses_db:
        request.getfixturevalue("django_db_setup")  # the test database, never the real one
    with django_db_blocker.unblock():
        clear()
    yield
    with django_db_blocker.unblock():
        clear()


@pytest.fixture
def school(db):
    return factories.SchoolFactory(name="Northfield Academy", email_domain="northfield.sch.uk")


@pytest.fixture
def other_school(db):
    return factories.SchoolFactory(name="Riverside Primary", email_domain="riverside.sch.uk")


@pytest.fixture
def make_teacher(db, school):
    """make_teacher("Name") -> a verified user with a profile at `school`."""

    def make(name: str = "Teacher", **kwargs):
        kwargs.setdefault("school", school)
        kwargs.setdefault("display_name", name)
        return factories.teacher(**kwargs)

    return make


@pytest.fixture
def facilitator(make_teacher):
    return make_teacher("Fran Facilitator")


@pytest.fixture
def member(make_teacher):
    return make_teacher("Mo Member")


@pytest.fixture
def outsider(make_teacher, other_school):
    return make_teacher("Olly Outsider", school=other_school)


@pytest.fixture
def admin_user(make_teacher):
    user = make_teacher("Ada Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def community_index(db):
    return factories.community_index()


@pytest.fixture
def open_community(community_index, facilitator, member):
    community = factories.community(
        facilitator=facilitator,
        title="Formative Assessment",
        slug="formative-assessment",
        index=community_index,
    )
    factories.membership(user=member, community=community)
    return community


@pytest.fixture
def private_community(community_index, facilitator, member):
    """Members-only and by request, with `member` in it."""
    community = factories.community(
        facilitator=facilitator,
        title="Early Career Circle",
        slug="early-career-circle",
        purpose="A safe place for new teachers.",
        join_policy=JoinPolicy.BY_REQUEST,
        visibility=Visibility.MEMBERS,
        index=community_index,
    )
    factories.membership(user=member, community=community)
    return community


@pytest.fixture
def request_community(community_index, facilitator):
    """Public, but joining needs a facilitator's approval."""
    return factories.community(
        facilitator=facilitator,
        title="Reading for Pleasure",
        slug="reading-for-pleasure",
        join_policy=JoinPolicy.BY_REQUEST,
        index=community_index,
    )


@pytest.fixture
def requester(make_teacher, request_community):
    user = make_teacher("Rae Requester")
    factories.membership(user=user, community=request_community, state=MembershipState.REQUESTED)
    return user


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns it."""

    def do(user):
        client.force_login(user)
        return client

    return do


__all__ = ["Role", "settings"]
