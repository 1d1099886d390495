"""Writing a reflection in the real editor, as each person meets it: the
panels a teacher needs and no more, the next step as the primary button,
drafts and autosave, review by the facilitators (approve, or ask for changes
with a comment), and back to the site after each step with a message that
says what happens next — and everyone told, in the site and by e-mail."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from blog.factories import reflection_index
from blog.models import Notification, ReflectionPage
from communities.models import NotificationKind

from ..editor import action_labels, editor_post, page_form

pytestmark = pytest.mark.django_db


def add_url(community) -> str:
    index = reflection_index(community)
    return reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def fields_of(title: str, summary: str = "What I tried and what happened.") -> dict:
    return {"title": title, "summary": summary, "date": "2026-11-20"}


def body(text: str = "I tried it in Year 8.") -> dict:
    return {"body": [("paragraph", rich_text(text))]}


def work_list(client) -> str:
    """The titles listed on "My drafts and work awaiting review"."""
    soup = BeautifulSoup(client.get(reverse("my_work")).content, "html.parser")
    listing = soup.find("ul", class_="post-list")
    return listing.get_text(" ") if listing else ""


def messages_after(client, response) -> list[str]:
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


def test_a_member_meets_an_editor_made_for_writing(private_community, member, client):
    client.force_login(member)
    soup, data = page_form(client.get(add_url(private_community)))
    # Only what a teacher writes: no slug, search-engine or scheduling fields.
    for name in ("slug", "seo_title", "search_description", "go_live_at", "expire_at"):
        assert name not in data, name
    assert "title" in data and "summary" in data
    # The title says who will read it.
    assert "Seen by the members of Early Career Circle only." in soup.get_text()
    # The next step is the primary button.
    assert action_labels(soup)[0] == "Submit for review by the facilitators"


def test_whoever_may_publish_has_publish_first(open_community, facilitator, client):
    client.force_login(facilitator)
    soup, _ = page_form(client.get(add_url(open_community)))
    assert action_labels(soup)[0] == "Publish"
    assert "is public: anyone can read this once it is published" in soup.get_text()

    response = editor_post(
        client,
        add_url(open_community),
        action="publish",
        changes=fields_of("Seating plans"),
        streams=body(),
    )
    page = ReflectionPage.objects.get(title="Seating plans")
    assert page.live
    assert response.status_code == 302 and response["Location"] == page.url
    assert any("is in Formative Assessment now" in m for m in messages_after(client, response))


def test_draft_autosave_review_and_approval_through_the_editor(
    private_community, member, facilitator, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Create, save a draft, autosave, reopen, submit to the facilitators,
    open as a facilitator, approve, published — each step through the real
    editor (the path that failed once an inquiry had a draft revision)."""
    client.force_login(member)
    response = editor_post(
        client, add_url(private_community), changes=fields_of("Cold calling"), streams=body()
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_work")
    page = ReflectionPage.objects.get(title="Cold calling")
    assert not page.live
    assert any("as a draft" in m for m in messages_after(client, response))
    work = client.get(reverse("my_work")).content.decode()
    assert "Cold calling" in work and "Draft" in work

    # Autosave (the editor's own background save) answers JSON, not a redirect.
    response = editor_post(
        client,
        edit_url(page),
        changes={"summary": "Autosaved words."},
        autosave=True,
        streams=body(),
    )
    assert response.status_code == 200 and response.json()["success"]
    assert ReflectionPage.objects.get(pk=page.pk).latest_revision.as_object().summary == (
        "Autosaved words."
    )
    # Reopened, the draft is there; submitting sends it to the facilitators.
    assert client.get(edit_url(page)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_post(client, edit_url(page), action="submit", streams=body())
    assert response["Location"] == reverse("my_work")
    assert any("Sent to the facilitators" in m for m in messages_after(client, response))
    assert "Waiting for the facilitators" in client.get(reverse("my_work")).content.decode()
    told = Notification.objects.get(kind=NotificationKind.PAGE_SUBMITTED)
    assert (told.recipient, told.actor, told.page_id) == (facilitator, member, page.pk)
    assert [m.to for m in mailoutbox] == [[facilitator.email]]
    assert "sent a page for your review" in mailoutbox[0].subject

    # The facilitator finds it on the moderation page and opens it.
    client.force_login(facilitator)
    queue = client.get(reverse("moderation", args=[private_community.pk])).content.decode()
    assert "Cold calling" in queue and edit_url(page) in queue
    soup, _ = page_form(client.get(edit_url(page)))
    assert action_labels(soup)[0] == "Approve and Publish"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_post(
            client, edit_url(page), action="workflow", workflow_action="approve", streams=body()
        )
    assert response["Location"] == reverse("moderation", args=[private_community.pk])
    page.refresh_from_db()
    assert page.live and page.summary == "Autosaved words."
    told = Notification.objects.get(kind=NotificationKind.PAGE_APPROVED)
    assert told.recipient == member
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "approved and published your page" in mailoutbox[0].subject
    client.force_login(member)
    assert "Cold calling" not in work_list(client)


def test_changes_asked_for_reach_the_writer_with_the_comment(
    private_community, member, facilitator, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    editor_post(
        client,
        add_url(private_community),
        action="submit",
        changes=fields_of("Exit tickets"),
        streams=body(),
    )
    page = ReflectionPage.objects.get(title="Exit tickets")
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        editor_post(
            client,
            edit_url(page),
            action="workflow",
            workflow_action="reject",
            comment="Could you take the pupil's name out of the second paragraph?",
            streams=body(),
        )
    told = Notification.objects.get(kind=NotificationKind.PAGE_CHANGES_REQUESTED)
    assert told.recipient == member
    assert told.detail == "Could you take the pupil's name out of the second paragraph?"
    assert "take the pupil's name out" in mailoutbox[-1].body
    client.force_login(member)
    work = client.get(reverse("my_work")).content.decode()
    assert "The facilitators asked for changes" in work and "take the pupil&#x27;s name out" in work
    notices = client.get(reverse("notifications")).content.decode()
    assert "asked for changes to your page" in notices
    # The button says what to do next.
    soup, _ = page_form(client.get(edit_url(page)))
    assert action_labels(soup)[0] == "Send back to the facilitators"


def test_two_drafts_with_one_title_never_collide(private_community, member, client):
    """The slug is made from the title; a writer's own hidden draft never
    stops them saving (nor is the slug field theirs to fix)."""
    client.force_login(member)
    for _ in range(2):
        response = editor_post(
            client, add_url(private_community), changes=fields_of("My first term"), streams=body()
        )
        assert response.status_code == 302
    slugs = sorted(
        ReflectionPage.objects.filter(title="My first term").values_list("slug", flat=True)
    )
    assert slugs == ["my-first-term", "my-first-term-2"]
