"""The conversation in a real browser: a member opens a reflection, replies,
answers a colleague's reply, and sees the thread nest."""

from __future__ import annotations

import re

import pytest

from blog import factories as blog_factories
from blog.models import Reply

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_member_replies_and_answers_a_reply(
    new_page, sign_in, open_community, facilitator, member, settings
):
    from playwright.sync_api import expect

    settings.STAFFROOM_NEWCOMER_REPLIES_HELD = 0
    reflection = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Cold calling without the fear",
        summary="What changed when I gave thinking time before every cold call.",
    )
    colleague_reply = blog_factories.reply(
        page=reflection, author=facilitator, body="Has anyone tried this with Year 7?"
    )

    page = sign_in(new_page(), member)
    page.goto(reflection.url)
    expect(
        page.get_by_role("heading", level=1, name="Cold calling without the fear")
    ).to_be_visible()

    # A reply to the page.
    form = page.locator("#reply-form")
    form.get_by_label("Your reply").fill("I tried a **ten-second** pause today. Hands stayed down.")
    form.get_by_label("Kind of reply").select_option("warm")
    form.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    mine = Reply.objects.get(author=member, parent=None)
    posted = page.locator(f"#reply-{mine.pk}")
    expect(posted.locator("strong")).to_have_text("ten-second")
    expect(posted.locator(".reply__meta .badge--warm")).to_have_text("Warm feedback")

    # An answer to a colleague's reply: "Answer" under it brings the reply form there.
    thread_item = page.locator(f"#reply-{colleague_reply.pk}")
    thread_item.get_by_role("link", name="Answer").first.click()
    thread_item.get_by_label("Your answer").first.fill("Yes — with Year 7 it worked best in pairs.")
    thread_item.get_by_role("button", name="Post answer").first.click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()

    answer = Reply.objects.get(author=member, parent=colleague_reply)
    nested = page.locator(f"#reply-{colleague_reply.pk} > ol.replies--nested > #reply-{answer.pk}")
    expect(nested).to_contain_text("with Year 7 it worked best in pairs")
    expect(page.get_by_role("heading", name=re.compile(r"Replies\s*\(3\)"))).to_be_visible()

    # The page's author sees both and can say the answer changed their practice.
    author_page = sign_in(new_page(), facilitator)
    author_page.goto(reflection.url)
    author_view = author_page.locator(f"#reply-{answer.pk}")
    author_view.get_by_role("button", name="This changed my practice").first.click()
    expect(author_page.locator(f"#reply-{answer.pk} .reply__changed")).to_contain_text(
        "This changed Fran Facilitator's practice"
    )
