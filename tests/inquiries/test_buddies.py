"""Buddies: a facilitator pairs two members (or one proposes and the other
agrees); the pair schedules a visit with a focus from the observed teacher's
action plan and keeps notes that reach no one but the two of them — not the
facilitators, not a head teacher, not a site administrator — until the
observed teacher moves them into their inquiry as evidence."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from communities import factories
from communities.models import ActivityEvent, Verb
from inquiries.cycle import services
from inquiries.cycle.models import BuddyPair, Observation
from inquiries.models import InquiryPage

pytestmark = pytest.mark.django_db

NOTES = "Eleven of twelve pairs answered the hinge question on whiteboards."


@pytest.fixture
def buddy(make_teacher, open_community):
    user = make_teacher("Bo Buddy")
    factories.membership(user=user, community=open_community)
    return user


@pytest.fixture
def pair(facilitator, member, buddy, open_community):
    return services.buddy_pair(
        user=facilitator, community=open_community, first_id=member.pk, second_id=buddy.pk
    )


@pytest.fixture
def visit(as_, member, buddy, pair, open_community):
    """`buddy` observes `member`, whose open plan is hinge questions."""
    services.action_plan_write(
        user=member,
        community=open_community,
        technique="Hinge questions",
        class_name="9X2",
        evidence="Whiteboards",
    )
    as_(member).post(
        reverse("observation_schedule", args=[pair.pk]),
        {"observed": "me", "focus": "", "day": "2026-12-15", "time": "10:00"},
    )
    observation = Observation.objects.get()
    as_(buddy).post(reverse("observation_notes", args=[observation.pk]), {"notes": NOTES})
    return observation


def test_a_facilitator_pairs_members_at_once(as_, facilitator, member, buddy, open_community):
    response = as_(facilitator).post(
        reverse("buddy_pair", args=[open_community.pk]), {"first": buddy.pk, "second": member.pk}
    )
    assert response.status_code == 302
    pair = BuddyPair.objects.get()
    assert pair.is_active and {pair.first_id, pair.second_id} == {member.pk, buddy.pk}


def test_members_pair_themselves_by_mutual_agreement(as_, member, buddy, open_community):
    as_(member).post(reverse("buddy_pair", args=[open_community.pk]), {"colleague": buddy.pk})
    pair = BuddyPair.objects.get()
    assert not pair.is_active
    assert as_(member).post(reverse("buddy_accept", args=[pair.pk])).status_code == 302
    pair.refresh_from_db()
    assert not pair.is_active  # the one who proposed cannot agree for the other
    page = as_(buddy).get(reverse("buddies", args=[open_community.pk]))
    assert b"Agree to be buddies" in page.content
    as_(buddy).post(reverse("buddy_accept", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.is_active


def test_only_facilitators_pair_other_people(as_, member, buddy, bystander, open_community):
    response = as_(member).post(
        reverse("buddy_pair", args=[open_community.pk]), {"first": buddy.pk, "second": bystander.pk}
    )
    assert response.status_code == 403
    assert (
        b"pair members" not in as_(member).get(reverse("buddies", args=[open_community.pk])).content
    )
    assert not BuddyPair.objects.exists()


@pytest.fixture
def bystander(make_teacher, open_community):
    user = make_teacher("Bea Bystander")
    factories.membership(user=user, community=open_community)
    return user


def test_the_focus_comes_from_the_observed_teachers_plan(visit, member, buddy):
    assert visit.observed == member and visit.observer == buddy
    assert visit.focus == "Hinge questions" and visit.plan.author == member


def test_buddy_notes_are_visible_only_to_the_pair(
    as_, visit, member, buddy, facilitator, bystander, outsider, school, admin_user, open_community
):
    head = factories.teacher(display_name="Hana Head", school=school)
    school.head_teachers.add(head)
    url = reverse("buddies", args=[open_community.pk])
    assert NOTES.encode() in as_(member).get(url).content
    assert NOTES.encode() in as_(buddy).get(url).content
    for who in (facilitator, bystander):
        response = as_(who).get(url)
        assert response.status_code == 200 and NOTES.encode() not in response.content
    for who in (outsider, head, admin_user, None):
        assert as_(who).get(url).status_code == 404
    # Nor can anyone else write them, or find that they exist.
    for who in (facilitator, bystander, outsider, head, admin_user):
        response = as_(who).post(reverse("observation_notes", args=[visit.pk]), {"notes": "x"})
        assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.notes == NOTES
    # Nor do they reach anyone through the ledger, or the community's page.
    assert not any(NOTES in str(e.data) for e in ActivityEvent.objects.all())
    assert NOTES.encode() not in as_(facilitator).get(open_community.url).content


def test_completing_a_visit_is_a_ledger_row_from_observer_to_observed(as_, visit, member, buddy):
    url = reverse("observation_notes", args=[visit.pk])
    as_(buddy).post(url, {"notes": NOTES, "completed": "on"})
    as_(buddy).post(url, {"notes": NOTES, "completed": "on"})
    (row,) = ActivityEvent.objects.filter(verb=Verb.BUDDY_OBSERVED)
    assert row.actor == buddy and row.recipient == member and row.data == {}


def test_the_observed_teacher_moves_the_notes_into_their_inquiry(
    as_, visit, member, buddy, public_inquiry
):
    url = reverse("observation_to_inquiry", args=[visit.pk])
    assert as_(buddy).post(url, {"inquiry": public_inquiry.pk}).status_code == 403
    response = as_(member).post(url, {"inquiry": public_inquiry.pk})
    assert response.url == reverse("wagtailadmin_pages:edit", args=[public_inquiry.pk])
    draft = InquiryPage.objects.get(pk=public_inquiry.pk).get_latest_revision_as_object()
    (block,) = [b for b in draft.evidence if b.block_type == "observation"]
    assert NOTES in block.value["note"]
    assert block.value["date"] == datetime.date(2026, 12, 15)
    visit.refresh_from_db()
    assert visit.moved_to_inquiry_id == public_inquiry.pk
    # The live page is unchanged until they publish.
    assert not list(InquiryPage.objects.get(pk=public_inquiry.pk).evidence)
