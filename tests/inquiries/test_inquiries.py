"""Inquiry pages, the stage flow and its log, co-inquirers' rights, and the
inquiry index — through real requests, signed in as each person."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from communities import factories
from communities.models import ActivityEvent, Verb
from inquiries.models import GUIDING_QUESTIONS, InquiryPage, InquiryProgress, InquiryUpdate, Stage

from .conftest import make_document, make_image, messages_of, publish, work_samples

pytestmark = pytest.mark.django_db


def advance(client, inquiry, note="We learned something."):
    return client.post(reverse("inquiry_advance", args=[inquiry.pk]), {"note": note}, follow=True)


def revert(client, inquiry, note=""):
    return client.post(reverse("inquiry_revert", args=[inquiry.pk]), {"note": note}, follow=True)


def complete(client, inquiry):
    return client.post(reverse("inquiry_complete", args=[inquiry.pk]), follow=True)


def stage_of(inquiry) -> int:
    return InquiryProgress.objects.get(inquiry=inquiry).stage


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# --------------------------------------------------------------------------- #
# The page: every stage, its guiding question, where the inquiry stands
# --------------------------------------------------------------------------- #


def test_page_shows_all_six_stages_with_their_questions_and_where_it_stands(public_inquiry, as_):
    soup = soup_of(as_(None).get(public_inquiry.url))
    stepper = soup.find("ol", class_="stepper")
    steps = stepper.find_all("li", recursive=False)
    assert [s.find(class_="stepper__label").contents[0].strip() for s in steps] == Stage.labels
    assert [s.find(class_="stepper__question").get_text(strip=True) for s in steps] == [
        GUIDING_QUESTIONS[Stage(v)] for v in Stage.values
    ]
    current = stepper.find_all("li", attrs={"aria-current": "step"})
    assert len(current) == 1 and "Scanning" in current[0].get_text()
    assert "stepper__step--current" in current[0]["class"]
    assert all("stepper__step--todo" in s["class"] for s in steps[1:])
    assert "Where it stands: Scanning" in soup.get_text()
    # The public page of a public community: no inquirer controls for the world.
    assert soup.find(id="progress") is None


def test_advancing_needs_a_note(public_inquiry, member, as_):
    """The error is shown at the note, where the person is looking, with the
    cursor moved there (not as a message at the top of the page)."""
    client = as_(member)
    response = advance(client, public_inquiry, note="   ")
    assert response.status_code == 400
    shown = BeautifulSoup(response.content, "html.parser")
    note = shown.find("textarea", id="advance-note")
    assert note.has_attr("autofocus") and note["aria-describedby"] == "advance-note-error"
    error = shown.find(id="advance-note-error")
    assert "Write a short note of what you learned" in error.get_text()
    assert not messages_of(response)
    assert stage_of(public_inquiry) == Stage.SCANNING
    assert not InquiryUpdate.objects.filter(
        inquiry=public_inquiry, kind=InquiryUpdate.Kind.ADVANCED
    ).exists()
    assert not ActivityEvent.objects.filter(verb=Verb.INQUIRY_ADVANCED).exists()

    # No note at all is the same.
    response = client.post(reverse("inquiry_advance", args=[public_inquiry.pk]), follow=True)
    shown = BeautifulSoup(response.content, "html.parser")
    assert "Write a short note" in shown.find(id="advance-note-error").get_text()
    assert stage_of(public_inquiry) == Stage.SCANNING


def test_advancing_moves_one_stage_logs_it_and_shows_it_on_the_timeline(
    public_inquiry, member, co_inquirer, as_
):
    client = as_(member)
    response = advance(client, public_inquiry, note="Two misconceptions keep coming back.")
    assert response.redirect_chain[-1][0].endswith(public_inquiry.url + "#progress")
    assert any("Moved on to the next stage" in m for m in messages_of(response))
    assert stage_of(public_inquiry) == Stage.FOCUSING

    update = InquiryUpdate.objects.get(inquiry=public_inquiry, kind=InquiryUpdate.Kind.ADVANCED)
    assert (update.author, update.from_stage, update.to_stage) == (
        member,
        Stage.SCANNING,
        Stage.FOCUSING,
    )
    assert update.note == "Two misconceptions keep coming back."

    # The ledger counts the advance for each inquirer.
    rows = ActivityEvent.objects.filter(verb=Verb.INQUIRY_ADVANCED, page=public_inquiry)
    assert sorted(r.actor_id for r in rows) == sorted([member.pk, co_inquirer.pk])
    assert {r.data["stage"] for r in rows} == {Stage.FOCUSING}

    # The page shows the new stage and the log, to anyone who can read it.
    soup = soup_of(as_(None).get(public_inquiry.url))
    current = soup.find("li", attrs={"aria-current": "step"})
    assert "Focusing" in current.get_text()
    done = soup.find_all("li", class_="stepper__step--done")
    assert len(done) == 1 and "Scanning" in done[0].get_text()
    timeline = soup.find("ol", class_="timeline")
    items = timeline.find_all("li")
    text = items[0].get_text(" ", strip=True)
    assert "Mo Member" in text
    assert "moved from Scanning to Focusing" in text
    assert "Two misconceptions keep coming back." in text
    assert "started" in items[-1].get_text()  # the first publication opens the log


def test_going_back_a_stage_is_logged(public_inquiry, member, co_inquirer, as_):
    client = as_(member)
    advance(client, public_inquiry, note="Scanned.")
    advance(client, public_inquiry, note="Focused.")
    assert stage_of(public_inquiry) == Stage.HUNCH

    response = revert(client, public_inquiry, note="Our focus was too wide.")
    assert any("Went back a stage" in m for m in messages_of(response))
    assert stage_of(public_inquiry) == Stage.FOCUSING
    update = InquiryUpdate.objects.filter(inquiry=public_inquiry).first()  # newest first
    assert (update.kind, update.from_stage, update.to_stage, update.note) == (
        InquiryUpdate.Kind.REVERTED,
        Stage.HUNCH,
        Stage.FOCUSING,
        "Our focus was too wide.",
    )
    assert (
        ActivityEvent.objects.filter(verb=Verb.INQUIRY_REVERTED, page=public_inquiry).count() == 2
    )

    text = (
        soup_of(as_(None).get(public_inquiry.url))
        .find("ol", class_="timeline")
        .get_text(" ", strip=True)
    )
    assert "went back from Developing a hunch to Focusing" in text
    assert "Our focus was too wide." in text


def test_cannot_go_before_scanning_or_past_checking(public_inquiry, member, as_):
    client = as_(member)
    response = revert(client, public_inquiry)
    assert any("first stage already" in m for m in messages_of(response))
    assert stage_of(public_inquiry) == Stage.SCANNING
    assert not InquiryUpdate.objects.filter(kind=InquiryUpdate.Kind.REVERTED).exists()

    for n in range(5):
        advance(client, public_inquiry, note=f"Stage {n} done.")
    assert stage_of(public_inquiry) == Stage.CHECKING
    moves = InquiryUpdate.objects.filter(inquiry=public_inquiry, kind=InquiryUpdate.Kind.ADVANCED)
    assert moves.count() == 5

    response = advance(client, public_inquiry, note="One more?")
    assert any("already at its last stage" in m for m in messages_of(response))
    assert stage_of(public_inquiry) == Stage.CHECKING
    assert moves.count() == 5
    # At Checking the page offers no "move on" form.
    soup = soup_of(client.get(public_inquiry.url))
    assert soup.find("form", action=reverse("inquiry_advance", args=[public_inquiry.pk])) is None
    assert soup.find("form", action=reverse("inquiry_revert", args=[public_inquiry.pk]))


def test_completion_only_at_checking_with_impact_and_evidence(
    public_inquiry, member, co_inquirer, open_community, as_
):
    client = as_(member)
    response = complete(client, public_inquiry)
    assert any("completed at the Checking stage" in m for m in messages_of(response))
    for n in range(5):
        advance(client, public_inquiry, note=f"Stage {n} done.")

    # At Checking, but without impact or evidence: refused.
    response = complete(client, public_inquiry)
    assert any("Before completing" in m for m in messages_of(response))
    public_inquiry.impact = "Re-teaching fell by half."
    public_inquiry = publish(public_inquiry, member)
    response = complete(client, public_inquiry)
    assert any("Before completing" in m for m in messages_of(response))
    assert InquiryProgress.objects.get(inquiry=public_inquiry).completed_at is None
    assert not ActivityEvent.objects.filter(verb=Verb.INQUIRY_COMPLETED).exists()

    public_inquiry.evidence = work_samples(document=make_document(open_community))
    public_inquiry = publish(public_inquiry, member)
    response = complete(client, public_inquiry)
    assert any("Inquiry completed" in m for m in messages_of(response))
    assert InquiryProgress.objects.get(inquiry=public_inquiry).completed_at is not None
    rows = ActivityEvent.objects.filter(verb=Verb.INQUIRY_COMPLETED, page=public_inquiry)
    assert sorted(r.actor_id for r in rows) == sorted([member.pk, co_inquirer.pk])
    assert (
        "Where it stands: Checking — completed"
        in soup_of(client.get(public_inquiry.url)).get_text()
    )

    # Only once.
    response = complete(client, public_inquiry)
    assert any("already completed" in m for m in messages_of(response))
    assert rows.count() == 2


def test_publishing_records_each_inquirer_once(open_community, member, co_inquirer, make_inquiry):
    inquiry = make_inquiry(
        open_community, member, title="Retrieval starters", co_inquirers=[co_inquirer]
    )
    rows = ActivityEvent.objects.filter(verb=Verb.PUBLISHED_INQUIRY, page=inquiry)
    assert sorted(r.actor_id for r in rows) == sorted([member.pk, co_inquirer.pk])
    assert {r.community_id for r in rows} == {open_community.pk}
    assert (
        InquiryUpdate.objects.filter(inquiry=inquiry, kind=InquiryUpdate.Kind.STARTED).count() == 1
    )

    # Editing and publishing again counts nothing more.
    inquiry.learners = "Year 10 too."
    inquiry = publish(inquiry, co_inquirer)
    publish(inquiry, member)
    assert rows.count() == 2
    assert (
        InquiryUpdate.objects.filter(inquiry=inquiry, kind=InquiryUpdate.Kind.STARTED).count() == 1
    )


def test_a_draft_is_not_live_and_records_nothing(open_community, member, make_inquiry, as_):
    inquiry = make_inquiry(open_community, member, title="Still a draft", publish=False)
    assert not InquiryPage.objects.get(pk=inquiry.pk).live
    assert as_(None).get(f"{open_community.url}inquiries/still-a-draft/").status_code == 404
    assert not ActivityEvent.objects.filter(page=inquiry).exists()
    response = advance(as_(member), inquiry)
    assert response.status_code == 404


# --------------------------------------------------------------------------- #
# Co-inquirers may edit and act; other members may not
# --------------------------------------------------------------------------- #


def edit_url(inquiry) -> str:
    return reverse("wagtailadmin_pages:edit", args=[inquiry.pk])


def edit_form_data(inquiry, **changes) -> dict:
    """What the Wagtail editor posts for this inquiry (a draft save)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": inquiry.title,
        "slug": inquiry.slug,
        "question": inquiry.question,
        "learners": inquiry.learners,
        "what_will_be_tried": inquiry.what_will_be_tried,
        "evidence_plan": inquiry.evidence_plan,
        "evidence": streamfield([]),
        "impact": inquiry.impact,
        "start_date": inquiry.start_date.isoformat(),
        "end_date": "",
        "subject": inquiry.subject,
        "phase": inquiry.phase,
        "tags": ", ".join(t.name for t in inquiry.tags.all()),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(changes)
    form = nested_form_data(data)
    form["co_inquirers"] = [str(u.pk) for u in inquiry.co_inquirers.all()]
    return form


