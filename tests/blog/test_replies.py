"""The conversation under a page, driven the way people drive it: through the
reply, answer, edit, delete, "changed my practice" and appreciation forms."""

from __future__ import annotations

import datetime
import uuid
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Appreciation, Reply, ReplyState
from communities.models import ActivityEvent, Verb

from .conftest import child_items, reply_item, reply_pk, thread_soup

pytestmark = pytest.mark.django_db


def ledger(verb: str, **filters):
    return ActivityEvent.objects.filter(verb=verb, **filters)


# --------------------------------------------------------------------------- #
# Threading
# --------------------------------------------------------------------------- #


def test_replies_answers_and_answers_to_answers_show_nested_in_order(
    reflection, no_newcomer_hold, facilitator, member, colleague, login, client, post_reply
):
    first = reply_pk(
        post_reply(login(member), reflection, "Did the exit tickets *change* your plan?")
    )
    answer = reply_pk(
        post_reply(login(facilitator), reflection, "Yes, I regrouped the class.", parent=first)
    )
    second = reply_pk(post_reply(login(colleague), reflection, "I tried this with Year 7 too."))
    answer_to_answer = reply_pk(
        post_reply(login(member), reflection, "Regrouped how?", parent=answer)
    )
    second_answer = reply_pk(
        post_reply(login(colleague), reflection, "Me too, on Fridays.", parent=first)
    )

    client.logout()
    soup = thread_soup(client, reflection)  # anyone may read a public page's replies
    roots = soup.find("ol", class_="replies").find_all("li", class_="reply", recursive=False)
    assert [li["id"] for li in roots] == [f"reply-{first}", f"reply-{second}"]
    first_item = reply_item(soup, first)
    assert [li["id"] for li in child_items(first_item)] == [
        f"reply-{answer}",
        f"reply-{second_answer}",
    ]
    assert [li["id"] for li in child_items(reply_item(soup, answer))] == [
        f"reply-{answer_to_answer}"
    ]
    assert child_items(reply_item(soup, second)) == []
    assert "Regrouped how?" in reply_item(soup, answer_to_answer).get_text()
    assert first_item.find("em").get_text() == "change"  # Markdown rendered
    assert "Mo Member" in first_item.find(class_="reply__author").get_text()
    assert "(5)" in soup.find(id="replies-heading").get_text()

    reply = Reply.objects.get(pk=answer_to_answer)
    assert (reply.parent_id, reply.depth, reply.page_id) == (answer, 3, reflection.pk)


def test_answers_past_the_depth_limit_line_up_under_the_deepest_level(
    reflection, no_newcomer_hold, facilitator, member, login, client, post_reply, settings
):
    assert settings.STAFFROOM_REPLY_MAX_DEPTH == 5
    chain: list[int] = []
    for n in range(8):  # depths 1..8, the two teachers answering each other
        author = member if n % 2 == 0 else facilitator
        chain.append(
            reply_pk(
                post_reply(
                    login(author),
                    reflection,
                    f"Turn number {n + 1}",
                    parent=chain[-1] if chain else None,
                )
            )
        )
    assert list(
        Reply.objects.filter(pk__in=chain).order_by("path").values_list("depth", flat=True)
    ) == [1, 2, 3, 4, 5, 6, 7, 8]

    client.logout()
    soup = thread_soup(client, reflection)
    # Levels 1–5 nest one inside the other.
    for upper, lower in zip(chain[:4], chain[1:5], strict=True):
        assert [li["id"] for li in child_items(reply_item(soup, upper))] == [f"reply-{lower}"]
    # Everything deeper sits flat, in order, directly under the fifth level…
    deepest = reply_item(soup, chain[4])
    assert [li["id"] for li in child_items(deepest)] == [f"reply-{pk}" for pk in chain[5:]]
    for pk in chain[5:]:
        assert child_items(reply_item(soup, pk)) == []
    # …each saying whom it answers.
    for pk, answered in zip(chain[5:], ["Mo Member", "Fran Facilitator", "Mo Member"], strict=True):
        meta = reply_item(soup, pk).find(class_="reply__meta").get_text()
        assert f"answering {answered}" in meta
    assert "answering" not in reply_item(soup, chain[3]).find(class_="reply__meta").get_text()
    # The thread never indents further than one level below the fifth.
    levels = {li["id"]: len(li.find_parents("ol")) for li in soup.find_all("li", class_="reply")}
    assert [levels[f"reply-{pk}"] for pk in chain] == [1, 2, 3, 4, 5, 6, 6, 6]


