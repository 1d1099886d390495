"""Where people see recognition — developmental, never a league table: a
member's page shows their strands and trust with the evidence (each piece
only to viewers who may see it), the member reads exactly why and what
next; the community page shows a few emerging leaders; facilitators are
prompted to invite one to co-facilitate; a member downloads their own
record; head teachers see no recognition from members-only communities."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import factories as blog_factories
from blog import services as blog_services
from blog.models import AppreciationKind, Notification
from communities import factories
from communities.models import Membership, NotificationKind, Role
from communities.services import recognition_recompute

pytestmark = pytest.mark.django_db

LEADERSHIP_WITHIN_REACH = {
    "contributor": {"published": 1, "substantive_replies": 3, "appreciated_by": 2},
    "leader": {"feedback_from": 2, "influence": 0.0, "strands": 1},
}


@pytest.fixture
def recognised(settings, private_community, member, facilitator, make_teacher, school):
    """`member` leads the members-only community as a Mentor: substantive
    feedback to three colleagues in their first months, appreciated back."""
    settings.STAFFROOM_RECOGNITION = {
        **settings.STAFFROOM_RECOGNITION,
        "trust": LEADERSHIP_WITHIN_REACH,
        "strands": {
            **settings.STAFFROOM_RECOGNITION["strands"],
            "mentor": {"newcomers": 3, "replies": 3},
        },
    }
    index = blog_factories.reflection_index(private_community)
    mine = blog_factories.reflection(index=index, author=member, title="What I learned mentoring")
    for n in range(3):
        newcomer = make_teacher(f"New Teacher {n}")
        factories.membership(user=newcomer, community=private_community)
        from communities import ledger
        from communities.models import Verb

        ledger.record(actor=newcomer, verb=Verb.JOINED, community=private_community)
        theirs = blog_factories.reflection(index=index, author=newcomer, title=f"First term {n}")
        blog_factories.reply(page=theirs, author=member, body="Try the seating plan.", kind="warm")
        blog_services.appreciation_toggle(user=newcomer, kind=AppreciationKind.HELPFUL, page=mine)
    recognition_recompute(community=private_community)
    return mine


def recognition_text(client, person) -> str:
    page = client.get(reverse("person_detail", args=[person.profile.handle]))
    section = BeautifulSoup(page.content, "html.parser").find(id="recognition-heading")
    return section.find_parent("section").get_text(" ", strip=True) if section else ""


def test_a_member_sees_why_they_are_here_and_what_next(recognised, member, client):
    client.force_login(member)
    text = recognition_text(client, member)
    assert "In Early Career Circle : Leader" in text or "In Early Career Circle: Leader" in text
    assert "Mentor" in text
    assert "Gave 3 substantive replies to 3 colleagues in their first 4 months" in text
    assert "Why am I here?" in text and "published 1 piece of work" in text
    assert "First term 0" in text  # the evidence links to the work


def test_fellow_members_see_the_strands_not_the_why(recognised, member, facilitator, client):
    client.force_login(facilitator)
    text = recognition_text(client, member)
    assert "Mentor" in text
    assert "Why am I here?" not in text


@pytest.mark.parametrize("who", ["anonymous", "outsider", "head"])
def test_nobody_outside_a_members_only_community_sees_its_recognition(
    recognised, member, outsider, make_teacher, school, client, who
):
    if who == "outsider":
        client.force_login(outsider)
    elif who == "head":
        head = make_teacher("Hana Head")
        school.head_teachers.add(head)
        client.force_login(head)
    page = client.get(reverse("person_detail", args=[member.profile.handle])).content.decode()
    assert "Recognition" not in page and "Mentor" not in page
    assert "First term" not in page and "Early Career Circle" not in page


def test_the_community_page_shows_a_few_emerging_leaders_never_scores(
    recognised, private_community, member, facilitator, client
):
    client.force_login(facilitator)
    soup = BeautifulSoup(client.get(private_community.url).content, "html.parser")
    leaders = soup.find(id="leaders-heading").find_parent("section")
    assert "Mo Member" in leaders.get_text() and "Mentor" in leaders.get_text()
    assert "influence" not in soup.get_text().lower()
    # The facilitator is prompted to invite them to co-facilitate, with why.
    suggestion = soup.find(id="suggest-heading").find_parent("section").get_text(" ", strip=True)
    assert "Consider inviting Mo Member to co-facilitate — feedback from 3 colleagues" in suggestion


def test_an_invitation_to_co_facilitate_is_the_members_to_accept(
    recognised, private_community, member, facilitator, client
):
    membership = Membership.objects.get(user=member, community=private_community)
    client.force_login(facilitator)
    client.post(reverse("membership_action", args=[membership.pk, "invite-to-facilitate"]))
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER and membership.facilitation_invited_by == facilitator
    assert Notification.objects.filter(
        recipient=member, kind=NotificationKind.FACILITATION_INVITED
    ).exists()

    client.force_login(member)
    page = BeautifulSoup(client.get(private_community.url).content, "html.parser")
    assert page.find("button", string="Yes, co-facilitate") is not None
    client.post(reverse("facilitation_answer", args=[private_community.pk]), {"answer": "yes"})
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR and membership.facilitation_invited_by is None
    told = Notification.objects.get(
        recipient=facilitator, kind=NotificationKind.FACILITATION_ANSWERED
    )
    assert told.detail.startswith("Yes")
    # Nobody else can answer (there is no invitation for them).
    response = client.post(
        reverse("facilitation_answer", args=[private_community.pk]), {"answer": "yes"}, follow=True
    )
    assert "no invitation" in response.content.decode()


def test_a_member_downloads_their_own_record(recognised, member, client):
    client.force_login(member)
    response = client.get(reverse("my_record_csv"))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Community", "What", "Page", "Link"]
    text = response.content.decode()
    assert "published a reflection" in text and "What I learned mentoring" in text
    assert "Trust level: Leader" in text and "Strand: Mentor" in text
    printable = client.get(reverse("my_record"))
    assert printable.status_code == 200
    assert "Professional learning record" in printable.content.decode()


def test_the_record_is_only_ever_ones_own(client):
    assert reverse("account_login") in client.get(reverse("my_record_csv"))["Location"]


def test_the_page_explaining_recognition_says_it_is_not_evaluation(client):
    html = client.get(reverse("recognition")).content.decode()
    assert "never for evaluation" in html or "not for evaluation" in html
    assert "head teachers see no recognition from members-only communities" in html
    assert "appreciated by 2 colleagues" in html
