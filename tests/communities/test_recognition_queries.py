"""Recognition costs the same queries however many members have it: the
person page and the community page read standings and the pages their
evidence links to in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import factories
from communities.models import Membership, Standing, TrustLevel

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def give_standings(community, people, pages):
    """Standings as the engine writes them: leaders with strands whose
    evidence links to several pages."""
    for person in people:
        membership = Membership.objects.get(user=person, community=community)
        Standing.objects.update_or_create(
            membership=membership,
            defaults={
                "trust_level": TrustLevel.LEADER,
                "strands": ["mentor", "pilot"],
                "influence": 2.0,
                "explanation": {
                    "trust": [{"text": "published 3 pieces of work", "pages": pages}],
                    "next_step": "",
                    "strands": {
                        "mentor": {
                            "held": True,
                            "lines": [{"text": "gave replies", "pages": pages}],
                            "progress": "",
                        },
                        "pilot": {
                            "held": True,
                            "lines": [{"text": "tried", "pages": pages}],
                            "progress": "",
                        },
                    },
                    "counts": {},
                    "feedback_from": 9,
                },
            },
        )


def test_the_person_and_community_pages_stay_flat_as_recognition_grows(
    open_community, private_community, member, make_teacher, client
):
    """Prevents the N+1s of recognition: each community's standing, each
    evidence page's visibility and URL, each emerging leader's profile."""
    from staffroom.models import StandardPage

    def pages(n):
        made = []
        for i in range(n):
            page = StandardPage(title=f"Evidence {i} {len(made)}", slug=f"evidence-{id(made)}-{i}")
            open_community.add_child(instance=page)
            page.save_revision().publish()
            made.append(page.pk)
        return made

    people = [member]
    give_standings(open_community, people, pages(1))
    give_standings(private_community, [member], pages(1))
    client.force_login(member)
    person_url = reverse("person_detail", args=[member.profile.handle])
    small_person, small_community = queries(client, person_url), queries(client, open_community.url)

    for n in range(6):
        person = make_teacher(f"Leader {n}")
        factories.membership(user=person, community=open_community)
        people.append(person)
    give_standings(open_community, people, pages(8))
    give_standings(private_community, [member], pages(3))
    assert queries(client, person_url) <= small_person
    assert queries(client, open_community.url) <= small_community
