"""E-mail that never silently stops. A display name with a line break
("Daniel\\r\\nBcc: x@example.com") would smuggle a header into every e-mail
that names its owner: Django refuses such a message, and the refusal used to
stop the notification task, so nobody heard. Now the name is refused where
it is typed, cleaned again wherever a header is built (for names saved
before), and one recipient's failure never stops the others'."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from blog.factories import reflection, reflection_index
from blog.models import Follow, NotificationLevel, NotificationPreference
from communities import factories
from communities.models import Profile

pytestmark = pytest.mark.django_db

HOSTILE = "Daniel\r\nBcc: x@example.com"


@pytest.fixture
def page(private_community, member):
    return reflection(
        index=reflection_index(private_community), author=member, title="Peer observation"
    )


@pytest.fixture
def daniel(make_teacher, private_community):
    """A member whose name was saved with a line break before the forms refused one."""
    user = make_teacher("Daniel")
    Profile.objects.filter(user=user).update(display_name=HOSTILE)
    factories.membership(user=user, community=private_community)
    return user


@pytest.fixture
def follower(make_teacher, private_community, page):
    user = make_teacher("Fin Follower")
    factories.membership(user=user, community=private_community)
    Follow.objects.create(user=user, page=page)
    NotificationPreference.objects.create(
        user=user, community=private_community, level=NotificationLevel.ALL
    )
    return user


def post_reply(client, user, page, django_capture_on_commit_callbacks):
    client.force_login(user)
    data = {"body": "Here is what I saw.", "kind": "comment", "submission_key": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reply_create", args=[page.pk]), data)
    assert response.status_code == 302


def test_a_name_with_a_line_break_is_refused_at_sign_up(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "daniel@northfield.sch.uk",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "display_name": HOSTILE,
        },
    )
    assert response.status_code == 200
    assert "no line breaks or tabs" in response.content.decode()
    assert not Profile.objects.filter(user__email="daniel@northfield.sch.uk").exists()


def test_a_name_with_a_line_break_is_refused_on_the_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("profile_edit"), {"display_name": HOSTILE, "phase": ""})
    assert response.status_code == 200
    assert "no line breaks or tabs" in response.content.decode()
    assert Profile.objects.get(user=member).display_name == "Mo Member"


def test_everyone_hears_of_a_reply_by_a_name_saved_with_a_line_break(
    client, page, member, daniel, follower, mailoutbox, django_capture_on_commit_callbacks
):
    post_reply(client, daniel, page, django_capture_on_commit_callbacks)
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {member.email, follower.email}
    for mail in by_address.values():
        assert "\r" not in mail.subject and "\n" not in mail.subject
        assert "Daniel Bcc: x@example.com" in mail.subject  # shown, harmless
        assert mail.recipients() == mail.to
        headers = mail.message()
        assert headers["Bcc"] is None and headers["To"] == mail.to[0]


def test_one_recipients_failure_never_stops_the_others(
    client,
    page,
    member,
    daniel,
    follower,
    mailoutbox,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
):
    real_send = EmailMessage.send

    def send(message, fail_silently=False):
        if member.email in message.to:
            raise ConnectionError("the mail server hung up")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    with caplog.at_level(logging.ERROR):
        post_reply(client, daniel, page, django_capture_on_commit_callbacks)
    assert [mail.to for mail in mailoutbox] == [[follower.email]]
    failure = next(r for r in caplog.records if "could not be sent" in r.getMessage())
    assert str(member.pk) in failure.getMessage()  # who, and which notices: enough to retry
