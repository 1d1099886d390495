"""The library and a resource page cost the same number of queries with a
little content as with a lot. Each test measures at a small size, grows
the content (resources, tries from many schools, adaptations, collections),
and requires the same count; its docstring names the N+1 it prevents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog import factories as blog_factories
from blog.models import CuratedCollection, CuratedItem, Recommendation, ResourceTry
from communities import factories
from communities.models import School

pytestmark = pytest.mark.django_db

RECOMMEND = [Recommendation.YES, Recommendation.WITH_CHANGES, Recommendation.NO]


def count_queries(client, url: str) -> int:
    client.get(url)  # the first request of a session does its own bookkeeping
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def triers(make_teacher, open_community):
    """Nine members from three schools."""
    schools = [School.objects.create(name=f"School {n}") for n in range(3)]
    people = []
    for n in range(9):
        user = make_teacher(f"Trier {n}", school=schools[n % 3])
        factories.membership(user=user, community=open_community)
        people.append(user)
    return people


def grow(library, author, triers, n: int, *, adapted_from=None, tags=("retrieval",)) -> list:
    made = []
    for i in range(n):
        resource = blog_factories.resource(
            library=library,
            author=author,
            title=f"Resource {library.pk}-{ResourceTry.objects.count()}-{i}",
            tags=list(tags),
            adapted_from=adapted_from,
            notes="",
        )
        ResourceTry.objects.bulk_create(
            ResourceTry(
                resource=resource,
                author=person,
                recommend=RECOMMEND[j % 3],
                what_happened="It went well.",
            )
            for j, person in enumerate(triers[: 2 + i % 5])
        )
        made.append(resource)
    return made


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_the_library_is_flat(who, request, open_community, facilitator, triers, client):
    """Cards read author, school, tags and try counts from the listing's own
    query (annotations, select_related, one prefetch), collections their
    items in one prefetch: none per resource or per item."""
    if who == "member":
        client.force_login(request.getfixturevalue("member"))
    library = blog_factories.resource_library(open_community)
    made = grow(library, facilitator, triers, 2)
    collection = CuratedCollection.objects.create(library=library, title="Start here")
    CuratedItem.objects.create(collection=collection, resource=made[0], position=1)
    small = count_queries(client, library.url)
    more = grow(library, facilitator, triers, 10)
    for n, resource in enumerate(more[:6], start=2):
        CuratedItem.objects.create(collection=collection, resource=resource, position=n)
    other = CuratedCollection.objects.create(library=library, title="Also")
    CuratedItem.objects.create(collection=other, resource=more[7], position=1)
    assert count_queries(client, library.url) == small
    assert count_queries(client, library.url + "?sort=most_tried&kind=assessment") <= small


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_a_resource_page_is_flat(who, request, open_community, facilitator, triers, client):
    """Tries come with their authors, schools and the pages they fed in one
    query; adaptations in one; lineage and summary from those lists."""
    if who == "member":
        client.force_login(request.getfixturevalue("member"))
    library = blog_factories.resource_library(open_community)
    resource = grow(library, facilitator, triers[:2], 1)[0]
    grow(library, facilitator, triers[:2], 1, adapted_from=resource)
    small = count_queries(client, resource.url)
    ResourceTry.objects.bulk_create(
        ResourceTry(resource=resource, author=p, recommend="yes", what_happened="Good.")
        for p in triers[2:]
    )
    grow(library, facilitator, triers[:2], 5, adapted_from=resource)
    assert count_queries(client, resource.url) == small
