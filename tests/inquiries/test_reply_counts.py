"""How many replies an inquiry has is read from the replies themselves —
on the inquiry cards, the head teacher's overview and the CSV export — so a
reply hidden and restored, or a newcomer's held reply hidden before it was
ever published, is counted exactly as the thread shows it."""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from django.urls import reverse

from blog.models import Reply, ReplyState
from communities import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(make_inquiry, open_community, member, head):
    """A public inquiry by `member` (whose head teacher is `head`) that holds
    newcomers' first replies, as public communities do."""
    return make_inquiry(open_community, member, title="Hinge questions in Year 9")


def post(client, page, body: str) -> Reply:
    response = client.post(
        reverse("reply_create", args=[page.pk]),
        {"body": body, "kind": "comment", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Reply.objects.get(pk=int(re.search(r"#reply-(\d+)$", response["Location"])[1]))


def moderate(client, reply: Reply, action: str, **data) -> None:
    response = client.post(reverse("reply_moderate", args=[reply.pk, action]), data)
    assert response.status_code == 302


def shown_counts(inquiry, as_, head, member) -> dict[str, str]:
    """The reply count as each place shows it."""
    card = as_(member).get(inquiry.get_parent().url).content.decode()
    overview = as_(head).get(reverse("review")).content.decode()
    rows = list(
        csv.DictReader(io.StringIO(as_(head).get(reverse("review_export")).content.decode()))
    )
    (row,) = [r for r in rows if r["Inquiry"] == inquiry.title]
    pattern = r"(-?\d+) repl(?:y|ies)"
    return {
        "card": re.search(pattern, card)[1],
        "overview": re.search(pattern, overview)[1],
        "csv": row["Replies"],
    }


def test_a_reply_hidden_then_restored_counts_once(
    inquiry, open_community, facilitator, make_teacher, head, member, as_
):
    colleague = make_teacher("Cas Colleague")
    factories.membership(user=colleague, community=open_community)
    open_community.hold_newcomer_replies = False
    type(open_community).objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    reply = post(as_(colleague), inquiry, "Could you share the hinge questions?")
    assert reply.state == ReplyState.PUBLISHED
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"1"}

    moderate(as_(facilitator), reply, "hide", reason="Checking a name in it.")
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"0"}

    moderate(as_(facilitator), reply, "unhide")
    # Today's bug: the ledger-derived count said 0 with one published reply.
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"1"}


def test_a_held_reply_hidden_before_it_was_published_counts_nothing(
    inquiry, open_community, facilitator, make_teacher, head, member, as_
):
    newcomer = make_teacher("Nell Newcomer")
    factories.membership(user=newcomer, community=open_community)
    reply = post(as_(newcomer), inquiry, "My first reply here.")
    assert reply.state == ReplyState.AWAITING
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"0"}

    moderate(as_(facilitator), reply, "hide", reason="Not about this inquiry.")
    # Today's bug: −1 (a hide subtracted from a reply never counted).
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"0"}

    moderate(as_(facilitator), reply, "unhide")
    assert set(shown_counts(inquiry, as_, head, member).values()) == {"1"}