def test_an_active_co_inquirer_may_edit_advance_and_share(public_inquiry, co_inquirer, member, as_):
    client = as_(co_inquirer)
    assert client.get(edit_url(public_inquiry)).status_code == 200

    # Saving a draft in the editor works, and is the co-inquirer's revision.
    response = client.post(
        edit_url(public_inquiry), edit_form_data(public_inquiry, learners="Year 10 as well.")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = InquiryPage.objects.get(pk=public_inquiry.pk).latest_revision
    assert revision.user == co_inquirer
    assert revision.as_object().learners == "Year 10 as well."

    advance(client, public_inquiry, note="Co-inquirer's note.")
    assert stage_of(public_inquiry) == Stage.FOCUSING
    assert InquiryUpdate.objects.get(kind=InquiryUpdate.Kind.ADVANCED).author == co_inquirer
    response = client.post(
        reverse("inquiry_sharing", args=[public_inquiry.pk]), {"shared": "on"}, follow=True
    )
    assert any("Shared with your school's leadership" in m for m in messages_of(response))
    assert InquiryProgress.objects.get(inquiry=public_inquiry).shared_with_leadership
    # The page offers them the inquirers' panel.
    assert soup_of(client.get(public_inquiry.url)).find(id="progress") is not None


@pytest.mark.parametrize("where", ["public", "private"])
def test_a_member_who_is_not_an_inquirer_can_neither_edit_nor_act(
    where, public_inquiry, private_inquiry, bystander, as_
):
    inquiry = public_inquiry if where == "public" else private_inquiry
    client = as_(bystander)
    response = client.get(edit_url(inquiry))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit_url(inquiry)
    before = inquiry.latest_revision_id
    response = client.post(edit_url(inquiry), edit_form_data(inquiry, learners="Hijacked."))
    assert response.status_code in (302, 403)
    assert InquiryPage.objects.get(pk=inquiry.pk).latest_revision_id == before

    for name, data in (
        ("inquiry_advance", {"note": "Not mine."}),
        ("inquiry_revert", {}),
        ("inquiry_complete", {}),
        ("inquiry_sharing", {"shared": "on"}),
    ):
        response = client.post(reverse(name, args=[inquiry.pk]), data)
        assert response.status_code in (403, 404), name
    progress = InquiryProgress.objects.get(inquiry=inquiry)
    assert (progress.stage, progress.shared_with_leadership) == (Stage.SCANNING, False)
    assert not InquiryUpdate.objects.exclude(kind=InquiryUpdate.Kind.STARTED).exists()
    # They can read it (they are a member), but get no inquirers' panel.
    assert soup_of(client.get(inquiry.url)).find(id="progress") is None


def test_a_co_inquirer_who_left_the_community_can_no_longer_act(
    private_inquiry, private_community, co_inquirer, as_
):
    from communities import services as community_services

    client = as_(co_inquirer)
    assert client.get(edit_url(private_inquiry)).status_code == 200
    community_services.membership_leave(user=co_inquirer, community=private_community)

    response = client.get(edit_url(private_inquiry))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("inquiry_advance", args=[private_inquiry.pk]), {"note": "Still here?"}
    )
    assert response.status_code in (403, 404)
    response = client.post(reverse("inquiry_sharing", args=[private_inquiry.pk]), {"shared": "on"})
    assert response.status_code in (403, 404)
    progress = InquiryProgress.objects.get(inquiry=private_inquiry)
    assert (progress.stage, progress.shared_with_leadership) == (Stage.SCANNING, False)


