"""The number of queries on the inquiry index, the review overview and its
CSV export never grows with the number of inquiries. Each test measures a
page with a few inquiries, adds a lot more, and requires exactly the same
number of queries; its docstring names the N+1 it prevents."""

from __future__ import annotations

import datetime
import itertools
import time

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Reply
from communities import factories
from inquiries.factories import inquiry_index
from inquiries.forms import ReviewFilterForm
from inquiries.models import (
    InquiryPage,
    InquiryPageTag,
    InquiryProgress,
    InquiryUpdate,
    ReviewFeedback,
    Stage,
)
from inquiries.selectors import review_overview

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_inquiries(
    community,
    authors: list,
    count: int,
    *,
    start: int = 0,
    shared: bool = False,
    tags: list | None = None,
) -> list[InquiryPage]:
    """`count` live inquiries, each with what a card shows: progress at some
    stage, a co-inquirer, tags, evidence, a log, a published reply. Pages
    go into the tree with add_child (one by one: the tree needs it); the rest
    is bulk-inserted, as publishing through revisions would take minutes for
    hundreds of pages."""
    from taggit.models import Tag

    index = inquiry_index(community)
    tags = tags or [
        Tag.objects.get_or_create(name=n, slug=n)[0] for n in ("questioning", "reading")
    ]
    people = itertools.cycle(authors)
    now = timezone.now()
    pages = []
    for n in range(start, start + count):
        owner = next(people)
        page = InquiryPage(
            title=f"Inquiry {n}",
            slug=f"inquiry-{n}",
            question=f"Question {n}?",
            subject=("Mathematics", "Science", "English")[n % 3],
            owner=owner,
            live=True,
            first_published_at=now - datetime.timedelta(days=n % 60),
            last_published_at=now,
            evidence=[
                ("learner_quote", {"quote": f"Quote {n}", "who": "Year 9 student"}),
                ("observation", {"date": None, "note": f"Note {n}"}),
            ][: 1 + n % 2],
        )
        index.add_child(instance=page)
        pages.append(page)
    InquiryProgress.objects.bulk_create(
        InquiryProgress(inquiry=p, stage=1 + i % 6, shared_with_leadership=shared)
        for i, p in enumerate(pages)
    )
    through = InquiryPage.co_inquirers.through
    through.objects.bulk_create(
        through(inquirypage_id=p.pk, user_id=authors[(i + 1) % len(authors)].pk)
        for i, p in enumerate(pages)
        if len(authors) > 1
    )
    InquiryPageTag.objects.bulk_create(
        InquiryPageTag(content_object_id=p.pk, tag=tag) for p in pages for tag in tags
    )
    InquiryUpdate.objects.bulk_create(
        InquiryUpdate(
            inquiry=p,
            author=p.owner,
            kind=kind,
            from_stage=frm,
            to_stage=to,
            note=f"Note {i}",
            created_at=now - datetime.timedelta(days=d),
        )
        for i, p in enumerate(pages)
        for kind, frm, to, d in (
            (InquiryUpdate.Kind.STARTED, None, Stage.SCANNING, 30),
            (InquiryUpdate.Kind.ADVANCED, Stage.SCANNING, Stage.FOCUSING, 10 + i % 20),
        )
    )
    replies = Reply.objects.bulk_create(
        Reply(page=p, author=authors[0], body="Thanks!", body_html="<p>Thanks!</p>", path="")
        for p in pages
    )
    for reply in replies:
        reply.path = f"{reply.pk:010d}/"
    Reply.objects.bulk_update(replies, ["path"])
    return pages


@pytest.fixture
def staff(make_teacher, open_community, private_community, member):
    """Four more teachers at `member`'s school, in both communities."""
    people = [member]
    for n in range(4):
        user = make_teacher(f"Staff {n}")
        factories.membership(user=user, community=open_community)
        factories.membership(user=user, community=private_community)
        people.append(user)
    factories.membership(user=member, community=open_community)
    return people


