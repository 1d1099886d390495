"""A teacher's everyday loop in a real browser: write a reflection and start
an inquiry from the community's page, send both for review without meeting
the editor's back office, be told when a facilitator publishes them, and
find one's own reply through search — and the facilitator told of every
page waiting, request to join, held reply and concern."""

from __future__ import annotations

import re

import pytest

from blog import factories as blog_factories
from communities import factories
from communities.models import JoinPolicy, Visibility

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_teacher_writes_submits_is_told_and_finds_their_reply(
    new_page, sign_in, private_community, member, facilitator, mailoutbox, shots_dir
):
    from playwright.sync_api import expect

    teacher = sign_in(new_page(), member)
    teacher.goto(private_community.url)
    teacher.get_by_role("link", name="Write a reflection").click()
    expect(teacher.get_by_text("Seen by the members of Early Career Circle only.")).to_be_visible()
    teacher.get_by_label(re.compile(r"^Title")).fill("Seating plans that calmed Year 9")
    teacher.get_by_label(re.compile(r"^Summary")).fill(
        "Boy-girl didn't help; friendship triads did."
    )
    teacher.get_by_role("button", name="Submit for review by the facilitators").click()
    expect(teacher).to_have_url(re.compile(r"/my/work/$"))
    expect(teacher.get_by_role("status")).to_contain_text("Sent to the facilitators")
    expect(teacher.get_by_text("Waiting for the facilitators")).to_be_visible()

    teacher.goto(private_community.url)
    teacher.get_by_role("link", name="Start an inquiry").click()
    teacher.get_by_label(re.compile(r"^Title")).fill("Triads for group work")
    teacher.get_by_label(re.compile(r"^Inquiry question")).fill(
        "Do friendship triads get the quiet half of Year 9 talking?"
    )
    teacher.get_by_role("button", name="Submit for review by the facilitators").click()
    expect(teacher).to_have_url(re.compile(r"/my/work/$"))
    expect(teacher.locator(".post-list > li")).to_have_count(2)
    teacher.screenshot(path=str(shots_dir / "my-work.png"), full_page=True)

    # The facilitator is told, and reviews from the community's moderation page.
    reviewer = sign_in(new_page(), facilitator)
    reviewer.get_by_role("link", name=re.compile("Notifications")).click()
    expect(reviewer.get_by_text("sent a page for your review")).to_have_count(2)
    reviewer.goto(f"/community/{private_community.pk}/moderation/")
    reviewer.get_by_role("link", name="Seating plans that calmed Year 9").click()
    reviewer.get_by_role("button", name="Approve and Publish").first.click()
    expect(reviewer).to_have_url(re.compile(r"/moderation/$"))
    expect(reviewer.get_by_role("status")).to_contain_text(
        "Published “Seating plans that calmed Year 9”"
    )

    # The teacher hears of it, in the site and by e-mail.
    assert any("approved and published your page" in m.subject for m in mailoutbox)
    teacher.goto("/notifications/")
    expect(teacher.get_by_text("approved and published your page")).to_be_visible()
    teacher.get_by_role("link", name="Seating plans that calmed Year 9").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Seating plans that calmed Year 9")

    # A reply, then found through search.
    colleague_post = blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=facilitator,
        title="Lining up after break",
    )
    teacher.goto(colleague_post.url)
    teacher.locator("#reply-form").get_by_label("Your reply").fill(
        "We tried a silent countdown from ten; it took a week to stick."
    )
    teacher.get_by_role("button", name="Post reply").click()
    expect(teacher.get_by_text("Your reply is posted.")).to_be_visible()
    teacher.get_by_role("search").get_by_label("Search Staffroom").fill("countdown")
    teacher.get_by_role("search").get_by_role("button", name="Search").click()
    result = teacher.locator(".search-results li").first
    expect(result).to_contain_text("Reply by Mo Member")
    expect(result.locator("mark")).to_have_text(re.compile("countdown", re.I))


def test_a_facilitator_is_told_of_requests_held_replies_and_concerns(
    new_page, sign_in, community_index, facilitator, member, make_teacher
):
    from playwright.sync_api import expect

    community = factories.community(
        facilitator=facilitator,
        title="Reading for Pleasure",
        slug="reading-for-pleasure",
        join_policy=JoinPolicy.BY_REQUEST,
        visibility=Visibility.PUBLIC,
        index=community_index,
    )
    post = blog_factories.reflection(
        index=blog_factories.reflection_index(community), author=facilitator, title="Book talk"
    )
    newcomer = make_teacher("Nell Newcomer")
    factories.membership(user=newcomer, community=community)
    asker = make_teacher("Ash Asker")

    asking = sign_in(new_page(), asker)
    asking.goto(community.url)
    asking.get_by_label("A note for the facilitators (optional)").fill("I run our library club.")
    asking.get_by_role("button", name="Ask to join").click()
    expect(asking.get_by_role("status")).to_contain_text("is with its facilitators")

    writing = sign_in(new_page(), newcomer)
    writing.goto(post.url)
    writing.locator("#reply-form").get_by_label("Your reply").fill("My first thought here.")
    writing.get_by_role("button", name="Post reply").click()
    expect(writing.get_by_role("status")).to_contain_text("waiting for a facilitator")
    writing.locator("#appreciation").get_by_role("link", name="Report a concern").click()
    writing.get_by_label("What concerns you?").fill("It names a pupil.")
    writing.get_by_role("button", name=re.compile("Send|Report")).click()

    told = sign_in(new_page(), facilitator)
    expect(
        told.get_by_role("navigation").get_by_text(re.compile(r"Notifications\s*3"))
    ).to_be_visible()
    told.get_by_role("link", name=re.compile("Notifications")).click()
    main = told.get_by_role("main")
    expect(main).to_contain_text("Ash Asker asked to join")
    expect(main).to_contain_text("I run our library club.")
    expect(main).to_contain_text("Nell Newcomer wrote a first reply that waits for your review")
    expect(main).to_contain_text("Nell Newcomer raised a concern")
    main.get_by_role("link", name="Reading for Pleasure").first.click()
    expect(told).to_have_url(re.compile(rf"/community/{community.pk}/members/$"))
