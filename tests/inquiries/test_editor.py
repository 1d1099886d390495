"""Starting an inquiry in the real editor, with and without co-inquirers:
create, save a draft, autosave, reopen (as its writer and as a co-inquirer),
submit, open as the facilitator, approve, published — the journey that once
answered 500 as soon as an inquiry had a draft revision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from blog.models import Notification
from communities.models import NotificationKind
from inquiries.factories import inquiry_index
from inquiries.models import InquiryPage, InquiryProgress

from ..editor import action_labels, editor_post, page_form

pytestmark = pytest.mark.django_db


def add_url(community) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["inquiries", "inquirypage", inquiry_index(community).pk]
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.parametrize("with_co_inquirer", [False, True], ids=["alone", "with a co-inquirer"])
def test_an_inquiry_goes_from_draft_to_published_through_the_editor(
    with_co_inquirer,
    private_community,
    member,
    co_inquirer,
    facilitator,
    as_,
    django_capture_on_commit_callbacks,
):
    writer = as_(member)
    soup, data = page_form(writer.get(add_url(private_community)))
    assert action_labels(soup)[0] == "Submit for review by the facilitators"
    assert "slug" not in data
    changes = {
        "title": "Cold calling with new Year 7s",
        "question": "Does no-hands-up questioning draw in the quiet half of the class?",
        "subject": "English",
    }
    if with_co_inquirer:
        changes["co_inquirers"] = [str(co_inquirer.pk)]
    response = editor_post(
        writer, add_url(private_community), changes=changes, streams={"evidence": []}
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_work")
    inquiry = InquiryPage.objects.get(title="Cold calling with new Year 7s")
    assert not inquiry.live

    # Draft revision saved: reopen, autosave, reopen again — never a 500.
    assert writer.get(edit_url(inquiry)).status_code == 200
    response = editor_post(
        writer,
        edit_url(inquiry),
        changes={"learners": "Two Year 7 forms."},
        streams={"evidence": []},
        autosave=True,
    )
    assert response.status_code == 200 and response.json()["success"]
    assert writer.get(edit_url(inquiry)).status_code == 200
    if with_co_inquirer:
        # The co-inquirer opens the draft too, and it lists them on their work page.
        colleague = as_(co_inquirer)
        assert colleague.get(edit_url(inquiry)).status_code == 200
        assert "Cold calling with new Year 7s" in colleague.get(reverse("my_work")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_post(writer, edit_url(inquiry), action="submit", streams={"evidence": []})
    assert response["Location"] == reverse("my_work")
    assert Notification.objects.filter(
        kind=NotificationKind.PAGE_SUBMITTED, recipient=facilitator, page=inquiry
    ).exists()

    reviewer = as_(facilitator)
    queue = reviewer.get(reverse("moderation", args=[private_community.pk])).content.decode()
    assert edit_url(inquiry) in queue
    soup, data = page_form(reviewer.get(edit_url(inquiry)))
    assert action_labels(soup)[0] == "Approve and Publish"
    assert data.get("co_inquirers") == (str(co_inquirer.pk) if with_co_inquirer else None)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_post(
            reviewer,
            edit_url(inquiry),
            action="workflow",
            workflow_action="approve",
            streams={"evidence": []},
        )
    assert response.status_code == 302
    inquiry = InquiryPage.objects.get(pk=inquiry.pk)
    assert inquiry.live and inquiry.learners == "Two Year 7 forms."
    assert list(inquiry.co_inquirers.all()) == ([co_inquirer] if with_co_inquirer else [])
    assert InquiryProgress.objects.filter(inquiry=inquiry).exists()
    assert Notification.objects.filter(
        kind=NotificationKind.PAGE_APPROVED, recipient=member, page=inquiry
    ).exists()
    # Published: the inquirers' page shows it, stage one.
    assert "Scanning" in writer.get(inquiry.url).content.decode()
