"""Keeping the conversation safe: newcomers' first replies held for a
facilitator, "Report a concern", the facilitators' moderation queue (hide,
unhide, approve, resolve), and reports in the Wagtail admin."""

from __future__ import annotations

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog.models import Notification, Reply, ReplyState, Report
from communities.models import (
    CONVERSATION_KINDS,
    ActivityEvent,
    CommunityPage,
    NotificationKind,
    Verb,
)

from .conftest import child_items, reply_item, reply_pk, thread_soup

pytestmark = pytest.mark.django_db


def queue_url(community) -> str:
    return reverse("moderation", args=[community.pk])


def moderate(client, pk: int, action: str, **data):
    return client.post(reverse("reply_moderate", args=[pk, action]), data, follow=True)


def set_hold(community, value):
    CommunityPage.objects.filter(pk=community.pk).update(hold_newcomer_replies=value)


# --------------------------------------------------------------------------- #
# Newcomers' first replies
# --------------------------------------------------------------------------- #


def test_a_newcomers_first_replies_wait_for_a_facilitator_in_a_public_community(
    reflection, open_community, facilitator, member, colleague, visit, post_reply, settings
):
    assert settings.STAFFROOM_NEWCOMER_REPLIES_HELD == 2
    client = visit(member)
    response = post_reply(client, reflection, "My very first reply here.")
    pk = reply_pk(response)
    reply = Reply.objects.get(pk=pk)
    assert reply.state == ReplyState.AWAITING
    # Nothing counted or sent while it waits — but the facilitators are told
    # that it waits for them.
    assert not ActivityEvent.objects.filter(verb=Verb.REPLIED).exists()
    assert [(n.kind, n.recipient) for n in Notification.objects.all()] == [
        (NotificationKind.REPLY_HELD, facilitator)
    ]

    page = client.get(response["Location"].split("#")[0])
    assert "your reply is waiting for a facilitator" in page.content.decode()
    # Its author and the facilitators see it, marked as waiting…
    for viewer in (member, facilitator):
        item = reply_item(thread_soup(visit(viewer), reflection), pk)
        assert item is not None, viewer
        assert "My very first reply here." in item.get_text()
        assert "Waiting for a facilitator" in item.find(class_="reply__meta").get_text()
    approve_forms = reply_item(thread_soup(visit(facilitator), reflection), pk).find_all(
        "form", action=reverse("reply_moderate", args=[pk, "approve"])
    )
    assert len(approve_forms) == 1
    # …nobody else sees anything of it.
    for viewer in (colleague, None):
        response = visit(viewer).get(reflection.url)
        assert "My very first reply here." not in response.content.decode()
        soup = thread_soup(visit(viewer), reflection)
        assert reply_item(soup, pk) is None
        assert "No replies yet" in soup.get_text()
    # Nobody can answer it yet, even by a hand-made POST.
    response = post_reply(visit(colleague), reflection, "Answering the invisible", parent=pk)
    assert response.status_code in {400, 404}
    assert not Reply.objects.filter(body="Answering the invisible").exists()

    # The facilitator finds it in the moderation queue and approves it.
    queue = visit(facilitator).get(queue_url(open_community))
    assert queue.status_code == 200
    assert "My very first reply here." in queue.content.decode()
    response = visit(facilitator).post(reverse("reply_moderate", args=[pk, "approve"]), follow=True)
    assert "The reply is published." in response.content.decode()
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED
    event = ActivityEvent.objects.get(verb=Verb.REPLIED)
    assert (event.actor, event.recipient) == (member, facilitator)
    assert Notification.objects.filter(recipient=facilitator, reply_id=pk).exists()
    for viewer in (colleague, None):
        assert (
            "My very first reply here."
            in reply_item(thread_soup(visit(viewer), reflection), pk).get_text()
        )
    assert (
        "My very first reply here."
        not in visit(facilitator).get(queue_url(open_community)).content.decode()
    )


