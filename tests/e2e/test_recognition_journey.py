"""A teacher who gives useful feedback to many colleagues sees themselves
become a contributor, with the reasons, and then publishes without review."""

from __future__ import annotations

import re

import pytest

from blog import factories as blog_factories
from blog import services as blog_services
from blog.models import AppreciationKind, ReflectionPage
from communities import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_useful_feedback_earns_trust_the_teacher_can_see_and_use(
    new_page, sign_in, open_community, member, make_teacher
):
    from playwright.sync_api import expect

    type(open_community).objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    open_community.refresh_from_db()
    index = blog_factories.reflection_index(open_community)
    teacher = sign_in(new_page(), member)

    # A newcomer first: the editor sends their page to the facilitators.
    teacher.goto(open_community.url)
    teacher.get_by_role("link", name="Write a reflection").click()
    expect(
        teacher.get_by_role("button", name="Submit for review by the facilitators")
    ).to_be_visible()

    # Their work and feedback, and colleagues' appreciation (the recompute
    # runs after each of these commits).
    mine = blog_factories.reflection(index=index, author=member, title="Triads for group talk")
    for n in range(4):
        colleague = make_teacher(f"Colleague {n}")
        factories.membership(user=colleague, community=open_community)
        theirs = blog_factories.reflection(index=index, author=colleague, title=f"Lesson {n}")
        blog_factories.reply(
            page=theirs, author=member, body="Could you try wait time?", kind="warm"
        )
        blog_services.appreciation_toggle(user=colleague, kind=AppreciationKind.HELPFUL, page=mine)

    teacher.goto(f"/people/{member.profile.handle}/")
    recognition = teacher.locator("section", has=teacher.get_by_role("heading", name="Recognition"))
    expect(recognition).to_contain_text("Formative Assessment: Contributor")
    recognition.get_by_text("Why am I here?").click()
    expect(recognition).to_contain_text("gave 4 substantive replies")
    expect(recognition).to_contain_text("appreciated by 4 colleagues")
    teacher.goto("/notifications/")
    expect(teacher.get_by_role("main")).to_contain_text(
        "You can now publish in Formative Assessment without review"
    )

    teacher.goto(open_community.url)
    teacher.get_by_role("link", name="Write a reflection").click()
    teacher.get_by_label(re.compile(r"^Title")).fill("Published without waiting")
    teacher.get_by_label(re.compile(r"^Summary")).fill("Trusted now.")
    teacher.get_by_role("button", name="Publish", exact=True).click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Published without waiting")
    assert ReflectionPage.objects.get(title="Published without waiting").live
