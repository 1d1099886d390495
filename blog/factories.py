"""Factories for reflections and replies (tests and demo content)."""

from __future__ import annotations

import datetime
import uuid

from django.utils.text import slugify
from wagtail.models import Page

from communities import clock
from communities.factories import add_page

from .models import (
    ReflectionIndexPage,
    ReflectionPage,
    Reply,
    ResourceKind,
    ResourceLibraryPage,
    ResourcePage,
)
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


def resource_library(community: Page) -> ResourceLibraryPage:
    """The community's Resources section (it creates it when published)."""
    return ResourceLibraryPage.objects.child_of(community).get()


def resource(
    *,
    library: ResourceLibraryPage,
    author,
    title: str = "Hinge question bank, Year 9 algebra",
    summary: str = "Twelve hinge questions with the misconception each wrong answer reveals.",
    kind: str = ResourceKind.ASSESSMENT,
    subject: str = "Maths",
    phase: str = "secondary",
    link: str = "https://example.org/hinge-questions",
    document=None,
    adapted_from: ResourcePage | None = None,
    licence: str = "cc_by",
    tags: list[str] | None = None,
    notes: str = "I used them mid-lesson with mini whiteboards.",
    publish: bool = True,
) -> ResourcePage:
    page = ResourcePage(
        title=title,
        slug=slugify(title)[:80] or "resource",
        summary=summary,
        kind=kind,
        subject=subject,
        phase=phase,
        link=link,
        document=document,
        adapted_from=adapted_from,
        licence=licence,
        owner=author,
        how_i_used_it=[("paragraph", f"<p>{notes}</p>")] if notes else [],
    )
    return add_page(library, page, publish=publish, tags=tags)