def test_after_the_held_replies_a_newcomer_posts_at_once(
    reflection, facilitator, member, visit, post_reply
):
    held = [reply_pk(post_reply(visit(member), reflection, f"Held reply {n}")) for n in (1, 2)]
    assert set(Reply.objects.filter(pk__in=held).values_list("state", flat=True)) == {"awaiting"}
    for pk in held:
        moderate(visit(facilitator), pk, "approve")
    pk = reply_pk(post_reply(visit(member), reflection, "Now trusted."))
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED


def test_facilitators_replies_are_never_held(reflection, facilitator, visit, post_reply):
    pk = reply_pk(post_reply(visit(facilitator), reflection, "From the facilitator."))
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED


def test_members_only_communities_do_not_hold_newcomers_by_default(
    private_reflection, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), private_reflection, "Straight in."))
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED


@pytest.mark.parametrize(
    ("page_fixture", "community_fixture", "hold", "expected"),
    [
        ("reflection", "open_community", False, ReplyState.PUBLISHED),
        ("private_reflection", "private_community", True, ReplyState.AWAITING),
    ],
)
def test_a_community_can_override_the_newcomer_hold(
    request, member, visit, post_reply, page_fixture, community_fixture, hold, expected
):
    page = request.getfixturevalue(page_fixture)
    set_hold(request.getfixturevalue(community_fixture), hold)
    pk = reply_pk(post_reply(visit(member), page, "Does the setting hold?"))
    assert Reply.objects.get(pk=pk).state == expected


def test_a_facilitator_can_hide_a_waiting_reply_instead(
    reflection, open_community, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "Buy my revision guides!"))
    moderate(visit(facilitator), pk, "hide", reason="Advertising isn't allowed here.")
    reply = Reply.objects.get(pk=pk)
    assert (reply.state, reply.moderation_reason) == (
        ReplyState.HIDDEN,
        "Advertising isn't allowed here.",
    )
    assert not ActivityEvent.objects.filter(verb=Verb.REPLIED).exists()
    item = reply_item(thread_soup(visit(member), reflection), pk)
    assert "Hidden: Advertising isn't allowed here." in item.get_text()


def test_a_held_reply_hidden_then_unhidden_counts_once_it_is_visible(
    reflection, facilitator, member, visit, post_reply
):
    """Unhiding a reply that was never published publishes it properly: the
    ledger and the page's author hear of it, exactly once."""
    pk = reply_pk(post_reply(visit(member), reflection, "Held, hidden, then let through."))
    moderate(visit(facilitator), pk, "hide", reason="Checking with the author first.")
    moderate(visit(facilitator), pk, "unhide")
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED
    replied = ActivityEvent.objects.filter(verb=Verb.REPLIED, target=f"blog.reply:{pk}")
    assert replied.count() == 1
    assert replied.get().recipient == facilitator
    replies_told = Notification.objects.filter(reply_id=pk, kind__in=CONVERSATION_KINDS)
    assert replies_told.filter(recipient=facilitator).count() == 1
    # A published reply hidden and brought back is not counted a second time.
    moderate(visit(facilitator), pk, "hide", reason="Again.")
    moderate(visit(facilitator), pk, "unhide")
    assert replied.count() == 1
    assert replies_told.count() == 1
    # Its author was told each time it was hidden, with the reason.
    assert list(
        Notification.objects.filter(kind=NotificationKind.REPLY_HIDDEN, recipient=member)
        .order_by("pk")
        .values_list("detail", flat=True)
    ) == ["Checking with the author first.", "Again."]


# --------------------------------------------------------------------------- #
# Reporting a concern
# --------------------------------------------------------------------------- #