@pytest.mark.parametrize("removal", ["deleted", "hidden"])
def test_past_the_depth_limit_a_removed_reply_is_not_named_by_its_answers(
    reflection, no_newcomer_hold, facilitator, member, colleague, visit, post_reply, removal
):
    """A "[deleted]" or "[hidden by a facilitator]" placeholder hides who
    wrote it; the flat answer under it must not say "answering <them>"."""
    chain: list[int] = []
    for n in range(7):
        author = facilitator if n % 2 == 0 else (colleague if n == 5 else member)
        response = post_reply(
            visit(author), reflection, f"Turn {n + 1}", parent=chain[-1] if chain else None
        )
        chain.append(reply_pk(response))
    # The sixth turn (Cas Colleague's) is removed; the seventh answers it.
    if removal == "deleted":
        assert visit(colleague).post(reverse("reply_delete", args=[chain[5]])).status_code == 302
    else:
        visit(facilitator).post(
            reverse("reply_moderate", args=[chain[5], "hide"]), {"reason": "Off topic."}
        )
    soup = thread_soup(visit(member), reflection)
    placeholder = reply_item(soup, chain[5])
    assert placeholder.find(class_="reply__removed") is not None
    assert "Cas Colleague" not in str(soup)
    meta = reply_item(soup, chain[6]).find(class_="reply__meta").get_text()
    assert "answering a removed reply" in meta