def test_a_co_inquirer_who_left_a_public_community_can_no_longer_act(
    public_inquiry, open_community, co_inquirer, as_
):
    from communities import services as community_services

    community_services.membership_leave(user=co_inquirer, community=open_community)
    client = as_(co_inquirer)
    assert client.get(edit_url(public_inquiry)).status_code in (302, 403)
    response = client.post(
        reverse("inquiry_advance", args=[public_inquiry.pk]), {"note": "Still here?"}
    )
    assert response.status_code == 403
    assert stage_of(public_inquiry) == Stage.SCANNING
    # They can still read the public page, without the inquirers' panel.
    assert soup_of(client.get(public_inquiry.url)).find(id="progress") is None


def test_the_editor_offers_only_the_communitys_members_as_co_inquirers(
    public_inquiry, member, co_inquirer, outsider, facilitator, as_
):
    """Choosing co-inquirers must not list (or accept) everyone on the site."""
    html = as_(member).get(edit_url(public_inquiry)).content.decode()
    assert outsider.email not in html and "Olly Outsider" not in html
    assert "Cleo Coinquirer" in html
    # Nobody is shown by e-mail address.
    assert co_inquirer.email not in html and facilitator.email not in html

    data = edit_form_data(public_inquiry)
    data["co_inquirers"] = [str(co_inquirer.pk), str(outsider.pk)]
    response = as_(member).post(edit_url(public_inquiry), data)
    assert response.status_code == 200  # the form comes back with an error
    assert (
        outsider
        not in InquiryPage.objects.get(pk=public_inquiry.pk)
        .latest_revision.as_object()
        .co_inquirers.all()
    )