def test_a_member_reports_a_reply_and_it_reaches_the_facilitators(
    reflection, open_community, no_newcomer_hold, facilitator, member, colleague, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "Something unkind about a pupil."))
    report_url = reverse("report", args=[reflection.pk])
    item = reply_item(thread_soup(visit(colleague), reflection), pk)
    link = item.find("a", string="Report a concern")
    assert link is not None and link["href"] == f"{report_url}?reply={pk}"

    form = visit(colleague).get(link["href"])
    assert form.status_code == 200
    assert "Something unkind about a pupil." in form.content.decode()
    # An empty reason is sent back with an error, nothing stored.
    for reason in ("", "   "):
        response = visit(colleague).post(report_url, {"reply": pk, "reason": reason})
        assert response.status_code == 400
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find(class_="error") is not None
        assert soup.find("input", attrs={"name": "reply", "value": str(pk)}) is not None
    assert not Report.objects.exists()

    response = visit(colleague).post(
        report_url, {"reply": pk, "reason": "It names a child."}, follow=True
    )
    assert "The community's facilitators will look at it." in unescape(response.content.decode())
    report = Report.objects.get()
    assert (report.reporter, report.page_id, report.reply_id, report.community_id) == (
        colleague,
        reflection.pk,
        pk,
        open_community.pk,
    )
    assert report.resolved_at is None

    queue = visit(facilitator).get(queue_url(open_community)).content.decode()
    assert "It names a child." in queue
    assert "Something unkind about a pupil." in queue
    assert "Cas Colleague" in queue


def test_a_member_reports_a_reflection(reflection, open_community, facilitator, colleague, visit):
    soup = BeautifulSoup(visit(colleague).get(reflection.url).content, "html.parser")
    link = soup.find(id="appreciation").find("a", string="Report a concern")
    assert link is not None and link["href"] == reverse("report", args=[reflection.pk])
    # The author is not offered a report of their own page.
    own = BeautifulSoup(visit(facilitator).get(reflection.url).content, "html.parser")
    assert own.find(id="appreciation").find("a", string="Report a concern") is None

    assert visit(colleague).get(link["href"]).status_code == 200
    response = visit(colleague).post(link["href"], {"reason": "Copied from a textbook."})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.page_id, report.reply_id, report.reason) == (
        reflection.pk,
        None,
        "Copied from a textbook.",
    )
    assert (
        "Copied from a textbook."
        in visit(facilitator).get(queue_url(open_community)).content.decode()
    )


def test_who_may_report(reflection, private_reflection, outsider, visit):
    # Anyone signed in who may read a page may report it…
    response = visit(outsider).post(reverse("report", args=[reflection.pk]), {"reason": "Hmm."})
    assert response.status_code == 302
    # …but a members-only page doesn't exist for an outsider…
    url = reverse("report", args=[private_reflection.pk])
    assert visit(outsider).get(url).status_code == 404
    assert visit(outsider).post(url, {"reason": "Let me in."}).status_code == 404
    # …and the signed-out are sent to sign in.
    response = visit(None).post(url, {"reason": "Anonymous."})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert list(Report.objects.values_list("page_id", flat=True)) == [reflection.pk]


@pytest.mark.parametrize("state", ["awaiting", "hidden"])
def test_words_nobody_may_see_do_not_leak_through_the_report_or_answer_forms(
    reflection, facilitator, member, colleague, visit, post_reply, state
):
    """A held or hidden reply is for its author and the facilitators only —
    its words must not come back in any other page that quotes a reply."""
    pk = reply_pk(post_reply(visit(member), reflection, "Words kept from view."))
    if state == "hidden":
        moderate(visit(facilitator), pk, "approve")
        moderate(visit(facilitator), pk, "hide", reason="Not for everyone.")
    assert Reply.objects.get(pk=pk).state == state

    # The report form quotes the reply it is about…
    report_url = reverse("report", args=[reflection.pk])
    response = visit(colleague).get(f"{report_url}?reply={pk}")
    assert response.status_code == 404
    assert "Words kept from view." not in response.content.decode()
    assert visit(colleague).post(report_url, {"reply": pk, "reason": "?"}).status_code == 404
    assert not Report.objects.exists()
    # …and the re-shown answer form quotes the reply being answered.
    response = post_reply(visit(colleague), reflection, "My answer.", parent=pk)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "That reply can no longer be answered." in html
    assert "Words kept from view." not in html
    assert "My answer." in html  # what was typed is kept
    assert not Reply.objects.filter(body="My answer.").exists()


# --------------------------------------------------------------------------- #
# The moderation queue
# --------------------------------------------------------------------------- #