def test_a_long_back_and_forth_keeps_going_and_stays_in_order(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply, settings
):
    """Two colleagues answering each other thirty times: every answer is
    stored (its materialised path must fit its column — PostgreSQL enforces
    the length) and shown flat, oldest first, under the fifth level."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "100/5m/user"}
    max_length = Reply._meta.get_field("path").max_length
    chain: list[int] = []
    for n in range(30):
        author = member if n % 2 == 0 else facilitator
        response = post_reply(
            visit(author), reflection, f"Exchange {n + 1}", parent=chain[-1] if chain else None
        )
        chain.append(reply_pk(response))
    replies = list(Reply.objects.filter(page=reflection))
    assert [r.pk for r in replies] == chain  # ordered by path = the conversation's order
    assert all(len(r.path) <= max_length for r in replies)
    assert Reply.objects.get(pk=chain[-1]).depth == 30

    soup = thread_soup(visit(None), reflection)
    deepest = reply_item(soup, chain[4])
    assert [li["id"] for li in child_items(deepest)] == [f"reply-{pk}" for pk in chain[5:]]
    meta = reply_item(soup, chain[-1]).find(class_="reply__meta").get_text()
    assert "answering Mo Member" in meta


def test_an_answer_can_only_hang_under_a_reply_on_the_same_page(
    reflection, open_community, no_newcomer_hold, facilitator, member, login, post_reply
):
    from blog import factories as blog_factories

    other = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Another reflection",
    )
    elsewhere = reply_pk(post_reply(login(member), other, "On the other page"))
    response = post_reply(login(member), reflection, "Crossing pages", parent=elsewhere)
    assert response.status_code == 404
    assert not Reply.objects.filter(body="Crossing pages").exists()


@pytest.mark.parametrize(
    ("kind", "label"),
    [("question", "Question"), ("warm", "Warm feedback"), ("cool", "Cool feedback")],
)
def test_reply_kinds_show_on_the_reply(
    reflection, no_newcomer_hold, member, login, post_reply, kind, label
):
    client = login(member)
    pk = reply_pk(post_reply(client, reflection, "What did you notice?", kind=kind))
    assert Reply.objects.get(pk=pk).kind == kind
    badge = reply_item(thread_soup(client, reflection), pk).find(class_=f"badge--{kind}")
    assert badge is not None and badge.get_text(strip=True) == label


def test_a_plain_comment_carries_no_badge_and_an_unknown_kind_is_refused(
    reflection, no_newcomer_hold, member, login, post_reply
):
    client = login(member)
    pk = reply_pk(post_reply(client, reflection, "Thanks for this."))
    assert Reply.objects.get(pk=pk).kind == "comment"
    assert reply_item(thread_soup(client, reflection), pk).find(class_="badge") is None

    response = post_reply(client, reflection, "Sneaky kind", kind="announcement")
    assert response.status_code == 400
    assert "Sneaky kind" in response.content.decode()
    assert not Reply.objects.filter(body="Sneaky kind").exists()


# --------------------------------------------------------------------------- #
# Editing
# --------------------------------------------------------------------------- #


def test_the_author_edits_within_the_window_and_it_shows_edited(
    reflection, no_newcomer_hold, member, login, post_reply
):
    client = login(member)
    pk = reply_pk(post_reply(client, reflection, "I tried it on Tuesdy."))
    item = reply_item(thread_soup(client, reflection), pk)
    assert item.find("a", href=reverse("reply_edit", args=[pk])) is not None
    assert "edited" not in item.find(class_="reply__meta").get_text()

    assert client.get(reverse("reply_edit", args=[pk])).status_code == 200
    response = client.post(reverse("reply_edit", args=[pk]), {"body": "I tried it on **Tuesday**."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reply-{pk}")

    reply = Reply.objects.get(pk=pk)
    assert reply.body == "I tried it on **Tuesday**."
    assert reply.body_html == "<p>I tried it on <strong>Tuesday</strong>.</p>"
    assert reply.edited_at is not None
    item = reply_item(thread_soup(client, reflection), pk)
    assert "edited" in item.find(class_="reply__meta").get_text()
    assert item.find("strong").get_text() == "Tuesday"
    assert "Tuesdy" not in str(item)


def test_after_the_edit_window_an_edit_is_refused_and_nothing_changes(
    reflection, no_newcomer_hold, member, login, post_reply, settings
):
    client = login(member)
    pk = reply_pk(post_reply(client, reflection, "Original words."))
    Reply.objects.filter(pk=pk).update(
        created_at=timezone.now()
        - settings.STAFFROOM_REPLY_EDIT_WINDOW
        - datetime.timedelta(minutes=1)
    )
    # The Edit link is gone…
    item = reply_item(thread_soup(client, reflection), pk)
    assert item.find("a", href=reverse("reply_edit", args=[pk])) is None
    # …and a direct POST is refused with a message saying why.
    response = client.post(reverse("reply_edit", args=[pk]), {"body": "Rewritten history."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Replies can be edited for 30 minutes after posting." in html
    reply = Reply.objects.get(pk=pk)
    assert (reply.body, reply.edited_at) == ("Original words.", None)
    assert "Rewritten history." not in str(thread_soup(client, reflection))


def test_an_edit_cannot_empty_a_reply(reflection, no_newcomer_hold, member, login, post_reply):
    client = login(member)
    pk = reply_pk(post_reply(client, reflection, "Something worth keeping."))
    response = client.post(reverse("reply_edit", args=[pk]), {"body": "   \n  "})
    assert response.status_code == 400
    assert "Your reply is empty" in response.content.decode()
    assert Reply.objects.get(pk=pk).body == "Something worth keeping."


def test_only_the_author_may_edit(
    reflection,
    private_reflection,
    facilitator,
    member,
    colleague,
    outsider,
    login,
    client,
    no_newcomer_hold,
    post_reply,
):
    pk = reply_pk(post_reply(login(member), reflection, "My own words."))
    private_pk = reply_pk(post_reply(login(member), private_reflection, "Members-only words."))
    url = reverse("reply_edit", args=[pk])

    for other in (facilitator, colleague, outsider):  # not even the page's author
        other_client = login(other)
        assert other_client.get(url).status_code == 403
        assert other_client.post(url, {"body": "Not yours."}).status_code == 403
    # Someone who may not see the page learns nothing about it.
    assert (
        login(outsider)
        .post(reverse("reply_edit", args=[private_pk]), {"body": "Not yours."})
        .status_code
        == 404
    )
    client.logout()
    response = client.post(url, {"body": "Not yours."})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]

    assert Reply.objects.get(pk=pk).body == "My own words."
    assert Reply.objects.get(pk=private_pk).body == "Members-only words."
    assert not Reply.objects.filter(edited_at__isnull=False).exists()


# --------------------------------------------------------------------------- #
# Deleting
# --------------------------------------------------------------------------- #


def test_a_reply_without_answers_disappears_when_deleted(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "A regrettable remark."))
    response = visit(member).post(reverse("reply_delete", args=[pk]))
    assert response.status_code == 302

    reply = Reply.objects.get(pk=pk)
    assert (reply.state, reply.body, reply.body_html) == (ReplyState.DELETED, "", "")
    for viewer in (member, facilitator, None):
        response = visit(viewer).get(reflection.url)
        assert "regrettable" not in response.content.decode()
        assert reply_item(thread_soup(visit(viewer), reflection), pk) is None
    assert ledger(Verb.REPLY_DELETED, actor=member, page=reflection).count() == 1


def test_a_deleted_reply_with_answers_stays_as_deleted_and_its_answers_stay(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "A remark with a secret in it."))
    answer = reply_pk(post_reply(visit(facilitator), reflection, "A thoughtful answer.", parent=pk))
    assert visit(member).post(reverse("reply_delete", args=[pk])).status_code == 302

    for viewer in (None, facilitator, member):
        response = visit(viewer).get(reflection.url)
        assert "secret" not in response.content.decode()  # nowhere on the page
        soup = thread_soup(visit(viewer), reflection)
        item = reply_item(soup, pk)
        assert item.find(class_="reply__removed").get_text(strip=True) == "[deleted]"
        # Nothing of it but the placeholder: no author, no body, no buttons.
        assert item.find("div", recursive=False) is None
        assert item.find("details", recursive=False) is None
        assert [li["id"] for li in child_items(item)] == [f"reply-{answer}"]
        assert "A thoughtful answer." in reply_item(soup, answer).get_text()


def test_only_the_author_may_delete(
    reflection, no_newcomer_hold, facilitator, member, colleague, login, post_reply
):
    pk = reply_pk(post_reply(login(member), reflection, "Still here."))
    for other in (facilitator, colleague):
        assert login(other).post(reverse("reply_delete", args=[pk])).status_code == 403
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED


# --------------------------------------------------------------------------- #
# Double submission, rate limit, empty and over-long bodies
# --------------------------------------------------------------------------- #


def test_the_same_form_sent_twice_makes_one_reply(
    reflection, no_newcomer_hold, member, login, post_reply
):
    client = login(member)
    key = uuid.uuid4()
    first = post_reply(client, reflection, "Sent with a double click.", key=key)
    second = post_reply(client, reflection, "Sent with a double click.", key=key)
    assert reply_pk(first) == reply_pk(second)
    assert Reply.objects.filter(author=member).count() == 1
    assert ledger(Verb.REPLIED, actor=member).count() == 1
    soup = thread_soup(client, reflection)
    assert str(soup).count("Sent with a double click.") == 1
    # A fresh form (a new key) is a new reply.
    reply_pk(post_reply(client, reflection, "Sent with a double click."))
    assert Reply.objects.filter(author=member).count() == 2


def test_the_rate_limit_answers_429_keeps_the_text_and_creates_nothing(
    reflection, no_newcomer_hold, member, login, post_reply, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "2/5m/user"}
    client = login(member)
    reply_pk(post_reply(client, reflection, "One."))
    reply_pk(post_reply(client, reflection, "Two."))
    response = post_reply(client, reflection, "Three, with <care> & detail.", kind="question")
    assert response.status_code == 429
    assert Reply.objects.filter(author=member).count() == 2
    html = response.content.decode()
    assert "Please wait a moment before sending another" in html
    assert "Three, with &lt;care&gt; &amp; detail." in html  # the typed text, re-shown
    assert '<option value="question" selected>' in html


@pytest.mark.parametrize(
    "body", ["", "   ", "\n\t \r\n", "\u00a0\u3000", "\u200b\u200b", " \u2060\ufeff\u200d "]
)
def test_an_empty_reply_is_refused_with_a_clear_message(
    reflection, no_newcomer_hold, member, login, post_reply, body
):
    response = post_reply(login(member), reflection, body)
    assert response.status_code == 400
    assert "Your reply is empty" in response.content.decode()
    assert not Reply.objects.exists()


def test_an_over_long_reply_is_refused_before_parsing_keeping_the_text(
    reflection, no_newcomer_hold, member, login, post_reply, settings, monkeypatch
):
    from blog import markup

    def must_not_parse(text):
        raise AssertionError("an over-long body must be refused before any parsing")

    monkeypatch.setattr(markup, "render", must_not_parse)
    body = "Lorem ipsum " * (settings.STAFFROOM_REPLY_MAX_LENGTH // 12 + 1) + "THE-END"
    assert len(body) > settings.STAFFROOM_REPLY_MAX_LENGTH
    response = post_reply(login(member), reflection, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your reply is too long" in html
    assert "THE-END" in html
    assert not Reply.objects.exists()


def test_a_reply_exactly_at_the_limit_is_accepted(
    reflection, no_newcomer_hold, member, login, post_reply, settings
):
    settings.STAFFROOM_REPLY_MAX_LENGTH = 100
    body = "x" * 100
    pk = reply_pk(post_reply(login(member), reflection, body))
    assert Reply.objects.get(pk=pk).body == body
    assert post_reply(login(member), reflection, body + "y").status_code == 400


def test_who_may_reply(reflection, private_reflection, outsider, member, login, client, post_reply):
    # Not signed in: to the login page, nothing created.
    response = post_reply(client, reflection, "Anonymous words")
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    # Signed in but not a member of the (public) community: refused.
    assert post_reply(login(outsider), reflection, "Outsider words").status_code == 403
    # A members-only page: an outsider learns nothing, not even that it exists.
    assert post_reply(login(outsider), private_reflection, "Outsider words").status_code == 404
    assert not Reply.objects.exists()
    # A member of the members-only community replies at once (no newcomer hold there).
    pk = reply_pk(post_reply(login(member), private_reflection, "Member words"))
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED


# --------------------------------------------------------------------------- #
# "This changed my practice"
# --------------------------------------------------------------------------- #


def test_the_page_author_marks_a_reply_as_changing_their_practice(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "Try asking them to rank the answers."))
    url = reverse("reply_changed_practice", args=[pk])
    button = reply_item(thread_soup(visit(facilitator), reflection), pk).find("form", action=url)
    assert button is not None and "This changed my practice" in button.get_text()

    response = visit(facilitator).post(url, follow=True)
    assert "their reply changed your practice" in response.content.decode()
    assert Reply.objects.get(pk=pk).changed_practice_at is not None
    event = ledger(Verb.CHANGED_PRACTICE).get()
    assert (event.actor, event.recipient, event.page_id, event.target) == (
        facilitator,
        member,
        reflection.pk,
        f"blog.reply:{pk}",
    )
    item = reply_item(thread_soup(visit(None), reflection), pk)
    assert "reply--changed" in item["class"]
    assert (
        "This changed Fran Facilitator's practice" in item.find(class_="reply__changed").get_text()
    )

    # Pressed again, it is taken back — and the ledger says so in its own row.
    assert visit(facilitator).post(url).status_code == 302
    assert Reply.objects.get(pk=pk).changed_practice_at is None
    assert ledger(Verb.CHANGED_PRACTICE_WITHDRAWN, recipient=member).count() == 1
    assert (
        reply_item(thread_soup(visit(None), reflection), pk).find(class_="reply__changed") is None
    )


def test_only_the_page_author_may_mark_changed_practice(
    reflection,
    private_reflection,
    no_newcomer_hold,
    facilitator,
    member,
    colleague,
    outsider,
    login,
    client,
    post_reply,
):
    pk = reply_pk(post_reply(login(member), reflection, "An idea."))
    private_pk = reply_pk(post_reply(login(member), private_reflection, "A private idea."))
    url = reverse("reply_changed_practice", args=[pk])
    # Others see no button, and a direct POST is refused.
    for other in (member, colleague, outsider):
        other_client = login(other)
        assert (
            reply_item(thread_soup(other_client, reflection), pk).find("form", action=url) is None
        )
        assert other_client.post(url).status_code == 403
    assert (
        login(outsider).post(reverse("reply_changed_practice", args=[private_pk])).status_code
        == 404
    )
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert not Reply.objects.filter(changed_practice_at__isnull=False).exists()
    assert not ledger(Verb.CHANGED_PRACTICE).exists()


# --------------------------------------------------------------------------- #
# The ledger
# --------------------------------------------------------------------------- #


def test_replies_write_ledger_rows_to_the_right_recipient(
    reflection,
    open_community,
    no_newcomer_hold,
    facilitator,
    member,
    colleague,
    login,
    post_reply,
):
    top = reply_pk(post_reply(login(member), reflection, "To the page.", kind="warm"))
    answer = reply_pk(post_reply(login(colleague), reflection, "To Mo.", parent=top))

    to_page = ledger(Verb.REPLIED, target=f"blog.reply:{top}").get()
    assert (to_page.actor, to_page.recipient, to_page.page_id, to_page.community_id) == (
        member,
        facilitator,
        reflection.pk,
        open_community.pk,
    )
    assert to_page.data == {"kind": "warm"}
    to_reply = ledger(Verb.REPLIED, target=f"blog.reply:{answer}").get()
    assert (to_reply.actor, to_reply.recipient) == (colleague, member)


# --------------------------------------------------------------------------- #
# Appreciation
# --------------------------------------------------------------------------- #


def appreciate(client, *, kind: str, page=None, reply=None, follow=False):
    data = {"kind": kind}
    if reply is not None:
        data["reply"] = str(reply)
    else:
        data["page"] = str(page.pk)
    return client.post(reverse("appreciate"), data, follow=follow)


def chip_texts(element) -> list[str]:
    return [" ".join(chip.get_text().split()) for chip in element.find_all(class_="chip")]


def test_appreciating_a_reflection_counts_toggles_and_records(
    reflection, facilitator, member, colleague, visit
):
    assert appreciate(visit(member), kind="helpful", page=reflection).status_code == 302
    appreciate(visit(member), kind="think", page=reflection)
    appreciate(visit(colleague), kind="helpful", page=reflection)
    assert Appreciation.objects.filter(page=reflection).count() == 3

    response = visit(None).get(reflection.url)
    from bs4 import BeautifulSoup

    box = BeautifulSoup(response.content, "html.parser").find(id="appreciation")
    assert "Helpful · 2" in chip_texts(box)
    assert "Made me think · 1" in chip_texts(box)
    assert not any(text.startswith("I'll try this") for text in chip_texts(box))

    member_box = BeautifulSoup(visit(member).get(reflection.url).content, "html.parser").find(
        id="appreciation"
    )
    pressed = {
        b.get_text(" ", strip=True)
        for b in member_box.find_all("button")
        if b["aria-pressed"] == "true"
    }
    assert pressed == {"Helpful · 2", "Made me think · 1"}

    events = ledger(Verb.APPRECIATED, page=reflection)
    assert events.count() == 3
    assert set(events.values_list("recipient", flat=True)) == {facilitator.pk}
    assert events.filter(actor=member, data={"kind": "think"}).exists()

    # One of each per person: the same button again takes it back.
    appreciate(visit(member), kind="helpful", page=reflection)
    assert Appreciation.objects.filter(page=reflection, kind="helpful").count() == 1
    assert ledger(Verb.APPRECIATION_WITHDRAWN, actor=member, recipient=facilitator).count() == 1
    box = BeautifulSoup(visit(None).get(reflection.url).content, "html.parser").find(
        id="appreciation"
    )
    assert chip_texts(box) == ["Helpful · 1", "Made me think · 1"]


def test_appreciating_a_reply_counts_toggles_and_records(
    reflection, no_newcomer_hold, facilitator, member, colleague, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "Cold-calling with a lolly stick."))
    appreciate(visit(facilitator), kind="try", reply=pk)
    appreciate(visit(colleague), kind="try", reply=pk)
    appreciate(visit(colleague), kind="helpful", reply=pk)
    assert Appreciation.objects.filter(reply_id=pk).count() == 3

    actions = reply_item(thread_soup(visit(None), reflection), pk).find(class_="reply__actions")
    assert set(chip_texts(actions)) == {"I'll try this · 2", "Helpful · 1"}
    event = ledger(Verb.APPRECIATED, actor=facilitator).get()
    assert (event.recipient, event.target, event.data) == (
        member,
        f"blog.reply:{pk}",
        {"kind": "try"},
    )

    # The colleague sees their own two pressed, and pressing one again takes it back.
    actions = reply_item(thread_soup(visit(colleague), reflection), pk).find(
        class_="reply__actions"
    )
    assert {
        b.get_text(" ", strip=True)
        for b in actions.find_all("button", attrs={"aria-pressed": "true"})
    } == {"I'll try this · 2", "Helpful · 1"}
    appreciate(visit(colleague), kind="try", reply=pk)
    assert Appreciation.objects.filter(reply_id=pk, kind="try").count() == 1
    actions = reply_item(thread_soup(visit(None), reflection), pk).find(class_="reply__actions")
    assert set(chip_texts(actions)) == {"I'll try this · 1", "Helpful · 1"}


def test_nobody_appreciates_their_own_work(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "My own idea."))
    # No buttons on one's own work…
    soup = thread_soup(visit(member), reflection)
    assert reply_item(soup, pk).find("form", action=reverse("appreciate")) is None
    from bs4 import BeautifulSoup

    own_page = BeautifulSoup(visit(facilitator).get(reflection.url).content, "html.parser")
    assert own_page.find(id="appreciation").find("form") is None
    # …and a direct POST is refused with a message saying why.
    for user, target in ((member, {"reply": pk}), (facilitator, {"page": reflection})):
        response = appreciate(visit(user), kind="helpful", follow=True, **target)
        assert response.status_code == 200
        assert "You can't appreciate your own work." in unescape(response.content.decode())
    assert not Appreciation.objects.exists()
    assert not ledger(Verb.APPRECIATED).exists()


def test_who_may_appreciate(reflection, private_reflection, outsider, member, login, client):
    assert appreciate(login(outsider), kind="helpful", page=reflection).status_code == 403
    assert appreciate(login(outsider), kind="helpful", page=private_reflection).status_code == 404
    assert appreciate(login(member), kind="adore", page=reflection).status_code == 403
    client.logout()
    response = appreciate(client, kind="helpful", page=reflection)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Appreciation.objects.exists()
