"""Curation, tried as each role: facilitators and leaders feature resources,
build ordered collections with a note (shown at the top of the library) and
archive resources nobody has tried for a long time (hidden from the library,
reachable by link, restorable, the author told). A member sees none of the
buttons and every endpoint refuses them."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import factories as blog_factories
from blog.models import CuratedCollection, CuratedItem, Notification, ResourcePage
from communities import clock
from communities.models import ActivityEvent, NotificationKind, Standing, TrustLevel, Verb

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(open_community):
    return blog_factories.resource_library(open_community)


@pytest.fixture
def resource(library, member):
    return blog_factories.resource(library=library, author=member)


@pytest.fixture
def leader(make_teacher, open_community):
    from communities import factories

    user = make_teacher("Lee Leader")
    membership = factories.membership(user=user, community=open_community)
    Standing.objects.create(membership=membership, trust_level=TrustLevel.LEADER)
    return user


def soup_of(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def curation_buttons(client, resource) -> list[str]:
    section = soup_of(client, resource.url).find("section", class_="curation")
    return [b.get_text(strip=True) for b in section.find_all(["button", "a"])] if section else []


def make_stale(resource):
    long_ago = clock.now() - datetime.timedelta(days=800)
    ResourcePage.objects.filter(pk=resource.pk).update(first_published_at=long_ago)
    resource.refresh_from_db()


@pytest.mark.parametrize("who", ["facilitator", "leader"])
def test_curators_feature_and_the_author_hears(who, request, resource, library, member, client):
    curator = request.getfixturevalue(who)
    client.force_login(curator)
    assert "Feature in the library" in curation_buttons(client, resource)
    response = client.post(reverse("resource_feature", args=[resource.pk]), {"featured": "1"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.is_featured
    event = ActivityEvent.objects.get(verb=Verb.FEATURED_RESOURCE)
    assert (event.actor, event.recipient, event.page_id) == (curator, member, resource.pk)
    assert Notification.objects.filter(
        recipient=member, kind=NotificationKind.RESOURCE_FEATURED
    ).exists()
    featured = soup_of(client, library.url).find("section", class_="featured")
    assert featured is not None and resource.title in featured.get_text()
    # …and stop featuring.
    client.post(reverse("resource_feature", args=[resource.pk]), {"featured": "0"})
    resource.refresh_from_db()
    assert not resource.is_featured
    assert ActivityEvent.objects.filter(verb=Verb.UNFEATURED_RESOURCE).count() == 1


def test_a_member_sees_no_curation_and_every_endpoint_refuses(resource, library, colleague, client):
    collection = CuratedCollection.objects.create(library=library, title="Start here")
    item = CuratedItem.objects.create(collection=collection, resource=resource, position=1)
    make_stale(resource)
    client.force_login(colleague)
    assert curation_buttons(client, resource) == []
    page = soup_of(client, library.url)
    assert page.find("a", href=reverse("collection_create", args=[library.pk])) is None
    assert page.find("a", href=reverse("collection_edit", args=[collection.pk])) is None
    assert not page.select(f"form[action='{reverse('collection_item', args=[item.pk, 'up'])}']")
    posts = [
        (reverse("resource_feature", args=[resource.pk]), {"featured": "1"}),
        (reverse("resource_archive", args=[resource.pk]), {}),
        (reverse("resource_restore", args=[resource.pk]), {}),
        (reverse("resource_collect", args=[resource.pk]), {"collection": collection.pk}),
        (reverse("collection_create", args=[library.pk]), {"title": "Mine"}),
        (reverse("collection_edit", args=[collection.pk]), {"title": "Renamed"}),
        (reverse("collection_delete", args=[collection.pk]), {}),
        (reverse("collection_item", args=[item.pk, "remove"]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    resource.refresh_from_db()
    assert not resource.is_featured and not resource.is_archived
    assert CuratedCollection.objects.get().title == "Start here"
    assert CuratedItem.objects.count() == 1
    assert not ActivityEvent.objects.filter(
        verb__in=[Verb.FEATURED_RESOURCE, Verb.ARCHIVED_RESOURCE]
    ).exists()


def test_collections_are_ordered_with_a_note_at_the_top_of_the_library(
    library, facilitator, member, client
):
    first = blog_factories.resource(library=library, author=member, title="Cold call cards")
    second = blog_factories.resource(library=library, author=member, title="Think-pair-share")
    client.force_login(facilitator)
    response = client.post(
        reverse("collection_create", args=[library.pk]),
        {"title": "New to questioning? Start here", "note": "Try these in this order."},
    )
    assert response.status_code == 302
    collection = CuratedCollection.objects.get()
    assert collection.curator == facilitator
    for resource in (first, second):
        response = client.post(
            reverse("resource_collect", args=[resource.pk]), {"collection": collection.pk}
        )
        assert response.status_code == 302
    # Collecting counts for the curator as featuring does.
    assert ActivityEvent.objects.filter(verb=Verb.FEATURED_RESOURCE, actor=facilitator).count() == 2

    def shown():
        section = soup_of(client, library.url).find("section", id=f"collection-{collection.pk}")
        return section, [
            a.get_text(strip=True) for a in section.select(".collection__items > li > a")
        ]  # noqa: E501

    section, order = shown()
    assert order == ["Cold call cards", "Think-pair-share"]
    assert "Try these in this order." in section.get_text()
    item = CuratedItem.objects.get(resource=second)
    client.post(reverse("collection_item", args=[item.pk, "up"]))
    assert shown()[1] == ["Think-pair-share", "Cold call cards"]
    client.post(reverse("collection_item", args=[item.pk, "remove"]))
    assert shown()[1] == ["Cold call cards"]
    # A member sees the collection too, without the buttons.
    client.force_login(member)
    section, order = shown()
    assert order == ["Cold call cards"] and not section.find("button")


def test_an_invalid_collection_is_shown_again(library, facilitator, client):
    client.force_login(facilitator)
    response = client.post(reverse("collection_create", args=[library.pk]), {"title": ""})
    assert response.status_code == 400
    assert not CuratedCollection.objects.exists()


def test_a_collection_gathers_only_its_own_librarys_resources(
    library, private_community, facilitator, client
):
    collection = CuratedCollection.objects.create(library=library, title="Ours")
    elsewhere = blog_factories.resource(
        library=blog_factories.resource_library(private_community), author=facilitator
    )
    client.force_login(facilitator)
    client.post(reverse("resource_collect", args=[elsewhere.pk]), {"collection": collection.pk})
    assert not CuratedItem.objects.exists()


def test_archiving_a_stale_resource_hides_it_and_restore_brings_it_back(
    resource, library, facilitator, member, client
):
    client.force_login(facilitator)
    # Recently shared: not stale, so no archive button and the endpoint refuses.
    assert "Archive" not in curation_buttons(client, resource)
    assert client.post(reverse("resource_archive", args=[resource.pk])).status_code == 403
    make_stale(resource)
    assert "Archive" in curation_buttons(client, resource)
    assert client.get(reverse("resource_archive", args=[resource.pk])).status_code == 200
    response = client.post(
        reverse("resource_archive", args=[resource.pk]), {"reason": "Superseded by the new one."}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.is_archived
    note = Notification.objects.get(recipient=member, kind=NotificationKind.RESOURCE_ARCHIVED)
    assert note.detail == "Superseded by the new one."
    # Gone from the library and its feed, still there by link.
    client.force_login(member)
    assert resource.title not in soup_of(client, library.url).get_text()
    assert resource.title.encode() not in client.get(library.url + "feed/").content
    assert "Archived" in soup_of(client, resource.url).get_text()
    assert resource.url not in searched(client, resource.title)
    # Curators find it among the archived ones, and restore it.
    client.force_login(facilitator)
    archived = soup_of(client, library.url + "?archived=on")
    assert resource.title in archived.get_text()
    # Members can't ask for the archived listing (the filter is not theirs).
    client.force_login(member)
    assert resource.title not in soup_of(client, library.url + "?archived=on").get_text()
    client.force_login(facilitator)
    client.post(reverse("resource_restore", args=[resource.pk]))
    resource.refresh_from_db()
    assert not resource.is_archived
    assert Notification.objects.filter(
        recipient=member, kind=NotificationKind.RESOURCE_RESTORED
    ).exists()
    assert resource.title in soup_of(client, library.url).get_text()
    assert resource.url in searched(client, resource.title)


def searched(client, query: str) -> list[str]:
    """The links site search lists for this query."""
    found = soup_of(client, reverse("search") + "?" + urlencode({"q": query}))
    return [item.find("a")["href"] for item in found.select(".search-results li")]


def test_a_recent_try_keeps_a_resource_from_going_stale(resource, facilitator, colleague, client):
    from blog.models import ResourceTry

    make_stale(resource)
    ResourceTry.objects.create(
        resource=resource, author=colleague, recommend="yes", what_happened="Still works."
    )
    client.force_login(facilitator)
    assert "Archive" not in curation_buttons(client, resource)


def test_publishing_an_old_revision_keeps_curation(resource, facilitator, client):
    client.force_login(facilitator)
    client.post(reverse("resource_feature", args=[resource.pk]), {"featured": "1"})
    resource.refresh_from_db()
    resource.get_latest_revision().publish(user=facilitator)
    resource.refresh_from_db()
    assert resource.is_featured
