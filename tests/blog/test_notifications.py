"""Notifications go to exactly the right people: the page's author, the
author of the reply answered, and followers who asked for everything — never
the reply's own author, never anyone who cannot view the page, and as each
person's per-community choice allows. Every e-mail unsubscribes in one click
without signing in. Replies are posted through the test client; e-mails are
sent by the background task once the transaction commits."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from blog.factories import reflection, reflection_index
from blog.models import Follow, Notification, NotificationLevel, NotificationPreference, Reply
from blog.tasks import unsubscribe_token
from communities import factories
from communities.models import CONVERSATION_KINDS

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- #
# Fixtures and helpers
# --------------------------------------------------------------------------- #


@pytest.fixture
def colleague(make_teacher, private_community):
    user = make_teacher("Cleo Colleague")
    factories.membership(user=user, community=private_community)
    return user


@pytest.fixture
def follower(make_teacher, private_community):
    user = make_teacher("Fin Follower")
    factories.membership(user=user, community=private_community)
    return user


@pytest.fixture
def page(private_community, member):
    """A members-only community (newcomers' replies are not held there)."""
    return reflection(
        index=reflection_index(private_community), author=member, title="Peer observation"
    )


@pytest.fixture
def send(client, django_capture_on_commit_callbacks, mailoutbox):
    """send(user, page, body, parent=None) posts a reply as `user` through
    the site and returns the e-mails it caused, by recipient address."""

    def post(user, page, body: str, parent: Reply | None = None) -> dict:
        client.force_login(user)
        already = len(mailoutbox)
        data = {"body": body, "kind": "comment", "submission_key": str(uuid.uuid4())}
        if parent is not None:
            data["parent"] = parent.pk
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reply_create", args=[page.pk]), data)
        assert response.status_code == 302, response.content.decode()[:500]
        client.logout()
        mails = mailoutbox[already:]
        by_address = {mail.to[0]: mail for mail in mails}
        assert len(by_address) == len(mails), "one e-mail per person"
        return by_address

    return post


def set_level(client, user, community, level: str) -> None:
    client.force_login(user)
    response = client.post(
        reverse("notification_settings"), {"community": community.pk, "level": level}
    )
    assert response.status_code == 302
    client.logout()


def newest_reply(user) -> Reply:
    return Reply.objects.filter(author=user).latest("pk")


# --------------------------------------------------------------------------- #
# Who hears
# --------------------------------------------------------------------------- #


def test_a_reply_emails_the_pages_author_and_nobody_else(page, member, colleague, send):
    mails = send(colleague, page, "Can I come and watch next week?")
    assert set(mails) == {member.email}
    mail = mails[member.email]
    assert "Cleo Colleague replied to your page: Peer observation" in mail.subject
    assert "Can I come and watch next week?" in mail.body
    reply = newest_reply(colleague)
    assert f"http://testserver{page.url}#reply-{reply.pk}" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "Can I come and watch next week?" in html


def test_an_answer_emails_the_parent_replys_author(page, member, colleague, facilitator, send):
    send(facilitator, page, "Thank you for sharing this.")
    parent = newest_reply(facilitator)
    mails = send(colleague, page, "I agree with Fran.", parent=parent)
    assert "answered your reply" in mails[facilitator.email].subject
    assert "replied to your page" in mails[member.email].subject
    assert set(mails) == {facilitator.email, member.email}


def test_never_the_replys_own_author(page, member, colleague, send):
    """The author answering on their own page, following it, gets nothing."""
    assert Follow.objects.filter(user=member, page=page).exists()
    send(colleague, page, "A first reply.")
    first = newest_reply(colleague)
    mails = send(member, page, "Thanks!", parent=first)
    assert set(mails) == {colleague.email}
    assert not Notification.objects.filter(recipient=member, reply=newest_reply(member)).exists()


def test_followers_who_chose_all_activity_hear_of_every_reply(
    page, member, colleague, follower, private_community, client, send
):
    # Following, at the default level ("replies to me"): nothing.
    client.force_login(follower)
    assert client.post(reverse("page_follow", args=[page.pk])).status_code == 302
    client.logout()
    assert Follow.objects.filter(user=follower, page=page).exists()
    assert set(send(colleague, page, "One.")) == {member.email}

    set_level(client, follower, private_community, NotificationLevel.ALL)
    mails = send(colleague, page, "Two.")
    assert set(mails) == {member.email, follower.email}
    assert "replied on a page you follow" in mails[follower.email].subject


def test_never_anyone_who_cannot_view_the_page(
    page, member, colleague, follower, private_community, client, send
):
    """A follower who asked for everything, then left the members-only community."""
    Follow.objects.create(user=follower, page=page)
    set_level(client, follower, private_community, NotificationLevel.ALL)
    assert follower.email in send(colleague, page, "Before they left.")

    client.force_login(follower)
    client.post(reverse("community_leave", args=[private_community.pk]))
    client.logout()
    mails = send(colleague, page, "After they left.")
    assert set(mails) == {member.email}
    assert not Notification.objects.filter(
        recipient=follower, reply=newest_reply(colleague)
    ).exists()


def test_a_held_reply_notifies_only_once_a_facilitator_approves_it(
    open_community,
    member,
    facilitator,
    make_teacher,
    client,
    send,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """A public community holds a newcomer's first replies: nobody hears of
    one until it is approved (but the facilitators, that it waits for them),
    then the page's author does — and its writer, that it was approved."""
    author = make_teacher("Paula Poster")
    factories.membership(user=author, community=open_community)
    page = reflection(index=reflection_index(open_community), author=author, title="Open lesson")
    mails = send(member, page, "My very first reply.")
    assert list(mails) == [facilitator.email]
    assert "waits for your review" in mails[facilitator.email].subject
    held = newest_reply(member)
    assert held.state == "awaiting"
    assert not Notification.objects.filter(kind__in=CONVERSATION_KINDS).exists()
    mailoutbox.clear()

    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reply_moderate", args=[held.pk, "approve"]))
    assert response.status_code == 302
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {author.email, member.email}
    assert "Mo Member replied to your page: Open lesson" in by_address[author.email].subject
    assert "approved your reply" in by_address[member.email].subject


def test_the_pages_author_who_left_hears_nothing_more(
    page, member, colleague, facilitator, private_community, client, send
):
    client.force_login(member)
    client.post(reverse("community_leave", args=[private_community.pk]))
    client.logout()
    assert send(colleague, page, "Anyone there?") == {}


@pytest.mark.parametrize(
    ("level", "hears_reply_to_page", "hears_as_follower"),
    [
        (NotificationLevel.ALL, True, True),
        (NotificationLevel.REPLIES, True, False),
        (NotificationLevel.NONE, False, False),
    ],
)
def test_each_persons_choice_per_community_is_respected(
    level,
    hears_reply_to_page,
    hears_as_follower,
    page,
    member,
    colleague,
    follower,
    private_community,
    open_community,
    client,
    send,
):
    set_level(client, member, private_community, level)
    set_level(client, follower, private_community, level)
    # A choice for one community does not touch another.
    set_level(client, member, open_community, NotificationLevel.NONE)
    Follow.objects.create(user=follower, page=page)

    mails = send(colleague, page, "What did the students say?")
    assert (member.email in mails) is hears_reply_to_page
    assert (follower.email in mails) is hears_as_follower
    preference = NotificationPreference.objects.get(user=member, community=private_community)
    assert preference.level == level


def test_settings_page_lists_ones_communities_and_refuses_others(
    private_community, open_community, member, outsider, client
):
    client.force_login(member)
    html = client.get(reverse("notification_settings")).content.decode()
    assert "Early Career Circle" in html and "Formative Assessment" in html
    # The default is "replies to me".
    assert re.search(r'value="replies" checked', html)

    client.force_login(outsider)
    html = client.get(reverse("notification_settings")).content.decode()
    assert "Early Career Circle" not in html
    response = client.post(
        reverse("notification_settings"), {"community": private_community.pk, "level": "all"}
    )
    assert response.status_code == 404
    assert not NotificationPreference.objects.filter(user=outsider).exists()


# --------------------------------------------------------------------------- #
# Unsubscribe
# --------------------------------------------------------------------------- #


def unsubscribe_url_of(mail) -> str:
    header = mail.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/") and header.endswith(">")
    url = header[1:-1]
    assert url in mail.body, "the link is in the text body"
    assert url in mail.alternatives[0][0], "and in the HTML body"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return url.removeprefix("http://testserver")


def test_every_email_unsubscribes_in_one_click_without_signing_in(
    page, member, colleague, private_community, send
):
    mail = send(colleague, page, "Lovely.")[member.email]
    url = unsubscribe_url_of(mail)
    anonymous = Client(enforce_csrf_checks=True)

    confirm = anonymous.get(url)
    assert confirm.status_code == 200
    assert "Stop e-mails from Early Career Circle?" in confirm.content.decode()
    assert not NotificationPreference.objects.filter(user=member).exists(), "GET changes nothing"

    # A mail client's one-click POST: no session, no CSRF token.
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You're unsubscribed" in done.content.decode()
    preference = NotificationPreference.objects.get(user=member, community=private_community)
    assert preference.level == NotificationLevel.NONE

    assert send(colleague, page, "Hello again.") == {}


def test_a_tampered_unsubscribe_token_is_a_404(page, member, colleague, facilitator, send):
    url = unsubscribe_url_of(send(colleague, page, "Hi.")[member.email])
    token = url.rstrip("/").rsplit("/", 1)[1]
    anonymous = Client()
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert anonymous.get(reverse("notifications_unsubscribe", args=[tampered])).status_code == 404
    assert anonymous.post(reverse("notifications_unsubscribe", args=[tampered])).status_code == 404
    # Someone else's id with a signature made for another token does not pass either.
    community = page.get_parent().get_parent()
    other = unsubscribe_token(user_id=facilitator.pk, community_id=community.pk)
    forged = other.split(":", 1)[0] + ":" + token.split(":", 1)[1]
    assert anonymous.post(reverse("notifications_unsubscribe", args=[forged])).status_code == 404
    assert not NotificationPreference.objects.exists()


# --------------------------------------------------------------------------- #
# In the site
# --------------------------------------------------------------------------- #


def test_notifications_page_header_count_and_mark_all_read(
    page, member, colleague, facilitator, send, client
):
    send(colleague, page, "First thought.")
    send(facilitator, page, "Second thought.")

    client.force_login(member)
    html = client.get(reverse("notifications")).content.decode()
    assert html.count("replied to your page") == 2
    assert "Cleo Colleague" in html and "Fran Facilitator" in html
    assert f'href="{page.url}#reply-{newest_reply(colleague).pk}"' in html
    assert re.search(r'class="count-badge">2<span class="visually-hidden"> unread', html)
    # The count shows on every page, not only this one.
    assert 'class="count-badge">2<' in client.get(page.url).content.decode()

    response = client.post(reverse("notifications"))
    assert response.status_code == 302
    html = client.get(reverse("notifications")).content.decode()
    assert "count-badge" not in html
    assert html.count("replied to your page") == 2, "read ones stay listed"
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
