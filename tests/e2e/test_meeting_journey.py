"""A month of the TLC cycle in a real browser: a facilitator schedules the
monthly meeting from the community's page; a member subscribes in their
calendar, says they will come, finds last month's plan waiting for them in
"how's it going?", closes it with a short report and writes the next one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from inquiries.cycle import services
from inquiries.cycle.models import ActionPlan, Meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_meeting_from_scheduling_to_the_next_plan(
    new_page, sign_in, private_community, member, facilitator, shots_dir
):
    from playwright.sync_api import expect

    services.action_plan_write(
        user=member,
        community=private_community,
        technique="Hinge questions before moving on",
        class_name="9X2",
        evidence="Mini-whiteboard answers",
    )
    day = timezone.localdate() + datetime.timedelta(days=3)

    host = sign_in(new_page(), facilitator)
    host.goto(private_community.url)
    host.get_by_role("link", name="All meetings").click()
    host.get_by_label("Date").fill(day.isoformat())
    host.get_by_label("Start time").fill("16:00")
    host.get_by_label("Place").fill("The library")
    host.get_by_label("Repeat every month on the same weekday").check()
    host.get_by_label("How many meetings").fill("3")
    host.get_by_role("button", name="Schedule").click()
    expect(host.get_by_role("status")).to_contain_text(services.describe_rule(day))
    assert Meeting.objects.filter(community=private_community).count() == 3

    teacher = sign_in(new_page(), member)
    teacher.goto(private_community.url)
    expect(teacher.locator(".next-meeting")).to_contain_text("The library")
    # Subscribe: the personal link is a calendar feed.
    teacher.get_by_role("link", name="Add to your calendar").first.click()
    feed = teacher.get_by_label("Your calendar link").input_value()
    body = teacher.request.get(feed).text()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 3

    teacher.goto(private_community.url)
    teacher.locator(".next-meeting a").click()
    teacher.get_by_role("button", name="I'll be there").click()
    expect(teacher.get_by_role("status")).to_contain_text("the facilitators know")
    report_back = teacher.locator("#report-back")
    expect(report_back).to_contain_text("Hinge questions before moving on")
    report_back.get_by_label("What happened").fill("Most of the class got it first time.")
    report_back.get_by_label("What I will keep or change").fill("Keep it; ask it earlier.")
    report_back.get_by_role("button", name="Close my plan with this report").click()
    expect(teacher.get_by_role("status")).to_contain_text("Thanks for reporting back")
    expect(teacher.locator("#report-back")).to_contain_text("Most of the class got it first time.")

    planning = teacher.locator("#action-planning")
    planning.get_by_label(re.compile("The technique I will try")).fill(
        "Exit tickets in three piles"
    )
    planning.get_by_label(re.compile("With which class")).fill("9X2")
    planning.get_by_label(re.compile("The evidence I will look at")).fill("The piles, counted")
    planning.get_by_role("button", name="Save my action plan").click()
    expect(teacher.locator("#action-planning")).to_contain_text("Exit tickets in three piles")
    # The new plan is for next month's "how's it going?", not this one's.
    expect(teacher.locator("#report-back")).not_to_contain_text("Exit tickets in three piles")
    teacher.screenshot(path=str(shots_dir / "meeting.png"), full_page=True)

    plans = ActionPlan.objects.filter(author=member, community=private_community)
    assert plans.closed().get().what_happened == "Most of the class got it first time."
    assert plans.open().get().technique == "Exit tickets in three piles"