def get_with_exactly(client, url: str, queries: int, django_assert_num_queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


# --------------------------------------------------------------------------- #
# The inquiry index
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("viewer", "query"),
    [("member", ""), ("anonymous", "?tag=questioning"), ("anonymous", f"?stage={Stage.FOCUSING}")],
)
def test_inquiry_index_queries_do_not_grow_with_its_inquiries(
    viewer, query, open_community, staff, client, django_assert_num_queries
):
    """10 inquiries or 100 (a full first page of 12): the same queries.
    Prevents the N+1s of a listing — each card's progress (stage), owner and
    profile, co-inquirers and their profiles, tags, last update (from the
    log), reply count (from the reply rows), `.specific` per row."""
    add_inquiries(open_community, staff, 10)
    if viewer == "member":
        client.force_login(staff[0])
    url = inquiry_index(open_community).url + query

    client.get(url)  # warm the site-wide caches (site root paths, content types)
    small = count_queries(client, url)
    started = time.monotonic()
    add_inquiries(open_community, staff, 90, start=10)
    assert InquiryPage.objects.live().count() == 100
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    assert html.count('class="post-list__item"') == 12
    assert "Staff 0" in html and "1 reply" in html
    print(
        f"inquiry index{query} as {viewer}: {small} queries for 10 and for 100 inquiries "
        f"(90 made in {time.monotonic() - started:.1f}s)"
    )


# --------------------------------------------------------------------------- #
# The review overview and its CSV export
# --------------------------------------------------------------------------- #


