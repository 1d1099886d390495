"""An inquiry's journey in headless chromium: a teacher moves their inquiry
on a stage (saying what they learned) and shares it with school leadership;
their head teacher finds it in the review area and leaves feedback; the
teacher reads it on the inquiry's page."""

from __future__ import annotations

import re

import pytest

from inquiries import factories as inquiry_factories
from inquiries.models import InquiryProgress, ReviewFeedback, Stage

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what
    # the migrations created (the home page, the Wagtail site) after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_teacher_shares_an_inquiry_and_the_head_teacher_gives_feedback(
    new_page, sign_in, private_community, member, make_teacher, school, mailoutbox, shots_dir
):
    from playwright.sync_api import expect

    head = make_teacher("Hana Head", email="head@northfield.sch.uk")
    school.head_teachers.add(head)
    inquiry = inquiry_factories.inquiry(
        index=inquiry_factories.inquiry_index(private_community),
        author=member,
        title="Cold calling with new Year 7s",
        question="Does no-hands-up questioning draw in the quiet half of the class?",
        subject="English",
    )

    # The teacher moves the inquiry on, saying what they learned, and shares it.
    teacher = sign_in(new_page(), member)
    teacher.goto(inquiry.url)
    stepper = teacher.get_by_role("list", name="Stages of the inquiry")
    expect(stepper.get_by_role("listitem")).to_have_count(6)
    expect(stepper.locator("[aria-current=step]")).to_contain_text("Scanning")
    teacher.get_by_role("button", name="Move on to the next stage").click()
    # The note is required: the browser keeps the form until it is written.
    expect(teacher.get_by_label(re.compile("What did you learn at"))).to_be_focused()
    teacher.get_by_label(re.compile("What did you learn at")).fill(
        "Half the class never answers unless asked by name."
    )
    teacher.get_by_role("button", name="Move on to the next stage").click()
    expect(teacher.get_by_role("status")).to_contain_text("Moved on to the next stage")
    expect(stepper.locator("[aria-current=step]")).to_contain_text("Focusing")
    log = teacher.get_by_role("region", name="Log")
    expect(log).to_contain_text("moved from Scanning to Focusing")
    expect(log).to_contain_text("Half the class never answers unless asked by name.")

    expect(teacher.get_by_text("Your head teachers can't see it.")).to_be_visible()
    teacher.get_by_role("button", name="Share with my school's leadership").click()
    expect(teacher.get_by_role("status")).to_contain_text("Shared with your school's leadership.")
    expect(teacher.get_by_role("button", name="Stop sharing")).to_be_visible()
    progress = InquiryProgress.objects.get(inquiry=inquiry)
    assert (progress.stage, progress.shared_with_leadership) == (Stage.FOCUSING, True)

    # The head teacher finds it in the review area and leaves feedback.
    reviewer = sign_in(new_page(), head)
    reviewer.get_by_role("navigation").get_by_role("link", name="Review").click()
    expect(reviewer).to_have_url(re.compile(r"/review/$"))
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Your staff's inquiries")
    item = reviewer.locator("li.post-list__item", has_text=inquiry.title)
    expect(item).to_contain_text("Focusing")
    expect(item).to_contain_text("Shared with you")
    item.get_by_role("link", name=inquiry.title).click()
    expect(reviewer).to_have_url(re.compile(rf"/review/inquiries/{inquiry.pk}/$"))
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(inquiry.title)
    expect(
        reviewer.get_by_text("Half the class never answers unless asked by name.")
    ).to_be_visible()
    reviewer.get_by_label(re.compile(r"^\s*Feedback to the inquirers")).fill(
        "Could you show this at the next staff meeting?"
    )
    reviewer.get_by_role("button", name="Send feedback").click()
    expect(reviewer.get_by_role("status")).to_contain_text(
        "Your feedback is sent to the inquirers."
    )
    feedback = reviewer.get_by_role("region", name="Review feedback")
    expect(feedback).to_contain_text("Could you show this at the next staff meeting?")
    reviewer.screenshot(path=str(shots_dir / "review-inquiry.png"), full_page=True)
    assert ReviewFeedback.objects.filter(inquiry=inquiry, author=head).count() == 1
    assert [m.to for m in mailoutbox if "Feedback from" in m.subject] == [[member.email]]

    # The teacher reads it on the inquiry's page.
    teacher.reload()
    section = teacher.get_by_role("region", name="Feedback from school leadership")
    expect(section).to_contain_text("Could you show this at the next staff meeting?")
    expect(section).to_contain_text("Hana Head")
