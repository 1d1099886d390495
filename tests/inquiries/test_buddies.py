"""Buddies: a facilitator pairs two members (or one proposes and the other
agrees); the pair schedules a visit with a focus from the observed teacher's
action plan and keeps notes that reach no one but the two of them — not the
facilitators, not a head teacher, not a site administrator — until the
observed teacher moves them into their inquiry as evidence."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from blog.models import Notification
from communities import factories
from communities.models import ActivityEvent, NotificationKind, Verb
from inquiries.cycle import services
from inquiries.cycle.models import BuddyPair, Observation, ReminderKind
from inquiries.cycle.reminders import recipients
from inquiries.models import InquiryPage

from .cycle_helpers import schedule

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


def test_either_buddy_ends_a_pairing_and_the_other_is_told(
    as_, visit, member, buddy, pair, open_community, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("buddies", args=[open_community.pk])
    assert reverse("buddy_end", args=[pair.pk]).encode() in as_(member).get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        response = as_(member).post(reverse("buddy_end", args=[pair.pk]), follow=True)
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.is_ended and pair.ended_at is not None and pair.ended_by == member
    # It leaves the buddies page; the visit written stays (for the record).
    assert b"With Bo Buddy" not in as_(member).get(url).content
    assert Observation.objects.filter(pk=visit.pk, notes=NOTES).exists()
    notice = Notification.objects.get(kind=NotificationKind.BUDDY_PAIR_ENDED)
    assert notice.recipient == buddy and notice.actor == member
    assert notice.link == url
    assert [m.to for m in mailoutbox] == [[buddy.email]]
    # Ended once: a second end is refused with a message; notes can no longer be written.
    response = as_(buddy).post(reverse("buddy_end", args=[pair.pk]), follow=True)
    assert "This pairing has ended already." in [str(m) for m in response.context["messages"]]
    assert (
        as_(buddy).post(reverse("observation_notes", args=[visit.pk]), {"notes": "x"}).status_code
        == 404
    )
    # And the two may be paired again, as a new pair.
    again = services.buddy_pair(
        user=member, community=open_community, first_id=member.pk, second_id=buddy.pk
    )
    assert again.pk != pair.pk and not again.is_active
    assert services.buddy_accept(user=buddy, pair=again).is_active


def test_a_facilitator_ends_a_pairing_and_both_are_told(
    as_, facilitator, member, buddy, pair, open_community
):
    url = reverse("buddies", args=[open_community.pk])
    assert reverse("buddy_end", args=[pair.pk]).encode() in as_(facilitator).get(url).content
    as_(facilitator).post(reverse("buddy_end", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.is_ended
    told = Notification.objects.filter(kind=NotificationKind.BUDDY_PAIR_ENDED)
    assert set(told.values_list("recipient_id", flat=True)) == {member.pk, buddy.pk}
    assert b"Mo Member &amp; Bo Buddy" not in as_(facilitator).get(url).content


def test_a_proposed_pairing_can_be_withdrawn(as_, member, buddy, open_community):
    proposed = services.buddy_pair(
        user=member, community=open_community, first_id=member.pk, second_id=buddy.pk
    )
    assert as_(member).post(reverse("buddy_end", args=[proposed.pk])).status_code == 302
    proposed.refresh_from_db()
    assert proposed.is_ended
    with pytest.raises(services.CycleError):
        services.buddy_accept(user=buddy, pair=proposed)


def test_only_the_pair_and_facilitators_end_a_pairing(
    as_, member, buddy, bystander, outsider, pair, open_community
):
    url = reverse("buddies", args=[open_community.pk])
    assert reverse("buddy_end", args=[pair.pk]).encode() not in as_(bystander).get(url).content
    assert as_(bystander).post(reverse("buddy_end", args=[pair.pk])).status_code == 403
    assert as_(outsider).post(reverse("buddy_end", args=[pair.pk])).status_code == 404
    assert as_(None).post(reverse("buddy_end", args=[pair.pk])).status_code == 302
    pair.refresh_from_db()
    assert pair.is_active
    assert not Notification.objects.exists()


def test_mid_cycle_reminders_leave_out_an_ended_pair(
    facilitator, member, buddy, pair, open_community
):
    meeting = schedule(facilitator, open_community, day=datetime.date(2026, 12, 8))[0]
    assert recipients(meeting, ReminderKind.BUDDY_VISIT) == {member.pk, buddy.pk}
    services.buddy_end(user=member, pair=pair)
    assert recipients(meeting, ReminderKind.BUDDY_VISIT) == set()
