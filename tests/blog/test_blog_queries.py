"""The number of queries on the blog's pages never grows with their content.
Each test measures a page with a little content, adds a lot more, and
requires exactly the same number of queries; its docstring names the N+1 it
prevents."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.factories import reflection, reflection_index
from blog.models import Appreciation, ReflectionPage, Reply
from communities import factories

from .threads import bulk_thread

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def get_with_exactly(client, url: str, queries: int, django_assert_num_queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def colleagues(make_teacher, open_community):
    """Six members of the community, each with a profile."""
    people = []
    for n in range(6):
        user = make_teacher(f"Colleague {n}")
        factories.membership(user=user, community=open_community)
        people.append(user)
    return people


# --------------------------------------------------------------------------- #
# A reflection page and its thread
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("viewer", ["author", "colleague", "anonymous"])
def test_reflection_page_queries_do_not_grow_with_its_replies(
    viewer, open_community, member, colleagues, client, django_assert_num_queries
):
    """10 replies or 500, several levels deep with appreciations: the same
    queries. Prevents the N+1s of a thread — each reply's author and profile,
    each reply's appreciation counts, the viewer's own appreciations, each
    reply's parent (for "answering …" past the depth limit) and children."""
    page = reflection(index=reflection_index(open_community), author=member, title="Threads")
    Appreciation.objects.create(user=colleagues[0], kind="helpful", page=page)
    bulk_thread(page, [member, *colleagues], 10)
    if viewer == "author":
        client.force_login(member)
    elif viewer == "colleague":
        client.force_login(colleagues[0])

    client.get(page.url)  # warm the site-wide caches (site root paths, content types)
    small = count_queries(client, page.url)

    bulk_thread(page, [member, *colleagues], 490)
    assert Reply.objects.filter(page=page).count() == 500
    assert Reply.objects.filter(page=page, depth__gt=5).exists()
    response = get_with_exactly(client, page.url, small, django_assert_num_queries)
    html = response.content.decode()
    assert html.count('class="reply ') >= 450
    assert "Reply 489" in html  # the last of the second batch
    print(f"reflection page as {viewer}: {small} queries for 10 and for 500 replies")


# --------------------------------------------------------------------------- #
# The reflections index
# --------------------------------------------------------------------------- #


def add_reflections(index, authors: list, count: int, *, start: int = 0) -> None:
    for n in range(start, start + count):
        page = reflection(
            index=index,
            author=authors[n % len(authors)],
            title=f"Reflection {n}",
            summary=f"Summary {n}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            tags=[f"tag-{n % 5}", "practice"],
        )
        # Replies and appreciations to count on each card.
        commenter = authors[(n + 1) % len(authors)]
        Reply.objects.create(
            page=page,
            author=commenter,
            body="Yes",
            body_html="<p>Yes</p>",
            path=f"{(Reply.objects.aggregate(m=Max('pk'))['m'] or 0) + 1:010d}/",
        )
        Appreciation.objects.create(user=commenter, kind="helpful", page=page)


@pytest.mark.parametrize("viewer", ["member", "anonymous"])
@pytest.mark.parametrize("query", ["", "?tag=practice"])
def test_reflection_index_queries_do_not_grow_with_its_reflections(
    viewer, query, open_community, member, colleagues, client, django_assert_num_queries
):
    """3 reflections or 40 (a full first page of 12): the same queries.
    Prevents the N+1s of a listing — each card's author and profile, its
    tags, its reply and appreciation counts, `.specific` per row."""
    index = reflection_index(open_community)
    authors = [member, *colleagues]
    add_reflections(index, authors, 3)
    if viewer == "member":
        client.force_login(member)
    url = index.url + query

    client.get(url)
    small = count_queries(client, url)
    add_reflections(index, authors, 37, start=3)
    assert ReflectionPage.objects.live().child_of(index).count() == 40
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    assert html.count('class="post-list__item"') == 12
    assert "Reflection 39" in html
    print(f"reflection index{query} as {viewer}: {small} queries for 3 and for 40 reflections")


# --------------------------------------------------------------------------- #
# A person's page
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("viewer", ["member", "outsider", "anonymous"])
def test_person_page_queries_do_not_grow_with_their_reflections(
    viewer,
    open_community,
    private_community,
    member,
    outsider,
    colleagues,
    client,
    django_assert_num_queries,
):
    """3 reflections or 40, in a public and a members-only community: the
    same queries. Prevents the N+1s of a person's page — each reflection's
    counts and URL, and each activity row's actor, page and community."""
    public_index = reflection_index(open_community)
    private_index = reflection_index(private_community)
    add_reflections(public_index, [member], 2)
    add_reflections(private_index, [member], 1, start=2)
    if viewer == "member":
        client.force_login(member)
    elif viewer == "outsider":
        client.force_login(outsider)
    url = reverse("person_detail", args=[member.profile.handle])

    client.get(url)
    small = count_queries(client, url)
    add_reflections(public_index, [member], 20, start=3)
    add_reflections(private_index, [member], 17, start=23)
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    section = html[html.index('id="reflections-heading"') : html.index('id="activity-heading"')]
    listed = section.count('class="post-list__item"')
    assert listed == 20  # the page shows the newest 20 the viewer may see
    print(f"person page as {viewer}: {small} queries for 3 and for 40 reflections")


# --------------------------------------------------------------------------- #
# The notifications page
# --------------------------------------------------------------------------- #


def test_notifications_page_queries_do_not_grow_with_notifications(
    open_community, member, colleagues, client, django_assert_num_queries
):
    """3 notifications or 40 (a full page of 30): the same queries. Prevents
    the N+1s of the list — each notification's actor and profile, and its
    page (title and URL)."""
    from blog.models import Notification
    from communities.models import NotificationKind

    pages = [
        reflection(index=reflection_index(open_community), author=member, title=f"Page {n}")
        for n in range(3)
    ]

    def notify(count: int) -> None:
        for n in range(count):
            page = pages[n % len(pages)]
            [reply] = bulk_thread(page, colleagues, 1)
            Notification.objects.create(
                recipient=member,
                actor=reply.author,
                reply=reply,
                page=page,
                community=open_community,
                kind=NotificationKind.REPLY_TO_PAGE,
            )

    notify(3)
    client.force_login(member)
    url = reverse("notifications")
    client.get(url)
    small = count_queries(client, url)
    notify(37)
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    assert html.count("replied to your page") == 30
    print(f"notifications page: {small} queries for 3 and for 40 notifications")
