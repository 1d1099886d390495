"""Factories for inquiries (tests and demo content)."""

from __future__ import annotations

import datetime

from django.utils.text import slugify
from wagtail.models import Page

from communities import clock
from communities.factories import add_page

from .models import InquiryIndexPage, InquiryPage


def inquiry_index(community: Page) -> InquiryIndexPage:
    """The community's Inquiries section (it creates it when published)."""
    return InquiryIndexPage.objects.child_of(community).get()


def inquiry(
    *,
    index: InquiryIndexPage,
    author,
    title: str = "Do hinge questions help Year 9 notice misconceptions?",
    question: str = "Will a hinge question at the midpoint of each lesson change what I re-teach?",
    co_inquirers: list | None = None,
    subject: str = "Mathematics",
    phase: str = "secondary",
    learners: str = "Two Year 9 sets, mixed attainment.",
    what_will_be_tried: str = "One hinge question per lesson, answered on mini-whiteboards.",
    evidence_plan: str = "Tally of answers per question; a short student survey.",
    evidence: list | None = None,
    impact: str = "",
    tags: list[str] | None = None,
    start_date: datetime.date | None = None,
    publish: bool = True,
) -> InquiryPage:
    page = InquiryPage(
        title=title,
        slug=slugify(title)[:80] or "inquiry",
        question=question,
        learners=learners,
        what_will_be_tried=what_will_be_tried,
        evidence_plan=evidence_plan,
        subject=subject,
        phase=phase,
        impact=impact,
        owner=author,
        start_date=start_date or clock.today(),
        evidence=evidence or [],
    )
    return add_page(
        index,
        page,
        publish=publish,
        tags=tags,
        prepare=(lambda p: p.co_inquirers.set(co_inquirers)) if co_inquirers else None,
    )