def test_only_facilitators_open_the_moderation_queue(
    open_community, private_community, facilitator, member, outsider, admin_user, visit
):
    assert visit(facilitator).get(queue_url(open_community)).status_code == 200
    assert visit(facilitator).get(queue_url(private_community)).status_code == 200
    assert visit(admin_user).get(queue_url(private_community)).status_code == 200
    assert visit(member).get(queue_url(open_community)).status_code == 403
    assert visit(member).get(queue_url(private_community)).status_code == 403
    assert visit(outsider).get(queue_url(private_community)).status_code == 404
    response = visit(None).get(queue_url(private_community))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_facilitator_hides_a_reply_with_a_reason_its_author_sees(
    reflection, open_community, no_newcomer_hold, facilitator, member, colleague, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "A sharp remark about a colleague."))
    visit(colleague).post(
        reverse("report", args=[reflection.pk]), {"reply": pk, "reason": "Unkind."}
    )
    queue = BeautifulSoup(visit(facilitator).get(queue_url(open_community)).content, "html.parser")
    hide_form = queue.find("form", action=reverse("reply_moderate", args=[pk, "hide"]))
    assert hide_form is not None and hide_form.find("input", attrs={"name": "reason"}) is not None

    # A reason is required.
    response = moderate(visit(facilitator), pk, "hide", reason="  ")
    assert "Say why the reply is hidden" in response.content.decode()
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED

    response = moderate(visit(facilitator), pk, "hide", reason="Please keep it kind.")
    assert "The reply is hidden. Its author can see why." in response.content.decode()
    reply = Reply.objects.get(pk=pk)
    assert (reply.state, reply.moderation_reason) == (ReplyState.HIDDEN, "Please keep it kind.")
    # Hiding deals with the reports about it.
    assert not Report.objects.open().exists()
    event = ActivityEvent.objects.get(verb=Verb.REPLY_HIDDEN)
    assert (event.actor, event.recipient) == (facilitator, member)

    # Its author sees it, and why.
    item = reply_item(thread_soup(visit(member), reflection), pk)
    assert "Hidden: Please keep it kind." in item.find(class_="reply__meta").get_text()
    assert "A sharp remark about a colleague." in item.get_text()
    # Everyone else sees nothing of it.
    for viewer in (colleague, None):
        html = visit(viewer).get(reflection.url).content.decode()
        assert "A sharp remark" not in html
        assert "Please keep it kind." not in html
        assert reply_item(thread_soup(visit(viewer), reflection), pk) is None
    # The facilitators find it among the hidden replies, and can bring it back.
    queue = BeautifulSoup(visit(facilitator).get(queue_url(open_community)).content, "html.parser")
    hidden = queue.find(id="hidden-heading").parent
    assert "Please keep it kind." in hidden.get_text()
    unhide = reverse("reply_moderate", args=[pk, "unhide"])
    assert hidden.find("form", action=unhide) is not None

    response = visit(facilitator).post(unhide, follow=True)
    assert "The reply is visible again." in response.content.decode()
    reply = Reply.objects.get(pk=pk)
    assert (reply.state, reply.moderation_reason) == (ReplyState.PUBLISHED, "")
    assert (
        "A sharp remark about a colleague."
        in reply_item(thread_soup(visit(None), reflection), pk).get_text()
    )


def test_a_hidden_reply_with_answers_stays_as_a_placeholder(
    reflection, no_newcomer_hold, facilitator, member, colleague, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "The remark with the problem."))
    answer = reply_pk(post_reply(visit(colleague), reflection, "A calm answer.", parent=pk))
    moderate(visit(facilitator), pk, "hide", reason="Off topic.")
    for viewer in (colleague, None):
        html = visit(viewer).get(reflection.url).content.decode()
        assert "The remark with the problem." not in html
        assert "Off topic." not in html
        item = reply_item(thread_soup(visit(viewer), reflection), pk)
        assert (
            item.find(class_="reply__removed").get_text(strip=True) == "[hidden by a facilitator]"
        )
        assert item.find("div", recursive=False) is None  # no author, body or buttons
        assert [li["id"] for li in child_items(item)] == [f"reply-{answer}"]
    # The facilitator still sees what was hidden, with the way back.
    item = reply_item(thread_soup(visit(facilitator), reflection), pk)
    assert "The remark with the problem." in item.get_text()
    assert item.find("form", action=reverse("reply_moderate", args=[pk, "unhide"])) is not None