def add_school_inquiries(open_community, private_community, staff, outsider, head, count, start):
    """A mix a head teacher's overview must sort through: public inquiries,
    shared members-only ones (with review feedback), and ones they may not
    see (members-only and not shared; another school's)."""
    quarter = count // 4
    add_inquiries(open_community, staff, quarter * 2, start=start)
    shared = add_inquiries(
        private_community, staff, quarter, start=start + 2 * quarter, shared=True
    )
    add_inquiries(private_community, staff, quarter // 2, start=start + 3 * quarter)
    add_inquiries(
        open_community,
        [outsider],
        count - 3 * quarter - quarter // 2,
        start=start + 3 * quarter + quarter // 2,
    )
    ReviewFeedback.objects.bulk_create(
        ReviewFeedback(inquiry=p, author=head, school=staff[0].profile.school, body="Good.")
        for p in shared[::2]
    )


@pytest.fixture
def head(make_teacher, school):
    user = make_teacher("Hana Head")
    school.head_teachers.add(user)
    return user


@pytest.fixture
def riverside_teacher(outsider, open_community):
    factories.membership(user=outsider, community=open_community)
    return outsider


@pytest.mark.parametrize("query", ["", "?page=2", f"?stage={Stage.FOCUSING}", "community"])
def test_review_overview_queries_do_not_grow_with_inquiries(
    query,
    open_community,
    private_community,
    staff,
    riverside_teacher,
    head,
    client,
    django_assert_num_queries,
):
    """12 inquiries or 100 (a page of 25): the same queries. Prevents the
    N+1s of the overview — each row's progress, inquirers and their profiles,
    community (found from the tree paths of all communities at once), last
    update, reply and feedback counts; and of the chart (each inquiry's log,
    read once for all weeks) and the filter choices."""
    if query == "community":
        query = f"?community={private_community.pk}&subject=Science"
    add_school_inquiries(open_community, private_community, staff, riverside_teacher, head, 12, 0)
    client.force_login(head)
    url = "/review/" + query
    client.get(url)
    small = count_queries(client, url)
    add_school_inquiries(open_community, private_community, staff, riverside_teacher, head, 88, 12)
    assert InquiryPage.objects.live().count() == 100
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    shown = review_overview(
        head, **ReviewFilterForm(RequestFactory().get(url).GET).filters()
    ).count()
    on_page = min(25, shown - 25) if "page=2" in query else min(25, shown)
    assert on_page > 0
    assert html.count('class="post-list__item"') == on_page
    assert "Inquiry 99" not in html  # another school's
    print(f"review overview{query}: {small} queries for 12 and for 100 inquiries")


def test_review_export_queries_do_not_grow_with_inquiries(
    open_community,
    private_community,
    staff,
    riverside_teacher,
    head,
    client,
    django_assert_num_queries,
):
    """12 inquiries or 100, every one a row: the same queries. Prevents the
    N+1s of the export — each row's progress, owner's and co-inquirers'
    profiles (named in the Inquirers column), community and counts."""
    import csv
    import io

    add_school_inquiries(open_community, private_community, staff, riverside_teacher, head, 12, 0)
    client.force_login(head)
    url = "/review/export.csv"
    client.get(url)
    small = count_queries(client, url)
    add_school_inquiries(open_community, private_community, staff, riverside_teacher, head, 88, 12)
    response = get_with_exactly(client, url, small, django_assert_num_queries)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    # Of the 12: 6 public, 3 shared by Northfield staff; of the 88: 44 and 22.
    assert len(rows) == 3 + 6 + 22 + 44
    assert all(row["Inquirers"] for row in rows)
    print(f"review export: {small} queries for 12 and for 100 inquiries")


# --------------------------------------------------------------------------- #
# An inquiry, on the site and in the review area
# --------------------------------------------------------------------------- #


def grow_inquiry(inquiry, community, author, co_inquirers: list, *, samples: int, updates: int):
    """Give the inquiry `samples` work samples (an image and a document
    each), these co-inquirers and `updates` log entries."""
    from .conftest import make_document, make_image, publish

    inquiry.evidence = [
        (
            "work_sample",
            {
                "image": make_image(community, f"Sample {n}"),
                "document": make_document(community, f"Tally {n}"),
                "caption": f"Sample {n}",
            },
        )
        for n in range(samples)
    ]
    inquiry.co_inquirers.set(co_inquirers)
    inquiry = publish(inquiry, author)
    InquiryUpdate.objects.bulk_create(
        InquiryUpdate(
            inquiry=inquiry,
            author=co_inquirers[n % len(co_inquirers)] if co_inquirers else author,
            kind=InquiryUpdate.Kind.ADVANCED,
            from_stage=1,
            to_stage=2,
            note=f"Learned {n}",
        )
        for n in range(updates)
    )
    return inquiry


@pytest.mark.parametrize("viewer", ["inquirer", "head teacher"])
def test_inquiry_queries_do_not_grow_with_its_evidence_log_or_inquirers(
    viewer, make_inquiry, private_community, staff, head, client, django_assert_num_queries
):
    """1 work sample, 2 log entries and 1 co-inquirer, or 15, 60 and 4: the
    same queries, on the inquiry page (as its inquirer) and in the review
    area (as the head teacher, the inquiry shared). Prevents the N+1s of an
    inquiry — each evidence image's rendition and document, each log entry's
    author and profile, each co-inquirer's profile."""
    owner = staff[0]
    inquiry = make_inquiry(private_community, owner, title="Growing inquiry")
    InquiryProgress.objects.filter(inquiry=inquiry).update(shared_with_leadership=True)
    inquiry = grow_inquiry(inquiry, private_community, owner, staff[1:2], samples=1, updates=2)
    client.force_login(owner if viewer == "inquirer" else head)
    url = inquiry.url if viewer == "inquirer" else f"/review/inquiries/{inquiry.pk}/"
    client.get(url)
    small = count_queries(client, url)
    inquiry = grow_inquiry(inquiry, private_community, owner, staff[1:], samples=15, updates=60)
    client.get(url)  # the new images' renditions are made on first view
    html = get_with_exactly(client, url, small, django_assert_num_queries).content.decode()
    assert html.count('class="timeline__item"') == 60 + 1 + 2  # and "started"
    assert html.count("evidence--sample") == 15
    assert "Staff 3" in html
    print(f"inquiry page as {viewer}: {small} queries for small and large inquiries")
