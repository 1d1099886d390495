"""Every button the conversation shows is one its endpoint accepts for that
person, and every endpoint refuses whoever the page does not offer it to.

One world — a reflection in a public community with a reply in every state
— is looked at by each kind of person. For each reply (and the page itself)
the test reads which actions the page offers them, then tries every action
the site has, each in a transaction rolled back afterwards, and requires the
two sets to be the same."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse

from blog import factories as blog_factories
from blog import services
from blog.models import ReplyState
from communities import factories

pytestmark = pytest.mark.django_db

REPLY_ACTIONS = [
    "appreciate",
    "changed_practice",
    "answer",
    "answer_post",
    "edit",
    "delete",
    "delete_confirm",
    "report",
    "approve",
    "unhide",
]
PAGE_ACTIONS = ["follow", "reply", "appreciate_page", "report_page"]


@pytest.fixture
def world(open_community, facilitator, member, make_teacher, outsider, settings):
    """A reflection by `member` (the page author) in the public community
    (which holds newcomers' first replies), answered by a colleague, a
    newcomer and the author, with a reply in every state."""
    # Every action is tried, many times over: the reply rate limit is not the question.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "10_000/5m/user"}
    colleague = make_teacher("Cas Colleague")
    newcomer = make_teacher("Nell Newcomer")
    for person in (colleague, newcomer):
        factories.membership(user=person, community=open_community)
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=member, title="Exit tickets"
    )
    # The colleague and the author are past the newcomer hold.
    for person in (colleague, member):
        for n in range(2):
            held = blog_factories.reply(page=page, author=person, body=f"Warm-up {n}")
            if held.state == ReplyState.AWAITING:
                services.reply_approve(actor=facilitator, reply=held)
    published = blog_factories.reply(page=page, author=colleague, body="Published words.")
    held = blog_factories.reply(page=page, author=newcomer, body="Held words.")
    hidden = blog_factories.reply(page=page, author=colleague, body="Hidden words.")
    services.reply_hide(actor=facilitator, reply=hidden, reason="Off topic.")
    removed = blog_factories.reply(page=page, author=colleague, body="Deleted words.")
    own = blog_factories.reply(page=page, author=member, body="Answering.", parent=removed)
    services.reply_delete(user=colleague, reply=removed)
    assert held.state == ReplyState.AWAITING
    return {
        "page": page,
        "replies": {
            "published": published,
            "held": held,
            "hidden": hidden,
            "placeholder": removed,
            "authors_own": own,
        },
        "people": {
            "anonymous": None,
            "outsider": outsider,
            "page author": member,
            "colleague": colleague,
            "newcomer": newcomer,
            "facilitator": facilitator,
        },
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def offered(client: Client, page) -> tuple[dict[int, set[str]], set[str]]:
    """What the page offers this person: actions per reply, and on the page."""
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    per_reply: dict[int, set[str]] = {}
    for item in soup.select("li.reply"):
        pk = int(item["id"].removeprefix("reply-"))
        own = set()
        # Only this reply's own controls, not those of the replies nested in it.
        for actions in item.find_all(class_="reply__actions", recursive=False):
            for form in actions.find_all("form"):
                action = form["action"]
                if action == reverse("appreciate"):
                    own.add("appreciate")
                elif action.endswith("/changed-my-practice/"):
                    own.add("changed_practice")
                elif action.endswith("/delete/"):
                    own.add("delete")
                elif action.endswith("/approve/"):
                    own.add("approve")
                elif action.endswith("/unhide/"):
                    own.add("unhide")
                else:
                    raise AssertionError(f"an action the test does not know: {action}")
            for link in actions.find_all("a"):
                href = link["href"]
                if "?parent=" in href:
                    own |= {"answer", "answer_post"}
                elif href.endswith("/edit/"):
                    own.add("edit")
                elif href.endswith("/delete/confirm/"):
                    own |= {"delete", "delete_confirm"}
                elif "/report/?reply=" in href:
                    own.add("report")
                else:
                    raise AssertionError(f"a link the test does not know: {href}")
        per_reply[pk] = own
    on_page = set()
    if soup.find("form", action=reverse("page_follow", args=[page.pk])):
        on_page.add("follow")
    if soup.find("form", id="reply-form"):
        on_page.add("reply")
    appreciation = soup.find(id="appreciation")
    if appreciation.find("form", action=reverse("appreciate")):
        on_page.add("appreciate_page")
    if appreciation.find("a", href=reverse("report", args=[page.pk])):
        on_page.add("report_page")
    return per_reply, on_page


class _Undo(Exception):
    pass


def accepted(client: Client, method: str, url: str, data: dict | None = None) -> bool:
    """Does the endpoint do it? Tried in a transaction that is then undone."""
    client.cookies.pop("messages", None)  # only this request's messages count
    outcome = None
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            errors = [m for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]
            if response.status_code >= 400 or errors:
                outcome = False
            elif response.status_code == 302:
                outcome = reverse("account_login") not in response["Location"]
            else:  # 200: a GET shows its form; a POST shown back was refused
                outcome = method == "get"
            raise _Undo
    except _Undo:
        pass
    return outcome


def try_reply_action(client, action: str, page, reply) -> bool:
    pk = reply.pk
    return {
        "appreciate": lambda: accepted(
            client, "post", reverse("appreciate"), {"reply": pk, "kind": "helpful"}
        ),
        "changed_practice": lambda: accepted(
            client, "post", reverse("reply_changed_practice", args=[pk])
        ),
        "answer": lambda: accepted(
            client, "get", reverse("reply_create", args=[page.pk]) + f"?parent={pk}"
        ),
        "answer_post": lambda: accepted(
            client,
            "post",
            reverse("reply_create", args=[page.pk]),
            {
                "body": "An answer.",
                "kind": "comment",
                "parent": pk,
                "submission_key": "8c4a7f42-1f8e-4a36-9d40-5c0a1f4c7e21",
            },
        ),
        "edit": lambda: accepted(client, "get", reverse("reply_edit", args=[pk])),
        "delete": lambda: accepted(client, "post", reverse("reply_delete", args=[pk])),
        "delete_confirm": lambda: accepted(
            client, "get", reverse("reply_delete_confirm", args=[pk])
        ),
        "report": lambda: accepted(
            client, "get", reverse("report", args=[page.pk]) + f"?reply={pk}"
        ),
        "approve": lambda: accepted(
            client, "post", reverse("reply_moderate", args=[pk, "approve"])
        ),
        "unhide": lambda: accepted(client, "post", reverse("reply_moderate", args=[pk, "unhide"])),
    }[action]()


def try_page_action(client, action: str, page) -> bool:
    return {
        "follow": lambda: accepted(client, "post", reverse("page_follow", args=[page.pk])),
        "reply": lambda: accepted(
            client,
            "post",
            reverse("reply_create", args=[page.pk]),
            {
                "body": "A reply.",
                "kind": "comment",
                "submission_key": "5d0c1b3e-8f7a-4e62-b1d9-2a6f3c9e8b10",
            },
        ),
        "appreciate_page": lambda: accepted(
            client, "post", reverse("appreciate"), {"page": page.pk, "kind": "helpful"}
        ),
        "report_page": lambda: accepted(client, "get", reverse("report", args=[page.pk])),
    }[action]()


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "page author", "colleague", "newcomer", "facilitator"]
)
def test_the_thread_offers_exactly_what_its_endpoints_accept(world, who):
    page, replies = world["page"], world["replies"]
    client = client_for(world["people"][who])
    per_reply, on_page = offered(client, page)

    mismatches = []
    for name, reply in replies.items():
        shown = per_reply.get(reply.pk, set())
        for action in REPLY_ACTIONS:
            does = try_reply_action(client, action, page, reply)
            if does != (action in shown):
                mismatches.append(
                    f"{action} on the {name} reply: {'offered' if action in shown else 'hidden'}"
                    f" but the endpoint {'accepts' if does else 'refuses'} it"
                )
    for action in PAGE_ACTIONS:
        does = try_page_action(client, action, page)
        if does != (action in on_page):
            mismatches.append(
                f"{action} on the page: {'offered' if action in on_page else 'hidden'}"
                f" but the endpoint {'accepts' if does else 'refuses'} it"
            )
    assert not mismatches, f"{who}:\n" + "\n".join(mismatches)


def test_what_each_person_is_offered(world):
    """The matrix above proves buttons and endpoints agree; this pins what
    the product offers, so a rule that drifts on both sides at once shows."""
    page, replies = world["page"], world["replies"]
    shown = {who: offered(client_for(user), page) for who, user in world["people"].items()}
    published, held, hidden = replies["published"], replies["held"], replies["hidden"]

    assert shown["anonymous"][0].get(published.pk) == set()
    assert shown["anonymous"][1] == set()
    assert held.pk not in shown["anonymous"][0] and hidden.pk not in shown["anonymous"][0]
    # A reader who is not a member may follow and raise a concern, not take part.
    assert shown["outsider"][0][published.pk] == {"report"}
    assert shown["outsider"][1] == {"follow", "report_page"}
    # A member answers and appreciates colleagues' replies.
    assert shown["colleague"][0][published.pk] == {
        "answer",
        "answer_post",
        "edit",
        "delete",
        "delete_confirm",
    }
    assert {"appreciate", "answer", "report"} <= shown["newcomer"][0][published.pk]
    assert shown["page author"][0][published.pk] == {
        "appreciate",
        "answer",
        "answer_post",
        "report",
        "changed_practice",
    }
    # A newcomer sees their own held reply and may delete it, nothing more.
    assert shown["newcomer"][0][held.pk] == {"delete", "delete_confirm"}
    # The facilitator approves held replies and restores hidden ones — and is
    # not offered a report of a reply nobody else can read.
    assert shown["facilitator"][0][held.pk] == {"approve"}
    assert shown["facilitator"][0][hidden.pk] == {"unhide"}
    # A placeholder is only a place: no buttons for anyone.
    for who in shown:
        assert shown[who][0].get(replies["placeholder"].pk, set()) == set(), who


def test_no_reply_offers_an_action_by_a_hand_typed_state_string():
    """Templates branch on flags and state properties, never on the stored
    string values of states and kinds."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    literal = re.compile(r"""\b(state|kind|role|visibility|join_policy|reason)\s*[!=]=\s*["']""")
    offenders = [
        f"{path.relative_to(templates)}: {line.strip()}"
        for path in templates.rglob("*.html")
        for line in path.read_text().splitlines()
        if literal.search(line)
    ]
    assert not offenders, "\n".join(offenders)
