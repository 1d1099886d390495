"""The resource library in a real browser: a teacher finds a resource a
colleague in another school shared, downloads it, reports trying it, and
sees the resource's summary change."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from blog import factories as blog_factories
from blog.models import ResourceTry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_find_download_and_report_trying_a_resource(
    new_page, sign_in, open_community, facilitator, member, other_school, shots_dir
):
    from playwright.sync_api import expect

    facilitator.profile.school = other_school
    facilitator.profile.save()
    library = blog_factories.resource_library(open_community)
    document = get_document_model().objects.create(
        title="Hinge questions",
        file=ContentFile(PDF, name="hinge-questions.pdf"),
        collection=open_community.collection,
    )
    blog_factories.resource(
        library=library,
        author=facilitator,
        title="Hinge question bank, Year 9 algebra",
        summary="Twelve hinge questions, each wrong answer a misconception.",
        document=document,
        link="",
    )
    blog_factories.resource(
        library=library, author=facilitator, title="Phonics picture cards",
        kind="activity", subject="Reading", phase="primary",
    )  # fmt: skip

    page = sign_in(new_page(), member)
    page.goto(library.url)
    # Find it: search the library and narrow by kind.
    page.get_by_label("Search the library").fill("hinge")
    page.get_by_label("Kind").select_option("assessment")
    page.get_by_role("button", name="Find").click()
    results = page.locator(".resource-list")
    expect(results.get_by_role("link", name="Phonics picture cards")).to_have_count(0)
    results.get_by_role("link", name="Hinge question bank, Year 9 algebra").click()
    expect(page.locator("#try-summary")).to_have_text("Nobody has reported trying it yet.")

    # Download it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        assert f.read().startswith(b"%PDF")

    # Report trying it.
    page.get_by_role("link", name="I tried it").click()
    page.get_by_label("Yes, with changes").check()
    page.get_by_label("What happened to learning").fill("Most of the class moved on at once.")
    page.get_by_label("What you adapted").fill("Six questions, not twelve.")
    page.get_by_label("Class size").fill("27")
    page.get_by_role("button", name="Share my report").click()

    # The summary changed, and the report is there with the teacher's name.
    expect(page.locator("#try-summary")).to_have_text(
        "Tried by 1 colleague in 1 school; 1 would recommend, 1 with changes."
    )
    expect(page.locator("#tries")).to_contain_text("Most of the class moved on at once.")
    expect(page.locator("#tries")).to_contain_text(member.profile.display_name)
    assert ResourceTry.objects.get().recommend == "with_changes"
    page.screenshot(path=str(shots_dir / "resource-tried.png"), full_page=True)
