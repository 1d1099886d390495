"""Factories for reflections and replies (tests and demo content)."""

from __future__ import annotations

import datetime
import uuid

from django.utils.text import slugify
from wagtail.models import Page

from communities import clock
from communities.factories import add_page

from .models import ReflectionIndexPage, ReflectionPage, Reply
from .services import reply_post


def reflection_index(community: Page) -> ReflectionIndexPage:
    """The community's Reflections section (it creates it when published)."""
    return ReflectionIndexPage.objects.child_of(community).get()


def reflection(
    *,
    index: ReflectionIndexPage,
    author,
    title: str = "Hinge questions in Year 9",
    summary: str = "What happened when I paused mid-lesson to check understanding.",
    paragraphs: list[str] | None = None,
    tags: list[str] | None = None,
    date: datetime.date | None = None,
    publish: bool = True,
) -> ReflectionPage:
    page = ReflectionPage(
        title=title,
        slug=slugify(title)[:80] or "reflection",
        summary=summary,
        owner=author,
        date=date or clock.today(),
        body=[("paragraph", f"<p>{p}</p>") for p in (paragraphs or [summary])],
    )
    return add_page(index, page, publish=publish, tags=tags)


def reply(
    *,
    page: Page,
    author,
    body: str = "Thank you for sharing this.",
    parent: Reply | None = None,
    kind: str = "comment",
) -> Reply:
    """A reply posted the way a person posts one (through the service)."""
    created, _ = reply_post(
        user=author, page=page, body=body, kind=kind, parent=parent, submission_key=uuid.uuid4()
    )
    return created
