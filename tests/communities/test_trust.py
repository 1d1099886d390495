"""Earned trust changes real permissions: a teacher whose work and feedback
colleagues value becomes a contributor (publishes without review, replies
at once) and then a leader (approves newcomers' pages, looks after the
conversation) — told each time, with the reasons; a fall waits for a grace
period and never reaches a facilitator; a title earns nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from blog import factories as blog_factories
from blog import services as blog_services
from blog.models import AppreciationKind, Notification, ReflectionPage, ReplyState
from communities import clock, factories
from communities.models import (
    ActivityEvent,
    Membership,
    NotificationKind,
    RecognitionDue,
    Role,
    Standing,
    TrustLevel,
    Verb,
)
from communities.services import recognition_recompute

from ..editor import action_labels, editor_post, page_form

pytestmark = pytest.mark.django_db


def standing_of(user, community) -> Standing:
    return Membership.objects.get(user=user, community=community).standing


def groups_of(user, community) -> set[str]:
    names = {
        community.members_group_id: "members",
        community.facilitators_group_id: "facilitators",
        community.contributors_group_id: "contributors",
        community.leaders_group_id: "leaders",
    }
    return {names[g.pk] for g in user.groups.all() if g.pk in names}


@pytest.fixture
def colleagues(make_teacher, open_community):
    people = []
    for n in range(6):
        person = make_teacher(f"Colleague {n}")
        factories.membership(user=person, community=open_community)
        people.append(person)
    return people


def earn_contributor(person, community, colleagues) -> ReflectionPage:
    """What the contributor threshold asks, done through the services: one
    published reflection, three substantive replies to colleagues' work, and
    appreciation from two colleagues."""
    type(community).objects.filter(pk=community.pk).update(hold_newcomer_replies=False)
    community.refresh_from_db()
    index = blog_factories.reflection_index(community)
    mine = blog_factories.reflection(index=index, author=person, title="My seating plan")
    for n, colleague in enumerate(colleagues[:3]):
        theirs = blog_factories.reflection(index=index, author=colleague, title=f"Theirs {n}")
        blog_factories.reply(page=theirs, author=person, body="Have you tried triads?", kind="warm")
    for colleague in colleagues[3:5]:
        blog_services.appreciation_toggle(user=colleague, kind=AppreciationKind.HELPFUL, page=mine)
    return mine


def test_a_newcomer_becomes_a_contributor_and_is_told_why(
    open_community, member, colleagues, client
):
    recognition_recompute(community=open_community)
    assert standing_of(member, open_community).level == TrustLevel.NEWCOMER
    assert groups_of(member, open_community) == {"members"}

    earn_contributor(member, open_community, colleagues)
    changes = recognition_recompute(community=open_community)
    assert [(m.user, level) for m, level in changes] == [(member, TrustLevel.CONTRIBUTOR)]
    standing = standing_of(member, open_community)
    assert standing.level == TrustLevel.CONTRIBUTOR
    assert [line["text"] for line in standing.explanation["trust"]][:3] == [
        "published 1 piece of work",
        "gave 3 substantive replies",
        "appreciated by 2 colleagues",
    ]
    assert groups_of(member, open_community) == {"members", "contributors"}
    # Told, once, in words; recorded in the ledger (not in the public stream).
    [told] = Notification.objects.filter(recipient=member, kind=NotificationKind.TRUST_CHANGED)
    assert "You can now publish in Formative Assessment without review" in told.detail
    assert ActivityEvent.objects.filter(actor=member, verb=Verb.TRUST_RAISED).count() == 1
    client.force_login(member)
    assert "was trusted with more" not in client.get(open_community.url).content.decode()
    # A second run changes nothing and tells nobody again.
    assert recognition_recompute(community=open_community) == []
    assert Notification.objects.filter(kind=NotificationKind.TRUST_CHANGED).count() == 1


def test_a_contributor_publishes_without_review_and_replies_at_once(
    open_community, member, colleagues, client
):
    earn_contributor(member, open_community, colleagues)
    recognition_recompute(community=open_community)
    client.force_login(member)
    index = blog_factories.reflection_index(open_community)
    url = reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])
    soup, _ = page_form(client.get(url))
    assert action_labels(soup)[0] == "Publish"
    response = editor_post(
        client,
        url,
        action="publish",
        changes={
            "title": "Straight to the community",
            "summary": "No review.",
            "date": "2026-11-30",
        },
        streams={"body": []},
    )
    page = ReflectionPage.objects.get(title="Straight to the community")
    assert page.live and response["Location"] == page.url

    # Replies are not held, even where a community holds newcomers' replies.
    type(open_community).objects.filter(pk=open_community.pk).update(hold_newcomer_replies=True)
    response = client.post(
        reverse("reply_create", args=[page.pk]),
        {"body": "A further thought.", "kind": "comment", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    reply = page.replies.get(body="A further thought.")
    assert reply.state == ReplyState.PUBLISHED


def test_a_newcomer_still_goes_through_review(open_community, member, client):
    recognition_recompute(community=open_community)
    client.force_login(member)
    index = blog_factories.reflection_index(open_community)
    url = reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])
    soup, _ = page_form(client.get(url))
    assert action_labels(soup)[0] == "Submit for review by the facilitators"
    assert "Publish" not in action_labels(soup)


def test_a_leader_approves_newcomers_pages_and_moderates(
    open_community, member, colleagues, make_teacher, client, settings
):
    settings.STAFFROOM_RECOGNITION = {
        **settings.STAFFROOM_RECOGNITION,
        "trust": {
            "contributor": {"published": 1, "substantive_replies": 3, "appreciated_by": 2},
            "leader": {"feedback_from": 2, "influence": 0.0, "strands": 0},
        },
    }
    earn_contributor(member, open_community, colleagues)
    recognition_recompute(community=open_community)
    assert standing_of(member, open_community).level == TrustLevel.LEADER
    assert groups_of(member, open_community) == {"members", "contributors", "leaders"}
    told = Notification.objects.filter(recipient=member, kind=NotificationKind.TRUST_CHANGED)
    assert "marks you out as a leader" in told.get().detail

    newcomer = make_teacher("Nell Newcomer")
    factories.membership(user=newcomer, community=open_community)
    client.force_login(newcomer)
    index = blog_factories.reflection_index(open_community)
    add = reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])
    editor_post(
        client,
        add,
        action="submit",
        changes={"title": "My first try", "summary": "Please look.", "date": "2026-11-30"},
        streams={"body": []},
    )
    page = ReflectionPage.objects.get(title="My first try")
    client.force_login(member)
    queue = client.get(reverse("moderation", args=[open_community.pk]))
    assert queue.status_code == 200 and "My first try" in queue.content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    soup, _ = page_form(client.get(edit))
    assert action_labels(soup)[0] == "Approve and Publish"
    editor_post(client, edit, action="workflow", workflow_action="approve", streams={"body": []})
    page.refresh_from_db()
    assert page.live


def test_a_fall_waits_for_the_grace_period_and_spares_facilitators(
    open_community, member, facilitator, colleagues
):
    mine = earn_contributor(member, open_community, colleagues)
    recognition_recompute(community=open_community)
    Membership.objects.filter(user=facilitator, community=open_community).update(
        role=Role.FACILITATOR
    )
    Standing.objects.filter(membership__user=facilitator).update(trust_level=TrustLevel.LEADER)

    mine.unpublish()  # the work behind it is gone: no longer qualifies
    recognition_recompute(community=open_community)
    standing = standing_of(member, open_community)
    assert standing.level == TrustLevel.CONTRIBUTOR and standing.below_since is not None
    with clock.travel(clock.now() + datetime.timedelta(days=61)):
        changes = recognition_recompute(community=open_community)
    assert [(m.user, level) for m, level in changes] == [(member, TrustLevel.NEWCOMER)]
    assert groups_of(member, open_community) == {"members"}
    assert (
        "goes through the facilitators again"
        in Notification.objects.filter(recipient=member, kind=NotificationKind.TRUST_CHANGED)
        .latest("pk")
        .detail
    )
    # The facilitator, with nothing to their name, keeps their level.
    assert standing_of(facilitator, open_community).level == TrustLevel.LEADER


def test_activity_marks_the_community_due_once_and_the_recompute_clears_it(
    open_community, member, colleagues, django_capture_on_commit_callbacks
):
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=colleagues[0], title="T"
    )
    RecognitionDue.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for kind in AppreciationKind.values:
            blog_services.appreciation_toggle(user=member, kind=kind, page=page)
    assert RecognitionDue.objects.filter(community=open_community).count() == 1
    recompute_callbacks = [
        c
        for c in callbacks
        if getattr(getattr(c, "func", None), "__name__", "") == "_enqueue_recompute"
    ]
    assert len(recompute_callbacks) == 1
    recompute_callbacks[0]()
    assert not RecognitionDue.objects.exists()
    assert Standing.objects.filter(membership__community=open_community).count() == (
        Membership.objects.active().filter(community=open_community).count()
    )