def test_the_add_view_offers_the_communitys_other_members(
    open_community, member, co_inquirer, outsider, as_
):
    from inquiries.factories import inquiry_index

    index = inquiry_index(open_community)
    url = reverse("wagtailadmin_pages:add", args=["inquiries", "inquirypage", index.pk])
    response = as_(member).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cleo Coinquirer" in html and "Fran Facilitator" in html
    assert "Olly Outsider" not in html and outsider.email not in html


# --------------------------------------------------------------------------- #
# The inquiry index
# --------------------------------------------------------------------------- #


def index_items(client, url: str) -> dict[str, str]:
    soup = soup_of(client.get(url))
    return {
        item.find("h2").get_text(strip=True): item.get_text(" ", strip=True)
        for item in soup.select("li.post-list__item")
    }


def test_index_lists_inquiries_with_stage_inquirers_last_update_and_evidence(
    public_inquiry, make_inquiry, open_community, member, co_inquirer, facilitator, as_
):
    public_inquiry.evidence = [
        *work_samples(image=make_image(open_community), document=make_document(open_community)),
        ("learner_quote", {"quote": "I like checking.", "who": "Year 9 student"}),
    ]
    publish(public_inquiry, member)
    other = make_inquiry(open_community, facilitator, title="Reading aloud", tags=["reading"])
    advance(as_(facilitator), other, note="Scanned.")
    update = InquiryUpdate.objects.get(inquiry=other, kind=InquiryUpdate.Kind.ADVANCED)

    index_url = public_inquiry.get_parent().url
    items = index_items(as_(None), index_url)
    assert list(items) == ["Reading aloud", "Hinge questions in Year 9"]  # latest update first
    mine = items["Hinge questions in Year 9"]
    assert "Scanning" in mine and "Mo Member, Cleo Coinquirer" in mine
    assert "3 pieces of evidence" in mine
    theirs = items["Reading aloud"]
    assert "Focusing" in theirs and "Fran Facilitator" in theirs
    assert "0 pieces of evidence" in theirs
    assert f"Updated {timezone.localtime(update.created_at):%-d %b %Y}" in theirs


