"""Nobody outside a members-only community reads, answers, appreciates,
reports, follows, edits or deletes anything on its reflections — by any URL
of the blog — and search, people's pages and notifications leak nothing of
it. Every check is a real request; after each, nothing in the database has
changed."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.urls import reverse

from blog.factories import reflection, reflection_index, reply
from blog.models import (
    Appreciation,
    Follow,
    Notification,
    Reply,
    ReplyState,
    Report,
)
from communities import factories
from communities.models import ActivityEvent

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Xylophone lesson that went wrong"
SECRET_WORD = "xylophone"


# --------------------------------------------------------------------------- #
# Fixtures
# --------------------------------------------------------------------------- #


@pytest.fixture
def former(make_teacher, private_community):
    """Once a member of the members-only community, who replied there and left."""
    return make_teacher("Fay Former")


@pytest.fixture
def secret(private_community, member, facilitator, former):
    """A members-only reflection with a thread, an answer held for review,
    a reply by someone who has since left, and an open report."""
    from communities.services import membership_leave

    page = reflection(
        index=reflection_index(private_community),
        author=member,
        title=SECRET_TITLE,
        summary=f"Why my {SECRET_WORD} lesson fell apart.",
    )
    first = reply(page=page, author=facilitator, body="Thank you for being so honest.")
    answer = reply(page=page, author=member, body="It helped to write it down.", parent=first)
    factories.membership(user=former, community=private_community)
    theirs = reply(page=page, author=former, body="I had the same lesson once.")
    membership_leave(user=former, community=private_community)
    held = Reply.objects.create(
        page=page,
        author=facilitator,
        body="Held",
        body_html="<p>Held</p>",
        state=ReplyState.AWAITING,
        path="9999999999/",
    )
    hidden = Reply.objects.create(
        page=page,
        author=member,
        body="Hidden",
        body_html="<p>Hidden</p>",
        state=ReplyState.HIDDEN,
        path="9999999998/",
        moderation_reason="Off topic",
    )
    report = Report.objects.create(
        reporter=member, page=page, reply=first, community=private_community, reason="Check"
    )
    return {
        "page": page,
        "first": first,
        "answer": answer,
        "theirs": theirs,
        "held": held,
        "hidden": hidden,
        "report": report,
        "community": private_community,
    }


def snapshot() -> dict:
    """Everything a blog endpoint could change."""
    return {
        "replies": sorted(
            Reply.objects.values_list(
                "pk", "state", "body", "edited_at", "changed_practice_at", "moderation_reason"
            )
        ),
        "appreciations": sorted(Appreciation.objects.values_list("pk", "user_id", "kind")),
        "reports": sorted(Report.objects.values_list("pk", "resolved_at")),
        "watches": sorted(Follow.objects.values_list("user_id", "page_id")),
        "events": ActivityEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def every_blog_request(s: dict) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every blog URL that touches the page, its
    replies or its community."""
    page, first, theirs = s["page"], s["first"], s["theirs"]
    body = {"body": "Let me in", "kind": "comment"}
    return [
        ("get", page.url, {}),
        (
            "post",
            reverse("reply_create", args=[page.pk]),
            {**body, "submission_key": str(uuid.uuid4())},
        ),
        (
            "post",
            reverse("reply_create", args=[page.pk]),
            {**body, "submission_key": str(uuid.uuid4()), "parent": first.pk},
        ),
        ("post", reverse("page_follow", args=[page.pk]), {}),
        ("get", reverse("report", args=[page.pk]), {}),
        ("post", reverse("report", args=[page.pk]), {"reason": "Spam"}),
        ("post", reverse("report", args=[page.pk]), {"reason": "Spam", "reply": first.pk}),
        ("post", reverse("appreciate"), {"page": page.pk, "kind": "helpful"}),
        ("post", reverse("appreciate"), {"reply": first.pk, "kind": "helpful"}),
        ("get", reverse("reply_edit", args=[theirs.pk]), {}),
        ("post", reverse("reply_edit", args=[theirs.pk]), {"body": "Changed"}),
        ("post", reverse("reply_edit", args=[first.pk]), {"body": "Changed"}),
        ("post", reverse("reply_delete", args=[theirs.pk]), {}),
        ("post", reverse("reply_delete", args=[first.pk]), {}),
        ("post", reverse("reply_changed_practice", args=[first.pk]), {}),
        ("post", reverse("reply_moderate", args=[first.pk, "hide"]), {"reason": "No"}),
        ("post", reverse("reply_moderate", args=[s["hidden"].pk, "unhide"]), {}),
        ("post", reverse("reply_moderate", args=[s["held"].pk, "approve"]), {}),
        ("get", reverse("moderation", args=[s["community"].pk]), {}),
        ("post", reverse("report_resolve", args=[s["report"].pk]), {}),
    ]


def call(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data)


# --------------------------------------------------------------------------- #
# Members-only: signed-in outsiders, former members and anonymous visitors
# --------------------------------------------------------------------------- #


def test_the_member_can_read_it(secret, member, login):
    """The control: the same page and thread are there for a member."""
    html = login(member).get(secret["page"].url).content.decode()
    assert SECRET_TITLE in html
    assert "Thank you for being so honest." in html


