"""Demo reflections with threaded conversations — idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from communities import clock
from communities.demo import check_member
from communities.models import CommunityPage, Membership, Profile

from . import factories, services
from .demo_content import REFLECTIONS
from .models import AppreciationKind, ReflectionPage

User = get_user_model()


def _who(name: str):
    return Profile.objects.select_related("user").get(display_name=name).user


def _at(start: datetime.datetime, hours: float) -> datetime.datetime:
    return start + datetime.timedelta(hours=hours)


def post_reply(page, *, author, body: str, parent, kind: str, at: datetime.datetime):
    """Post a reply the way a teacher does. A newcomer's first replies in a
    public community wait for a facilitator, who lets them through within
    the hour."""
    with clock.travel(at):
        reply = factories.reply(page=page, author=author, body=body, parent=parent, kind=kind)
    if reply.is_awaiting_review:
        community = CommunityPage.objects.ancestor_of(page).get()
        facilitator = Membership.objects.facilitators().filter(community=community)[0].user
        with clock.travel(_at(at, 0.75)):
            reply = services.reply_approve(actor=facilitator, reply=reply)
    return reply


@transaction.atomic
def seed() -> None:
    """Reflections with their conversations, each written, answered and
    appreciated over the days since it was published — through the same
    services as a teacher's clicks, at the time each happened, and only by
    people who had joined the community by then."""
    for spec in REFLECTIONS:
        community = CommunityPage.objects.get(slug=spec["community"])
        index = factories.reflection_index(community)
        if ReflectionPage.objects.child_of(index).filter(title=spec["title"]).exists():
            continue
        start = clock.now() - datetime.timedelta(days=spec["days_ago"])
        author = _who(spec["author"])
        check_member(author, community, start)
        with clock.travel(start):
            page = factories.reflection(
                index=index,
                author=author,
                title=spec["title"],
                summary=spec["summary"],
                paragraphs=spec["paragraphs"],
                tags=spec["tags"],
                date=start.date(),
            )
        replies = []
        hours = 0.0
        for name, parent_index, kind, body in spec["thread"]:
            hours += 5
            parent = replies[parent_index] if parent_index is not None else None
            replier = _who(name)
            check_member(replier, community, _at(start, hours))
            replies.append(
                post_reply(
                    page, author=replier, body=body, parent=parent, kind=kind, at=_at(start, hours)
                )
            )
        hours += 3
        for n in spec.get("changed_practice", []):
            with clock.travel(_at(start, hours)):
                services.changed_practice_toggle(user=author, reply=replies[n])
        for n, (name, kind) in enumerate(spec["appreciations"]):
            who = _who(name)
            check_member(who, community, _at(start, hours + n))
            with clock.travel(_at(start, hours + n)):
                services.appreciation_toggle(user=who, kind=kind, page=page)
        for n, (name, reply_index) in enumerate(spec.get("reply_appreciations", [])):
            who = _who(name)
            at = _at(start, hours + 2 + n)
            check_member(who, community, at)
            with clock.travel(at):
                services.appreciation_toggle(
                    user=who, kind=AppreciationKind.HELPFUL, reply=replies[reply_index]
                )
        if "report" in spec:
            name, reply_index, reason = spec["report"]
            with clock.travel(_at(start, hours + 6)):
                services.report_create(
                    user=_who(name), page=page, reply=replies[reply_index], reason=reason
                )


# The name other apps' demo modules knew it by before it was public.
_post = post_reply
