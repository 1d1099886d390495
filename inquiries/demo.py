"""Demo inquiries at every stage — some shared with school leadership, some
not — with evidence, stage notes, conversations and a head teacher's
feedback. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from blog import demo as blog_demo
from communities import clock
from communities.demo import check_member
from communities.models import CommunityPage, Profile

from . import factories, services
from .demo_content import INQUIRIES
from .models import InquiryPage
from .stages import Stage


def _who(name: str):
    return Profile.objects.select_related("user").get(display_name=name).user


def _evidence(items: list[tuple]) -> list[tuple]:
    """The content's shorthand as the evidence StreamField's blocks."""
    blocks = []
    for kind, *values in items:
        if kind == "observation":
            days_ago, note = values
            date = clock.today() - datetime.timedelta(days=days_ago)
            blocks.append(("observation", {"date": date, "note": note}))
        elif kind == "quote":
            quote, who = values
            blocks.append(("learner_quote", {"quote": quote, "who": who}))
        else:
            title, rows = values
            table = {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False}
            blocks.append(("data_table", {"title": title, "table": table}))
    return blocks


@transaction.atomic
def seed() -> None:
    """Inquiries started over the term, each moved through its stages,
    discussed, shared, completed and given feedback at the time it
    happened — through the same services as a teacher's clicks, and only by
    people who had joined the community by then."""
    for spec in INQUIRIES:
        community = CommunityPage.objects.get(slug=spec["community"])
        index = factories.inquiry_index(community)
        if InquiryPage.objects.child_of(index).filter(title=spec["title"]).exists():
            continue
        author = _who(spec["author"])
        co_inquirers = [_who(n) for n in spec["co"]]
        days = spec["weeks_ago"] * 7
        started = clock.now() - datetime.timedelta(days=days)
        for person in [author, *co_inquirers]:
            check_member(person, community, started)
        with clock.travel(started):
            inquiry = factories.inquiry(
                index=index,
                author=author,
                title=spec["title"],
                question=spec["question"],
                co_inquirers=co_inquirers,
                subject=spec["subject"],
                phase=spec["phase"],
                learners=spec["learners"],
                what_will_be_tried=spec["tried"],
                evidence_plan=spec["plan"],
                evidence=_evidence(spec["evidence"]),
                impact=spec.get("impact", ""),
                tags=spec["tags"],
                start_date=started.date(),
            )
        # Its stages spread over the weeks the inquiry has run; its
        # conversation in the first days; sharing, completion and a head
        # teacher's feedback after.
        notes = spec["notes"]
        if len(notes) != spec["stage"] - Stage.SCANNING:
            raise ValueError(f"{spec['title']}: one note per stage moved on from")
        for n, note in enumerate(notes, start=1):
            with clock.travel(started + datetime.timedelta(days=days * n / (len(notes) + 1))):
                services.inquiry_advance(user=author, inquiry=inquiry, note=note)
        replies = []
        for n, (name, parent_index, kind, body) in enumerate(spec.get("thread", []), start=1):
            at = started + datetime.timedelta(days=1, hours=6 * n)
            replier = _who(name)
            check_member(replier, community, at)
            parent = replies[parent_index] if parent_index is not None else None
            replies.append(
                blog_demo.post_reply(
                    inquiry, author=replier, body=body, parent=parent, kind=kind, at=at
                )
            )
        later = started + datetime.timedelta(days=days * (len(notes) + 0.5) / (len(notes) + 1))
        if spec["shared"]:
            with clock.travel(later):
                services.inquiry_set_sharing(user=author, inquiry=inquiry, shared=True)
        if spec.get("complete"):
            with clock.travel(later + datetime.timedelta(hours=2)):
                services.inquiry_complete(user=author, inquiry=inquiry)
        if "feedback" in spec:
            name, body = spec["feedback"]
            with clock.travel(later + datetime.timedelta(days=2)):
                services.review_feedback_post(user=_who(name), inquiry=inquiry, body=body)