@pytest.mark.parametrize("who", ["outsider", "former"])
def test_no_blog_url_answers_a_signed_in_non_member(secret, who, request, login):
    client = login(request.getfixturevalue(who))
    before = snapshot()
    for method, url, data in every_blog_request(secret):
        response = call(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert SECRET_TITLE.encode() not in response.content
        assert snapshot() == before, (method, url)


def test_no_blog_url_answers_an_anonymous_visitor(secret, client):
    """Reading is a 404; anything that needs an account is a sign-in
    redirect — the same for a page that does not exist, so nothing leaks."""
    before = snapshot()
    for method, url, data in every_blog_request(secret):
        response = call(client, method, url, data)
        if url == secret["page"].url:
            assert response.status_code == 404
        else:
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith(reverse("account_login")), url
        assert SECRET_TITLE.encode() not in response.content
        assert snapshot() == before, (method, url)
    # A page that does not exist gets the same answer.
    missing = client.post(reverse("reply_create", args=[999_999]), {"body": "x"})
    assert missing.status_code == 302
    assert missing["Location"].startswith(reverse("account_login"))


def test_a_former_member_cannot_edit_or_delete_their_old_reply(secret, former, login):
    client = login(former)
    theirs = secret["theirs"]
    assert client.post(reverse("reply_edit", args=[theirs.pk]), {"body": "x"}).status_code == 404
    assert client.post(reverse("reply_delete", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.state, theirs.body) == (ReplyState.PUBLISHED, "I had the same lesson once.")


# --------------------------------------------------------------------------- #
# A public community: read, but only members take part
# --------------------------------------------------------------------------- #


@pytest.fixture
def public_post(open_community, member, facilitator):
    page = reflection(index=reflection_index(open_community), author=member, title="Open door")
    first = reply(page=page, author=facilitator, body="A reply anyone can read.")
    return page, first


def test_a_non_member_reads_a_public_reflection_but_cannot_take_part(public_post, outsider, login):
    page, first = public_post
    client = login(outsider)
    html = client.get(page.url).content.decode()
    assert "Open door" in html
    assert "A reply anyone can read." in html
    assert 'id="reply-form"' not in html
    assert "Only members of Formative Assessment can reply." in html

    before = snapshot()
    attempts: list[tuple[str, dict]] = [
        (
            reverse("reply_create", args=[page.pk]),
            {"body": "Me too", "kind": "comment", "submission_key": str(uuid.uuid4())},
        ),
        (
            reverse("reply_create", args=[page.pk]),
            {
                "body": "Me too",
                "kind": "comment",
                "submission_key": str(uuid.uuid4()),
                "parent": first.pk,
            },
        ),
        (reverse("appreciate"), {"page": page.pk, "kind": "helpful"}),
        (reverse("appreciate"), {"reply": first.pk, "kind": "think"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in {403, 404}, (url, data, response.status_code)
        assert snapshot() == before, (url, data)


def test_an_anonymous_visitor_reads_a_public_reflection_and_is_asked_to_sign_in(
    public_post, client
):
    page, _ = public_post
    html = client.get(page.url).content.decode()
    assert "A reply anyone can read." in html
    assert "to reply." in html and 'id="reply-form"' not in html


# --------------------------------------------------------------------------- #
# Search, people's pages, notifications
# --------------------------------------------------------------------------- #


def test_search_never_returns_a_members_only_reflection_to_outsiders(
    secret, member, outsider, login, client
):
    def found(c: Callable) -> bool:
        response = c.get(reverse("search"), {"q": SECRET_WORD})
        assert response.status_code == 200
        return SECRET_TITLE in response.content.decode()

    assert not found(client)
    assert not found(login(outsider))
    assert found(login(member)), "the control: a member finds it"


def test_a_persons_page_hides_members_only_reflections_from_outsiders(
    secret, member, outsider, login, client
):
    url = reverse("person_detail", args=[member.profile.handle])
    for c in (client, login(outsider)):
        html = c.get(url).content.decode()
        assert SECRET_TITLE not in html
        assert "No reflections you can see yet." in html
    assert SECRET_TITLE in login(member).get(url).content.decode()


def test_notifications_for_pages_one_can_no_longer_see_are_not_shown(
    private_community, member, facilitator, make_teacher, login
):
    """A member who leaves a members-only community stops seeing what happened
    inside it — in the list and in the header's count."""
    colleague = make_teacher("Cas Colleague")
    factories.membership(user=colleague, community=private_community)
    page = reflection(
        index=reflection_index(private_community), author=colleague, title=SECRET_TITLE
    )
    reply(page=page, author=facilitator, body="Welcome, and thanks.")
    [notification] = Notification.objects.filter(recipient=colleague)

    client = login(colleague)
    html = client.get(reverse("notifications")).content.decode()
    assert SECRET_TITLE in html
    assert '<span class="count-badge">1<' in html

    response = client.post(reverse("community_leave", args=[private_community.pk]))
    assert response.status_code == 302
    html = client.get(reverse("notifications")).content.decode()
    assert SECRET_TITLE not in html
    assert "count-badge" not in html, "the header does not count what the list hides"
    assert Notification.objects.filter(pk=notification.pk).exists()  # kept, just not shown