def test_index_filters_by_stage_and_tag(
    public_inquiry, make_inquiry, open_community, member, facilitator, as_
):
    reading = make_inquiry(open_community, facilitator, title="Reading aloud", tags=["reading"])
    make_inquiry(open_community, facilitator, title="Reading journals", tags=["reading", "writing"])
    advance(as_(facilitator), reading, note="Scanned.")
    url = public_inquiry.get_parent().url
    client = as_(None)
    assert set(index_items(client, f"{url}?stage={Stage.FOCUSING}")) == {"Reading aloud"}
    assert set(index_items(client, f"{url}?stage={Stage.SCANNING}")) == {
        "Hinge questions in Year 9",
        "Reading journals",
    }
    assert set(index_items(client, f"{url}?tag=reading")) == {"Reading aloud", "Reading journals"}
    assert set(index_items(client, f"{url}?tag=questioning")) == {"Hinge questions in Year 9"}
    assert set(index_items(client, f"{url}?tag=reading&stage={Stage.SCANNING}")) == {
        "Reading journals",
    }
    assert index_items(client, f"{url}?stage={Stage.CHECKING}") == {}
    assert len(index_items(client, f"{url}?stage=nonsense")) == 3

    soup = soup_of(client.get(url))
    tags = [a.get_text() for a in soup.select("nav.tag-filter a")]
    assert tags == ["All", "reading", "questioning", "writing"]  # most used first


def test_index_of_a_members_only_community_is_for_members(
    private_inquiry, private_community, member, outsider, head, as_
):
    url = private_inquiry.get_parent().url
    assert "Cold calling with new Year 7s" in index_items(as_(member), url)
    for person in (outsider, head, None):
        assert as_(person).get(url).status_code == 404


# --------------------------------------------------------------------------- #
# The tree, and the conversation on an inquiry
# --------------------------------------------------------------------------- #


def test_inquiries_live_in_their_communitys_section(open_community, community_index):
    from communities.models import CommunityPage
    from inquiries.models import InquiryIndexPage

    assert InquiryIndexPage.allowed_parent_page_models() == [CommunityPage]
    assert InquiryIndexPage.allowed_subpage_models() == [InquiryPage]
    assert InquiryPage.allowed_parent_page_models() == [InquiryIndexPage]
    assert InquiryPage.allowed_subpage_models() == []
    assert InquiryIndexPage in CommunityPage.allowed_subpage_models()

    # A community gets its Inquiries section when it is first published.
    community = factories.community(
        facilitator=factories.teacher(display_name="New Facilitator"),
        title="Oracy Group",
        slug="oracy-group",
        index=community_index,
    )
    section = InquiryIndexPage.objects.child_of(community).get()
    assert section.live and section.url == "/communities/oracy-group/inquiries/"


def test_members_reply_to_an_inquiry(public_inquiry, open_community, bystander, as_):
    from communities.models import CommunityPage

    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    client = as_(bystander)
    response = client.post(
        reverse("reply_create", args=[public_inquiry.pk]),
        {
            "body": "I tried this with Year 8.",
            "kind": "comment",
            "submission_key": "9b2e6a7c-1f0d-4f53-9a6e-2b1d3c4e5f60",
        },
    )
    assert response.status_code == 302
    soup = soup_of(as_(None).get(public_inquiry.url))
    assert "I tried this with Year 8." in soup.find("section", id="replies").get_text()
    assert ActivityEvent.objects.filter(verb=Verb.REPLIED, page=public_inquiry).count() == 1
