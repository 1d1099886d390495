"""Posting a reply costs the same queries however many people hear of it:
who may see the page, each person's e-mail choice and the notifications
themselves are read and written for everyone at once, in the request and in
the background task that sends the e-mails."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.factories import reflection, reflection_index
from blog.models import Follow, Notification, NotificationLevel, NotificationPreference
from communities import factories

pytestmark = pytest.mark.django_db


def add_followers(page, community, make_teacher, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        user = make_teacher(f"Follower {i}", email=f"follower{i}@example.org")
        factories.membership(user=user, community=community)
        NotificationPreference.objects.create(
            user=user, community=community, level=NotificationLevel.ALL
        )
        Follow.objects.create(user=user, page=page)


def post_and_count(client, page, django_capture_on_commit_callbacks) -> int:
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reply_create", args=[page.pk]),
            {"body": "Thank you.", "kind": "comment", "submission_key": str(uuid.uuid4())},
        )
    assert response.status_code == 302
    return len(queries.captured_queries)


def test_posting_a_reply_costs_the_same_for_3_or_30_people_told(
    private_community,
    member,
    facilitator,
    make_teacher,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Prevents the N+1s of telling people: a visibility check, a preference
    read and a notification insert per recipient (about six queries each),
    in the request and again in the e-mail task."""
    page = reflection(index=reflection_index(private_community), author=member, title="Seating")
    client.force_login(facilitator)
    add_followers(page, private_community, make_teacher, 3)
    post_and_count(client, page, django_capture_on_commit_callbacks)  # warm the caches
    mailoutbox.clear()
    small = post_and_count(client, page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4  # the page's author and three followers

    add_followers(page, private_community, make_teacher, 27, start=3)
    mailoutbox.clear()
    large = post_and_count(client, page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 31
    assert Notification.objects.filter(reply__body="Thank you.").count() == 4 + 4 + 31
    assert large == small, f"{small} queries for 3 followers, {large} for 30"
