"""Threads built the way the site stores them, in one bulk insert, so tests
can grow a conversation to hundreds of replies cheaply."""

from __future__ import annotations

import datetime
import itertools

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from blog.models import Appreciation, AppreciationKind, Reply, ReplyKind, ReplyState


def bulk_thread(page, authors: list, count: int) -> list[Reply]:
    """Add `count` replies to `page` in one bulk insert, as the site would
    have stored them: in groups of ten, a reply to the page, a chain of six
    answers each to the one before (seven levels, past the depth limit) and
    three answers to the first. Some are deleted or hidden (they stay as
    placeholders when answered), some carry a kind or a "changed my
    practice"; every third has appreciations of several kinds."""
    start = (Reply.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    authors_cycle = itertools.cycle(authors)
    kinds = itertools.cycle(ReplyKind.values)
    replies: list[Reply] = []
    root = previous = None
    for i in range(count):
        pk = start + i
        position = i % 10
        if position == 0:
            parent = None
        elif position <= 6:
            parent = previous
        else:
            parent = root
        path = (parent.path if parent else "") + f"{pk:010d}/"
        state = ReplyState.PUBLISHED
        if i % 23 == 3:
            state = ReplyState.DELETED
        elif i % 29 == 4:
            state = ReplyState.HIDDEN
        reply = Reply(
            pk=pk,
            page=page,
            author=next(authors_cycle),
            parent=parent,
            path=path,
            depth=(parent.depth + 1) if parent else 1,
            kind=next(kinds),
            body=f"Reply {i}",
            body_html=f"<p>Reply {i}</p>",
            state=state,
            changed_practice_at=datetime.datetime.now(datetime.UTC) if i % 17 == 0 else None,
        )
        replies.append(reply)
        previous = reply
        if parent is None:
            root = reply
    _insert(replies)
    Appreciation.objects.bulk_create(
        Appreciation(user=user, kind=kind, reply=reply)
        for reply in replies[::3]
        for user, kind in zip(authors[:3], AppreciationKind.values, strict=True)
        if reply.author_id != user.pk and reply.state == ReplyState.PUBLISHED
    )
    return replies


def flat_thread(page, authors: list, count: int) -> list[Reply]:
    """`count` top-level replies to `page`, oldest first, in one bulk insert."""
    start = (Reply.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    authors_cycle = itertools.cycle(authors)
    replies = [
        Reply(
            pk=start + i,
            page=page,
            author=next(authors_cycle),
            path=f"{start + i:010d}/",
            depth=1,
            body=f"Flat {i + 1}",
            body_html=f"<p>Flat {i + 1}</p>",
        )
        for i in range(count)
    ]
    _insert(replies)
    return replies


def _insert(replies: list[Reply]) -> None:
    """Insert replies whose keys were chosen here (their paths are built from
    them), then move the database's key sequence past them, so a reply the
    site stores afterwards does not collide (PostgreSQL does not advance a
    sequence for keys given explicitly)."""
    Reply.objects.bulk_create(replies)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Reply]):
            cursor.execute(sql)
