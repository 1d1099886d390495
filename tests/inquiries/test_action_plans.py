"""Action plans: each member keeps one open plan per community (technique,
class, evidence). At the next meeting, "how's it going?" is prefilled with
exactly the attending members' open plans; each closes their own with a
short report, which becomes a draft reflection or an inquiry update in one
step, and writes the next. The plans thread through the portfolio, for the
community's members."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from blog.models import ReflectionPage
from communities import clock, factories
from communities.models import ActivityEvent, Verb
from inquiries.cycle import services
from inquiries.cycle.models import ActionPlan, PlanState
from inquiries.models import InquiryUpdate

from .cycle_helpers import NOW, at, schedule

pytestmark = pytest.mark.django_db

PLAN = {"technique": "Hinge questions", "class_name": "9X2", "evidence": "Whiteboard answers"}
REPORT = {"what_happened": "Most got it first time.", "keep_or_change": "Keep; ask earlier."}


def write(user, community, **kwargs):
    return services.action_plan_write(user=user, community=community, **{**PLAN, **kwargs})


def test_one_open_plan_per_member_per_community(as_, member, open_community, private_community):
    client = as_(member)
    url = reverse("action_plan", args=[open_community.pk])
    assert client.post(url, PLAN).status_code == 302
    again = client.post(url, {**PLAN, "technique": "Exit tickets"})
    assert again.status_code == 400
    assert b"open action plan here already" in again.content
    assert ActionPlan.objects.filter(author=member, community=open_community).count() == 1
    # Another community is another cycle.
    write(member, private_community)
    assert ActionPlan.objects.open().filter(author=member).count() == 2
    assert ActivityEvent.objects.filter(verb=Verb.WROTE_ACTION_PLAN, actor=member).count() == 2


def test_an_incomplete_plan_re_renders_and_changes_nothing(as_, member, open_community):
    response = as_(member).post(
        reverse("action_plan", args=[open_community.pk]), {**PLAN, "evidence": ""}
    )
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not ActionPlan.objects.exists()


def test_outsiders_and_visitors_write_no_plan(as_, outsider, open_community, private_community):
    for community, status in ((open_community, 403), (private_community, 404)):
        url = reverse("action_plan", args=[community.pk])
        assert as_(outsider).post(url, PLAN).status_code == status
        assert as_(outsider).get(url).status_code == 404
        assert as_(None).post(url, PLAN).status_code in (403, 404)
    assert not ActionPlan.objects.exists()


@pytest.fixture
def colleague(make_teacher, open_community):
    user = make_teacher("Cal Colleague")
    factories.membership(user=user, community=open_community)
    return user


@pytest.fixture
def absentee(make_teacher, open_community):
    user = make_teacher("Abe Absent")
    factories.membership(user=user, community=open_community)
    return user


def test_hows_it_going_is_prefilled_with_exactly_the_attending_members_open_plans(
    as_, facilitator, member, colleague, absentee, outsider, open_community, private_community
):
    meeting = schedule(facilitator, open_community, day=datetime.date(2026, 12, 8))[0]
    closed = write(colleague, open_community, technique="Wait time")
    services.action_plan_close(user=colleague, plan=closed, **REPORT)
    write(member, open_community, technique="Hinge questions")
    write(colleague, open_community, technique="Cold calling")
    write(absentee, open_community, technique="Exit tickets")
    write(member, private_community, technique="Private plan")
    with clock.travel(NOW):
        services.meeting_rsvp(user=member, meeting=meeting, rsvp="yes")
        services.meeting_rsvp(user=colleague, meeting=meeting, rsvp="yes")
        services.meeting_rsvp(user=absentee, meeting=meeting, rsvp="no")
    url = reverse("meeting_detail", args=[meeting.pk])
    with clock.travel(NOW):
        page = as_(member).get(url)
    shown = [p.technique for p in page.context["prefill"]]
    assert shown == ["Cold calling", "Hinge questions"]  # by name: Cal, Mo
    assert b"Exit tickets" not in page.content
    assert b"Private plan" not in page.content
    assert b"Wait time" not in page.content  # closed before this meeting
    # Once attendance is recorded, it is who came.
    with clock.travel(at(days=8)):
        services.attendance_record(user=facilitator, meeting=meeting, present={member.pk})
        page = as_(member).get(url)
    assert [p.technique for p in page.context["prefill"]] == ["Hinge questions"]
    # Plans are for the community's members: a visitor to the public
    # community reads the agenda's notes but no one's plan.
    for who in (outsider, None):
        with clock.travel(at(days=8)):
            visitor = as_(who).get(url)
        assert visitor.status_code == 200
        assert b"Hinge questions" not in visitor.content
        assert "prefill" not in visitor.context


def test_a_member_closes_their_plan_at_the_meeting_and_writes_the_next(
    as_, facilitator, member, colleague, open_community
):
    meeting = schedule(facilitator, open_community, day=datetime.date(2026, 12, 8))[0]
    mine = write(member, open_community)
    theirs = write(colleague, open_community, technique="Cold calling")
    for person in (member, colleague):
        with clock.travel(NOW):
            services.meeting_rsvp(user=person, meeting=meeting, rsvp="yes")
    client = as_(member)
    with clock.travel(at(days=7, hours=6)):
        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        # A close form on one's own plan only.
        assert reverse("action_plan_close", args=[mine.pk]) in page
        assert reverse("action_plan_close", args=[theirs.pk]) not in page
        assert (
            client.post(
                reverse("action_plan_close", args=[theirs.pk]), {**REPORT, "meeting": meeting.pk}
            ).status_code
            == 403
        )
        empty = client.post(
            reverse("action_plan_close", args=[mine.pk]),
            {"what_happened": "", "keep_or_change": "", "meeting": meeting.pk},
        )
        assert empty.status_code == 400
        assert ActionPlan.objects.get(pk=mine.pk).is_open
        client.post(reverse("action_plan_close", args=[mine.pk]), {**REPORT, "meeting": meeting.pk})
        after = client.get(reverse("meeting_detail", args=[meeting.pk]))
        assert b"Most got it first time." in after.content  # reported back
        assert b"Save my action plan" in after.content
        client.post(
            reverse("action_plan", args=[open_community.pk]),
            {
                "technique": "Exit tickets",
                "class_name": "9X2",
                "evidence": "Tickets",
                "meeting": meeting.pk,
            },
        )
        # The plan written at this meeting is for the next one's report-back.
        prefill = client.get(reverse("meeting_detail", args=[meeting.pk])).context["prefill"]
        assert [p.author for p in prefill] == [colleague]
    mine.refresh_from_db()
    assert mine.state == PlanState.CLOSED and mine.closed_at_meeting == meeting
    following = ActionPlan.objects.open().get(author=member, community=open_community)
    assert following.technique == "Exit tickets" and following.written_at_meeting == meeting
    assert ActionPlan.objects.get(pk=theirs.pk).is_open
    assert ActivityEvent.objects.filter(verb=Verb.CLOSED_ACTION_PLAN, actor=member).count() == 1


def test_a_report_becomes_a_draft_reflection_in_one_step(as_, member, colleague, open_community):
    plan = write(member, open_community)
    services.action_plan_close(user=member, plan=plan, **REPORT)
    url = reverse("action_plan_reflection", args=[plan.pk])
    assert as_(colleague).post(url).status_code == 403
    response = as_(member).post(url)
    plan.refresh_from_db()
    draft = ReflectionPage.objects.get(pk=plan.reflection_id)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert not draft.live and draft.owner == member
    assert "Most got it first time." in str(draft.get_latest_revision_as_object().body)
    assert draft.get_parent().get_parent().specific == open_community
    # Once only; and nothing counts until it is published.
    as_(member).post(url)
    assert ReflectionPage.objects.filter(owner=member).count() == 1
    assert not ActivityEvent.objects.filter(verb=Verb.PUBLISHED_REFLECTION).exists()


def test_a_report_becomes_an_inquiry_update_in_one_step(
    as_, member, colleague, open_community, public_inquiry, make_inquiry
):
    plan = write(member, open_community)
    services.action_plan_close(user=member, plan=plan, **REPORT)
    not_mine = make_inquiry(open_community, colleague, title="Colleague's inquiry")
    url = reverse("action_plan_inquiry", args=[plan.pk])
    as_(member).post(url, {"inquiry": not_mine.pk})
    assert not InquiryUpdate.objects.filter(kind=InquiryUpdate.Kind.ACTION_PLAN).exists()
    response = as_(member).post(url, {"inquiry": public_inquiry.pk})
    assert response.status_code == 302
    update = InquiryUpdate.objects.get(kind=InquiryUpdate.Kind.ACTION_PLAN)
    assert update.inquiry_id == public_inquiry.pk and "Most got it first time." in update.note


def test_plans_thread_through_the_portfolio_for_the_communitys_members(
    as_, member, colleague, outsider, open_community, private_community
):
    plan = write(member, open_community, technique="Hinge questions")
    services.action_plan_close(user=member, plan=plan, **REPORT)
    write(member, open_community, technique="Exit tickets")
    write(member, private_community, technique="Private plan")
    url = reverse("person_detail", args=[member.profile.handle])
    own = as_(member).get(url).content.decode()
    assert own.index("Exit tickets") < own.index("Hinge questions")  # newest first
    assert "Private plan" in own and "Most got it first time." in own
    seen = as_(colleague).get(url).content.decode()  # in the open community only
    assert "Hinge questions" in seen and "Private plan" not in seen
    for who in (outsider, None):
        hidden = as_(who).get(url).content.decode()
        assert "Hinge questions" not in hidden and "Private plan" not in hidden
