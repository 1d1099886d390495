"""Bare web addresses in a reply become links, sanitised like every other."""

from __future__ import annotations

import pytest

from blog.markup import render


@pytest.mark.parametrize(
    ("typed", "href"),
    [
        (
            "The slides are at https://example.org/hinge?week=3 — enjoy",
            "https://example.org/hinge?week=3",
        ),
        ("www.example.org/resources", "http://www.example.org/resources"),
        ("Write to head@northfield.sch.uk", "mailto:head@northfield.sch.uk"),
    ],
)
def test_a_bare_address_becomes_a_safe_link(typed, href):
    html = render(typed)
    assert f'<a href="{href}" rel="nofollow ugc noopener">' in html


@pytest.mark.parametrize(
    "typed", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox"]
)
def test_nothing_dangerous_is_made_a_link(typed):
    assert "<a " not in render(typed)
