"""A weekly digest for those who want fewer e-mails: nothing goes out as it
happens; `send_digests` sends each person one e-mail with everything not yet
e-mailed, once — a second run (another server) sends nothing."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.factories import reflection, reflection_index
from blog.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def test_a_weekly_digest_gathers_the_week_into_one_email(
    private_community,
    member,
    facilitator,
    make_teacher,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    page = reflection(index=reflection_index(private_community), author=member, title="Seating")
    client.force_login(member)
    response = client.post(
        reverse("notification_settings"),
        {"community": private_community.pk, "level": "replies", "delivery": Delivery.WEEKLY},
    )
    assert response.status_code == 302
    client.force_login(facilitator)
    for body in ("First thought.", "Second thought."):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("reply_create", args=[page.pk]),
                {"body": body, "kind": "comment", "submission_key": str(uuid.uuid4())},
            )
    assert mailoutbox == [], "nothing is e-mailed as it happens"
    assert Notification.objects.filter(recipient=member).count() == 2

    call_command("send_digests")
    assert [m.to for m in mailoutbox] == [[member.email]]
    digest = mailoutbox[0]
    assert "Your week on Staffroom: 2 things to see" in digest.subject
    assert digest.body.count("replied to your page") == 2 and "Early Career Circle" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(recipient=member, emailed_at__isnull=True).exists()

    call_command("send_digests")
    assert len(mailoutbox) == 1, "each notice is e-mailed once"
