"""The Content-Security-Policy in a real browser: the watcher every browser
test runs under (conftest.watch_for_csp_violations) hears a refusal, and the
editor — a reflection's page editor with its rich text and StreamField, the
the page explorer — works under the editor's policy with none."""

from __future__ import annotations

import re

import pytest

from blog import factories as blog_factories

from .conftest import _CSP_VIOLATIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_inline_script_or_style_is_refused_and_heard(new_page, request, open_community):
    """Without this, a watcher that heard nothing would pass every test."""
    page = new_page()
    page.goto(open_community.url)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.append(script);
            document.body.setAttribute("style", "color: red");
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ranInline") is None
    heard = request.node.stash[_CSP_VIOLATIONS]
    assert any("script-src" in v for v in heard), heard
    assert any("style-src" in v for v in heard), heard
    heard.clear()  # heard as it should be: this test passes


def test_author_edits_a_reflection_in_the_editor_without_a_violation(
    new_page, sign_in, open_community, facilitator
):
    from playwright.sync_api import expect

    index = blog_factories.reflection_index(open_community)
    reflection = blog_factories.reflection(
        index=index,
        author=facilitator,
        title="Hinge questions in Year 9",
        summary="A question at the hinge of every lesson.",
    )
    page = sign_in(new_page(), facilitator)

    # The page on the site, with the editor's user bar.
    page.goto(reflection.url)
    expect(page.get_by_role("heading", level=1, name="Hinge questions in Year 9")).to_be_visible()
    expect(page.locator("wagtail-userbar")).to_be_attached()

    # The page editor: rich text (Draftail) and a new StreamField block.
    page.goto(f"/admin/pages/{reflection.pk}/edit/")
    expect(page.get_by_role("textbox", name=re.compile("^Title"))).to_have_value(
        "Hinge questions in Year 9"
    )
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.type("Every pupil answered on a mini whiteboard.")
    expect(editor).to_contain_text("mini whiteboard")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Quotation").click()
    quote = page.get_by_role("textbox", name=re.compile("^Quote"))
    expect(quote).to_be_visible()
    quote.fill("Every teacher needs to improve.")

    # The preview panel frames the page as edited, under the preview's policy.
    page.get_by_role("button", name=re.compile("preview", re.IGNORECASE)).first.click()
    preview = page.frame_locator("iframe[title='Preview']").first
    expect(preview.get_by_text("Every teacher needs to improve.")).to_be_visible()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Save draft").click()
    # A writer goes back to the site after saving (communities.wagtail_hooks).
    expect(page.get_by_role("status")).to_be_visible()

    # The page explorer, one level up.
    page.goto(f"/admin/pages/{index.pk}/")
    expect(
        page.get_by_role("link", name=re.compile("Hinge questions in Year 9")).first
    ).to_be_visible()
