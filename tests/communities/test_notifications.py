"""What happens to a person's request to join reaches them, and a request
reaches the facilitators — in the site and by e-mail, as each chose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from blog.models import Notification, NotificationLevel, NotificationPreference
from communities.models import Membership, NotificationKind

pytestmark = pytest.mark.django_db


def test_a_request_reaches_the_facilitators_and_the_answer_reaches_the_teacher(
    request_community,
    facilitator,
    make_teacher,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    teacher = make_teacher("Rae Requester")
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("community_join", args=[request_community.pk]),
            {"message": "I teach Year 5 and run the library club."},
        )
    told = Notification.objects.get(kind=NotificationKind.JOIN_REQUESTED)
    assert (told.recipient, told.actor) == (facilitator, teacher)
    assert told.detail == "I teach Year 5 and run the library club."
    assert [m.to for m in mailoutbox] == [[facilitator.email]]
    assert "Rae Requester asked to join: Reading for Pleasure" in mailoutbox[0].subject
    assert "I teach Year 5" in mailoutbox[0].body
    client.force_login(facilitator)
    notices = client.get(reverse("notifications")).content.decode()
    assert reverse("community_members", args=[request_community.pk]) in notices

    membership = Membership.objects.get(user=teacher)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("membership_action", args=[membership.pk, "approve"]))
    told = Notification.objects.get(kind=NotificationKind.JOIN_APPROVED)
    assert (told.recipient, told.actor) == (teacher, facilitator)
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    assert "welcomed you into the community" in mailoutbox[0].subject
    client.force_login(teacher)
    page = client.get(reverse("notifications")).content.decode()
    assert "welcomed you into the community" in page and request_community.url in page


def test_a_declined_request_is_told_too(
    request_community,
    facilitator,
    requester,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    membership = Membership.objects.get(user=requester)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("membership_action", args=[membership.pk, "decline"]))
    told = Notification.objects.get(kind=NotificationKind.JOIN_DECLINED)
    assert told.recipient == requester
    assert [m.to for m in mailoutbox] == [[requester.email]]


def test_choosing_nothing_stops_the_email_not_the_notice(
    request_community,
    facilitator,
    make_teacher,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    NotificationPreference.objects.create(
        user=facilitator, community=request_community, level=NotificationLevel.NONE
    )
    client.force_login(make_teacher("Quiet Asker"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community_join", args=[request_community.pk]))
    assert Notification.objects.filter(recipient=facilitator).exists()
    assert mailoutbox == []
