"""Journeys through the real site in headless chromium, as teachers take them:
sign up and verify, join an open community, ask to join a by-request one and
be let in by its facilitator, and find a members-only community closed."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress

from communities.models import Membership, MembershipState

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what
    # the migrations created (the home page, the Wagtail site) after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/accounts/confirm-email/[^\s]+)")


def label(text: str) -> re.Pattern:
    """A form label exactly, allowing the colon Django's default forms add and
    the asterisk the site's forms put after a required field."""
    return re.compile(rf"^\s*{re.escape(text)}:?(\s*\*)?\s*$")


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_newcomer_signs_up_verifies_and_joins_an_open_community(
    new_page, open_community, school, mailoutbox, shots_dir
):
    from playwright.sync_api import expect

    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Join Staffroom").click()

    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.get_by_label(label("Email")).fill("nia.newcomer@northfield.sch.uk")
    # The school whose e-mail domain matches is preselected as the address is typed.
    expect(page.get_by_label(label("School"))).to_have_value(str(school.pk))
    page.get_by_label(label("Your name")).fill("Nia Newcomer")
    page.get_by_label(label("Password")).fill("a-long-classroom-passphrase")
    page.get_by_label(label("Password (again)")).fill("a-long-classroom-passphrase")
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()

    # Not signed in yet: the address must be verified first.
    expect(page.get_by_role("heading", name=re.compile("verify", re.I))).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    messages = [m for m in mailoutbox if "nia.newcomer@northfield.sch.uk" in m.to]
    assert len(messages) == 1
    link = CONFIRM_LINK.search(messages[0].body)
    assert link, messages[0].body
    address = EmailAddress.objects.get(email="nia.newcomer@northfield.sch.uk")
    assert not address.verified
    page.goto(link.group(1))
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()

    # Confirming signs the newcomer in, under the name they gave.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="Nia Newcomer")).to_be_visible()
    address.refresh_from_db()
    assert address.verified
    assert address.user.profile.school == school

    page.get_by_role("navigation").get_by_role("link", name="Communities").click()
    expect(page).to_have_url(re.compile(r"/communities/$"))
    page.get_by_role("link", name="Formative Assessment").first.click()
    expect(page.get_by_role("heading", level=1, name="Formative Assessment")).to_be_visible()
    page.get_by_role("button", name="Join this community").click()

    expect(page.get_by_role("status")).to_contain_text("Welcome to Formative Assessment.")
    expect(page.get_by_text("You're a member.")).to_be_visible()
    members = page.get_by_role("complementary")
    expect(members.get_by_role("link", name="Nia Newcomer")).to_be_visible()
    expect(members.get_by_role("link", name="Mo Member")).to_be_visible()
    membership = Membership.objects.get(
        user__email="nia.newcomer@northfield.sch.uk", community=open_community
    )
    assert membership.state == MembershipState.ACTIVE

    # The community page as a member sees it, on a phone and on a desktop.
    for name, width in (("phone", 390), ("desktop", 1280)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots_dir / f"community-{name}.png"), full_page=True)
        assert no_sideways_scroll(page), f"the community page scrolls sideways at {width}px"


def test_facilitator_approves_a_request_to_join(
    new_page, sign_in, request_community, facilitator, make_teacher, shots_dir
):
    from playwright.sync_api import expect

    tess = make_teacher("Tess Teacher", email="tess@northfield.sch.uk")
    teacher = sign_in(new_page(), tess)
    teacher.goto(request_community.url)
    expect(teacher.get_by_text("Join by request")).to_be_visible()
    teacher.get_by_label("A note for the facilitators").fill("I teach Year 4 and run a book club.")
    teacher.get_by_role("button", name="Ask to join").click()
    expect(teacher.get_by_role("status")).to_contain_text("is with its facilitators")
    expect(teacher.get_by_text("Your request to join is with the facilitators.")).to_be_visible()

    fac = sign_in(new_page(), facilitator)
    fac.goto(request_community.url)
    expect(fac.get_by_text("You facilitate this community.")).to_be_visible()
    fac.get_by_role("link", name=re.compile(r"Manage members \(1 waiting\)")).click()
    waiting = fac.get_by_role("region", name=re.compile("Waiting to join"))
    expect(waiting).to_contain_text("Tess Teacher")
    expect(waiting).to_contain_text("I teach Year 4 and run a book club.")
    waiting.get_by_role("button", name="Approve Tess Teacher").click()

    expect(fac.get_by_role("status")).to_contain_text("Tess Teacher is now a member.")
    expect(fac.get_by_role("region", name=re.compile("Waiting to join"))).to_contain_text(
        "No one is waiting."
    )
    expect(fac.get_by_role("region", name=re.compile(r"^Members"))).to_contain_text("Tess Teacher")
    fac.set_viewport_size({"width": 390, "height": 900})
    fac.screenshot(path=str(shots_dir / "members-phone.png"), full_page=True)
    assert no_sideways_scroll(fac), "the members page scrolls sideways on a phone"

    teacher.reload()
    expect(teacher.get_by_text("You're a member.")).to_be_visible()
    expect(
        teacher.get_by_role("complementary").get_by_role("link", name="Tess Teacher")
    ).to_be_visible()
    assert Membership.objects.get(user=tess, community=request_community).is_active


def test_outsider_sees_only_the_public_face_of_a_members_only_community(
    new_page, sign_in, private_community, outsider, shots_dir
):
    from playwright.sync_api import expect

    from staffroom.models import StandardPage

    inside = StandardPage(title="Meeting notes", slug="meeting-notes", intro="Who said what.")
    private_community.add_child(instance=inside)
    inside.save_revision().publish()

    page = sign_in(new_page(), outsider)
    page.goto("/communities/")
    page.get_by_role("link", name="Early Career Circle").first.click()

    expect(page.get_by_role("heading", level=1, name="Early Career Circle")).to_be_visible()
    expect(page.get_by_text("A safe place for new teachers.")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join")).to_be_visible()
    expect(page.get_by_role("heading", name="For members only")).to_be_visible()
    # Facilitators are named so an outsider knows whom they ask; nothing else is.
    expect(page.get_by_role("complementary")).to_contain_text("Fran Facilitator")
    expect(page.get_by_role("heading", name="Members", exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", name="Recent activity")).to_have_count(0)
    expect(page.get_by_text("Mo Member")).to_have_count(0)
    # Every page inside (the sections a community makes for itself, and the
    # page added here) is neither linked nor served.
    inside_pages = list(private_community.get_children().live().specific())
    assert inside in inside_pages
    for child in inside_pages:
        expect(page.get_by_role("link", name=child.title)).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(shots_dir / "members-only-outsider-phone.png"), full_page=True)

    for url in [
        *(child.url for child in inside_pages),
        f"/community/{private_community.pk}/members/",
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
        expect(page.get_by_text("Who said what.")).to_have_count(0)