def test_only_facilitators_hide_unhide_or_approve(
    reflection,
    private_reflection,
    no_newcomer_hold,
    facilitator,
    member,
    colleague,
    outsider,
    visit,
    post_reply,
):
    pk = reply_pk(post_reply(visit(member), reflection, "Fine words."))
    private_pk = reply_pk(post_reply(visit(member), private_reflection, "Private words."))
    for action in ("hide", "unhide", "approve"):
        url = reverse("reply_moderate", args=[pk, action])
        assert visit(colleague).post(url, {"reason": "Mine now."}).status_code == 403
        assert visit(member).post(url, {"reason": "Hiding myself."}).status_code == 403
        private_url = reverse("reply_moderate", args=[private_pk, action])
        assert visit(outsider).post(private_url, {"reason": "x"}).status_code == 404
        response = visit(None).post(url, {"reason": "x"})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert set(Reply.objects.values_list("state", flat=True)) == {ReplyState.PUBLISHED}
    # And there is no such thing as any other action.
    assert (
        visit(facilitator).post(reverse("reply_moderate", args=[pk, "destroy"])).status_code == 404
    )


def test_a_facilitator_resolves_a_report(
    reflection, open_community, facilitator, member, colleague, visit
):
    visit(colleague).post(reverse("report", args=[reflection.pk]), {"reason": "Needs a look."})
    report = Report.objects.get()
    resolve = reverse("report_resolve", args=[report.pk])
    queue = BeautifulSoup(visit(facilitator).get(queue_url(open_community)).content, "html.parser")
    assert queue.find("form", action=resolve) is not None

    assert visit(member).post(resolve).status_code == 403
    assert Report.objects.open().count() == 1

    response = visit(facilitator).post(resolve, follow=True)
    assert "The concern is marked as dealt with." in response.content.decode()
    report.refresh_from_db()
    assert report.resolved_at is not None and report.resolved_by == facilitator
    queue = visit(facilitator).get(queue_url(open_community)).content.decode()
    assert "Needs a look." not in queue
    assert "No open concerns." in queue


def test_a_communitys_queue_shows_only_its_own_reports(
    reflection,
    private_reflection,
    open_community,
    private_community,
    make_teacher,
    member,
    visit,
):
    from communities import factories

    other_facilitator = make_teacher("Pat Private")
    factories.membership(user=other_facilitator, community=private_community, role="facilitator")
    visit(member).post(reverse("report", args=[reflection.pk]), {"reason": "Public concern."})
    visit(member).post(
        reverse("report", args=[private_reflection.pk]), {"reason": "Private concern."}
    )
    html = visit(other_facilitator).get(queue_url(private_community)).content.decode()
    assert "Private concern." in html and "Public concern." not in html
    assert visit(other_facilitator).get(queue_url(open_community)).status_code == 404


# --------------------------------------------------------------------------- #
# Site administrators: reports in the Wagtail admin
# --------------------------------------------------------------------------- #


def test_site_admins_see_reports_in_the_wagtail_admin(
    reflection, facilitator, member, colleague, admin_user, visit
):
    visit(colleague).post(reverse("report", args=[reflection.pk]), {"reason": "For the admins."})
    report = Report.objects.get()

    response = visit(admin_user).get("/admin/reports/")
    assert response.status_code == 200
    assert f"Concern about page {reflection.pk}" in response.content.decode()
    inspect = visit(admin_user).get(f"/admin/reports/inspect/{report.pk}/")
    assert inspect.status_code == 200
    assert "For the admins." in inspect.content.decode()

    # Facilitators and members use the front-end queue; the admin listing is not theirs.
    for user in (member, facilitator):
        response = visit(user).get("/admin/reports/")
        assert response.status_code in {302, 403}, user
        assert "For the admins." not in response.content.decode()
    response = visit(None).get("/admin/reports/")
    assert response.status_code == 302 and "login" in response["Location"]
