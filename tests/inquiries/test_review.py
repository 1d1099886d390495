"""The head teacher's review area: who sees what (consent), evidence files,
review feedback, the CSV export and the overview — through real requests."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from blog import factories as blog_factories
from communities import factories
from communities.models import ActivityEvent, CommunityPage
from inquiries.models import InquiryProgress, InquiryUpdate, ReviewFeedback, Stage

from .conftest import make_document, make_image, messages_of, publish, work_samples

pytestmark = pytest.mark.django_db

REVIEW = "/review/"
EXPORT = "/review/export.csv"


def detail_url(inquiry) -> str:
    return f"/review/inquiries/{inquiry.pk}/"


def file_url(inquiry, kind: str, item) -> str:
    return f"/review/inquiries/{inquiry.pk}/{kind}/{item.pk}/"


def share(client, inquiry, shared: bool = True):
    data = {"shared": "on"} if shared else {}
    response = client.post(reverse("inquiry_sharing", args=[inquiry.pk]), data)
    assert response.status_code == 302
    return response


def overview_titles(client, query: str = "") -> list[str]:
    response = client.get(REVIEW + query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select("li.post-list__item h2")]


def export_rows(client, query: str = "") -> list[dict[str, str]]:
    response = client.get(EXPORT + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8"))))


# --------------------------------------------------------------------------- #
# The consent matrix
# --------------------------------------------------------------------------- #


@pytest.fixture
def matrix(make_inquiry, open_community, private_community, member, co_inquirer, outsider, as_):
    """Inquiries by `member` (Northfield) in every state of consent, and one
    by `outsider` (Riverside) in the public community."""
    factories.membership(user=outsider, community=open_community)
    public = make_inquiry(open_community, member, title="Public, not shared")
    public_shared = make_inquiry(open_community, member, title="Public and shared")
    private = make_inquiry(private_community, member, title="Members-only, not shared")
    private_shared = make_inquiry(
        private_community, member, title="Members-only and shared", co_inquirers=[co_inquirer]
    )
    others = make_inquiry(open_community, outsider, title="Riverside's public inquiry")
    share(as_(member), public_shared)
    share(as_(co_inquirer), private_shared)  # either inquirer may share
    return {
        "public": public,
        "public_shared": public_shared,
        "private": private,
        "private_shared": private_shared,
        "others": others,
    }


def test_head_teacher_of_the_same_school_sees_exactly_shared_and_public_inquiries(
    matrix, head, as_
):
    client = as_(head)
    expected = {"Public, not shared", "Public and shared", "Members-only and shared"}
    assert set(overview_titles(client)) == expected
    assert {row["Inquiry"] for row in export_rows(client)} == expected
    for key in ("public", "public_shared", "private_shared"):
        response = client.get(detail_url(matrix[key]))
        assert response.status_code == 200
        assert matrix[key].title in response.content.decode()
    for key in ("private", "others"):
        assert client.get(detail_url(matrix[key])).status_code == 404
    rows = {row["Inquiry"]: row for row in export_rows(client)}
    assert rows["Members-only and shared"]["Shared with leadership"] == "yes"
    assert rows["Public, not shared"]["Shared with leadership"] == "public community"
    assert rows["Members-only and shared"]["Inquirers"] == "Mo Member; Cleo Coinquirer"
    assert rows["Members-only and shared"]["URL"].endswith(detail_url(matrix["private_shared"]))


def test_head_teacher_of_another_school_sees_none_of_them(matrix, other_head, as_):
    client = as_(other_head)
    assert overview_titles(client) == ["Riverside's public inquiry"]
    assert [row["Inquiry"] for row in export_rows(client)] == ["Riverside's public inquiry"]
    for key in ("public", "public_shared", "private", "private_shared"):
        assert client.get(detail_url(matrix[key])).status_code == 404
    assert client.get(detail_url(matrix["others"])).status_code == 200


def test_a_co_inquirers_head_teacher_sees_a_shared_inquiry_too(
    make_inquiry, private_community, member, outsider, other_head, head, as_
):
    """Consent reaches the head teachers of each inquirer's school."""
    factories.membership(user=outsider, community=private_community)
    inquiry = make_inquiry(
        private_community, member, title="Across two schools", co_inquirers=[outsider]
    )
    assert as_(other_head).get(detail_url(inquiry)).status_code == 404
    share(as_(member), inquiry)
    assert as_(other_head).get(detail_url(inquiry)).status_code == 200
    assert as_(head).get(detail_url(inquiry)).status_code == 200


@pytest.mark.parametrize("url", [REVIEW, EXPORT, "detail"])
def test_a_teacher_who_is_not_a_head_teacher_gets_403(url, matrix, member, facilitator, as_):
    url = detail_url(matrix["public"]) if url == "detail" else url
    for user in (member, facilitator):
        assert as_(user).get(url).status_code == 403


@pytest.mark.parametrize("url", [REVIEW, EXPORT, "detail"])
def test_anonymous_visitors_are_sent_to_sign_in(url, matrix, as_):
    url = detail_url(matrix["public"]) if url == "detail" else url
    response = as_(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_the_review_area_is_never_cached(matrix, head, as_):
    for url in (REVIEW, EXPORT, detail_url(matrix["private_shared"])):
        cache_control = as_(head).get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control


def test_withdrawing_consent_removes_access_at_once(
    private_inquiry, private_community, member, head, as_
):
    image, document = make_image(private_community), make_document(private_community)
    private_inquiry.evidence = work_samples(image=image, document=document)
    inquiry = publish(private_inquiry, member)
    teacher, reviewer = as_(member), as_(head)

    share(teacher, inquiry)
    assert reviewer.get(detail_url(inquiry)).status_code == 200  # opened once
    assert reviewer.get(file_url(inquiry, "image", image)).status_code == 200
    assert reviewer.get(file_url(inquiry, "document", document)).status_code == 200
    assert overview_titles(reviewer) == [inquiry.title]

    response = teacher.post(reverse("inquiry_sharing", args=[inquiry.pk]), follow=True)
    assert any("No longer shared" in m for m in messages_of(response))
    assert not InquiryProgress.objects.get(inquiry=inquiry).shared_with_leadership
    assert InquiryUpdate.objects.filter(inquiry=inquiry).first().kind == InquiryUpdate.Kind.UNSHARED

    assert reviewer.get(detail_url(inquiry)).status_code == 404
    assert reviewer.get(file_url(inquiry, "image", image)).status_code == 404
    assert reviewer.get(file_url(inquiry, "document", document)).status_code == 404
    assert reviewer.post(detail_url(inquiry), {"body": "Too late"}).status_code == 404
    assert overview_titles(reviewer) == []
    assert export_rows(reviewer) == []
    assert not ReviewFeedback.objects.exists()


def test_unshared_members_only_inquiries_are_invisible(private_inquiry, head, as_):
    client = as_(head)
    assert private_inquiry.title not in client.get(REVIEW).content.decode()
    assert client.get(detail_url(private_inquiry)).status_code == 404
    assert client.get(private_inquiry.url).status_code == 404
    assert export_rows(client) == []


def test_nothing_else_from_a_members_only_community_reaches_a_head_teacher(
    private_inquiry, private_community, member, co_inquirer, head, as_
):
    """Not its reflections, not the replies on a shared inquiry, not the
    inquirers' activity on their person pages."""
    reflection = blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=member,
        title="A hard week with 7C",
    )
    blog_factories.reply(page=reflection, author=co_inquirer, body="Same here with 7D.")
    blog_factories.reply(page=private_inquiry, author=co_inquirer, body="My class tried it too.")
    share(as_(member), private_inquiry)
    client = as_(head)

    assert client.get(reflection.url).status_code == 404
    assert client.get(private_community.url + "reflections/").status_code == 404
    assert client.get(private_community.url + "inquiries/").status_code == 404
    assert client.get(private_inquiry.url).status_code == 404  # the page itself: members only
    response = client.post(
        reverse("reply_create", args=[reflection.pk]),
        {
            "body": "Hello",
            "kind": "comment",
            "submission_key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        },
    )
    assert response.status_code == 404

    review = client.get(detail_url(private_inquiry)).content.decode()
    assert "My class tried it too." not in review
    assert "Same here with 7D." not in review
    assert reflection.title not in review

    for person in (member, co_inquirer):
        html = client.get(reverse("person_detail", args=[person.profile.handle])).content.decode()
        assert private_inquiry.title not in html
        assert reflection.title not in html
        assert "Early Career Circle" not in html
    overview = client.get(REVIEW).content.decode()
    assert reflection.title not in overview and "Same here" not in overview


# --------------------------------------------------------------------------- #
# Evidence files
# --------------------------------------------------------------------------- #


@pytest.fixture
def evidence(private_inquiry, private_community, member):
    image, document = make_image(private_community), make_document(private_community)
    unused_image = make_image(private_community, title="Someone else's picture")
    unused_document = make_document(private_community, title="Minutes of the meeting")
    private_inquiry.evidence = work_samples(image=image, document=document)
    inquiry = publish(private_inquiry, member)
    return {
        "inquiry": inquiry,
        "image": image,
        "document": document,
        "unused_image": unused_image,
        "unused_document": unused_document,
    }


def test_evidence_files_reach_the_head_teacher_only_through_the_review_area(
    evidence, member, head, other_head, as_
):
    inquiry, image, document = evidence["inquiry"], evidence["image"], evidence["document"]
    reviewer = as_(head)
    assert reviewer.get(file_url(inquiry, "image", image)).status_code == 404  # not shared yet
    share(as_(member), inquiry)

    response = reviewer.get(file_url(inquiry, "image", image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    response = reviewer.get(file_url(inquiry, "document", document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"week,correct\n1,11\n2,24\n"
    assert "attachment" in response["Content-Disposition"]

    # The review page links the files through the review area, not the public URLs.
    soup = BeautifulSoup(reviewer.get(detail_url(inquiry)).content, "html.parser")
    assert soup.find("img", src=file_url(inquiry, "image", image))
    assert soup.find("a", href=file_url(inquiry, "document", document))
    assert document.url not in str(soup)

    # Never through the ordinary URLs (the community's collection is members-only).
    assert reviewer.get(document.url).status_code == 404
    rendition_url = image.get_rendition("max-960x720").url
    assert reviewer.get(rendition_url).status_code == 404
    assert as_(member).get(rendition_url).status_code == 200  # the members do get it there

    # Never a file the inquiry's evidence does not use, even from the same collection.
    assert reviewer.get(file_url(inquiry, "image", evidence["unused_image"])).status_code == 404
    assert (
        reviewer.get(file_url(inquiry, "document", evidence["unused_document"])).status_code == 404
    )
    # Nor any other kind of thing.
    assert reviewer.get(f"/review/inquiries/{inquiry.pk}/page/{image.pk}/").status_code == 404

    # Another school's head teacher gets nothing.
    other = as_(other_head)
    assert other.get(file_url(inquiry, "image", image)).status_code == 404
    assert other.get(file_url(inquiry, "document", document)).status_code == 404


def test_a_file_from_one_shared_inquiry_is_not_reachable_through_another(
    evidence, make_inquiry, private_community, member, head, as_
):
    other = make_inquiry(private_community, member, title="Another shared inquiry")
    share(as_(member), evidence["inquiry"])
    share(as_(member), other)
    reviewer = as_(head)
    assert reviewer.get(file_url(other, "image", evidence["image"])).status_code == 404
    assert reviewer.get(file_url(other, "document", evidence["document"])).status_code == 404


# --------------------------------------------------------------------------- #
# Review feedback
# --------------------------------------------------------------------------- #


def test_review_feedback_is_private_emailed_and_counts_for_nothing(
    public_inquiry,
    member,
    co_inquirer,
    bystander,
    outsider,
    head,
    as_,
    django_capture_on_commit_callbacks,
):
    share(as_(member), public_inquiry)
    reviewer = as_(head)
    events_before = ActivityEvent.objects.count()

    response = reviewer.post(detail_url(public_inquiry), {"body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ReviewFeedback.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            detail_url(public_inquiry), {"body": "The tally is convincing — share it at INSET?"}
        )
    assert response.status_code == 302
    feedback = ReviewFeedback.objects.get()
    assert (feedback.author, feedback.inquiry_id) == (head, public_inquiry.pk)
    assert ActivityEvent.objects.count() == events_before  # nothing for recognition

    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, co_inquirer.email])
    message = mail.outbox[0]
    assert "Northfield Academy" in message.subject and public_inquiry.title in message.subject
    assert "The tally is convincing" in message.body
    assert f"http://testserver{public_inquiry.url}#review-feedback" in message.body

    # On the inquiry page: for the inquirers only.
    for person in (member, co_inquirer):
        soup = BeautifulSoup(as_(person).get(public_inquiry.url).content, "html.parser")
        section = soup.find(id="review-feedback")
        assert section is not None and "The tally is convincing" in section.get_text()
        assert "Hana Head" in section.get_text()
    for person in (bystander, outsider, None):
        html = as_(person).get(public_inquiry.url).content.decode()
        assert "The tally is convincing" not in html
        assert 'id="review-feedback"' not in html

    # In the review area, for the head teacher.
    html = reviewer.get(detail_url(public_inquiry)).content.decode()
    assert "The tally is convincing" in html
    assert "1 feedback note" in reviewer.get(REVIEW).content.decode()


def test_review_feedback_is_not_shown_to_another_schools_head_teacher(
    make_inquiry,
    open_community,
    member,
    outsider,
    head,
    other_head,
    as_,
    django_capture_on_commit_callbacks,
):
    """An inquiry across two schools: each school's head teachers see their own
    school's feedback, not the other's."""
    factories.membership(user=outsider, community=open_community)
    inquiry = make_inquiry(open_community, member, title="Across schools", co_inquirers=[outsider])
    with django_capture_on_commit_callbacks(execute=True):
        as_(head).post(detail_url(inquiry), {"body": "From the Northfield head"})
    html = as_(other_head).get(detail_url(inquiry)).content.decode()
    assert "From the Northfield head" not in html
    assert "feedback note" not in as_(other_head).get(REVIEW).content.decode()
    assert "1 feedback note" in as_(head).get(REVIEW).content.decode()
    assert "From the Northfield head" in as_(head).get(detail_url(inquiry)).content.decode()


def test_other_people_cannot_post_review_feedback(
    public_inquiry, private_inquiry, member, other_head, as_
):
    assert as_(member).post(detail_url(public_inquiry), {"body": "Me too"}).status_code == 403
    assert as_(other_head).post(detail_url(public_inquiry), {"body": "Hi"}).status_code == 404
    assert not ReviewFeedback.objects.exists()


# --------------------------------------------------------------------------- #
# The CSV export
# --------------------------------------------------------------------------- #


DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"]


def test_csv_export_neutralises_formulas(make_inquiry, open_community, make_teacher, head, as_):
    author = make_teacher("=cmd|' /C calc'!A0")
    factories.membership(user=author, community=open_community)
    for bad in DANGEROUS:
        make_inquiry(
            open_community,
            author,
            title=f"{bad} title",
            question=f"{bad} question",
            subject=f"{bad} subject",
        )
    rows = export_rows(as_(head))
    assert len(rows) == len(DANGEROUS)
    for row in rows:
        for column in ("Inquiry", "Question", "Subject", "Inquirers"):
            cell = row[column]
            assert cell.startswith("'"), (column, cell)
            assert cell[1:2] in {"=", "+", "-", "@", "\t", "\r"}
    assert {row["Inquiry"] for row in rows} == {f"'{bad} title" for bad in DANGEROUS}
    assert {row["Inquirers"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    # Ordinary cells are left alone.
    assert {row["Stage"] for row in rows} == {"Scanning"}


def test_csv_export_follows_the_overview_filters(matrix, head, as_):
    client = as_(head)
    assert {r["Inquiry"] for r in export_rows(client, "?subject=English")} == set()
    assert {r["Inquiry"] for r in export_rows(client, "?stage=2")} == set()
    assert len(export_rows(client, "?stage=1")) == 3


# --------------------------------------------------------------------------- #
# The overview
# --------------------------------------------------------------------------- #


def test_overview_filters_by_stage_community_and_subject(
    make_inquiry, open_community, private_community, member, head, as_
):
    teacher = as_(member)
    maths = make_inquiry(open_community, member, title="Maths one", subject="Mathematics")
    science = make_inquiry(open_community, member, title="Science one", subject="Science")
    english = make_inquiry(private_community, member, title="English one", subject="English")
    share(teacher, english)
    teacher.post(reverse("inquiry_advance", args=[science.pk]), {"note": "Scanned."})
    assert InquiryProgress.objects.get(inquiry=science).stage == Stage.FOCUSING
    client = as_(head)

    assert set(overview_titles(client)) == {"Maths one", "Science one", "English one"}
    assert overview_titles(client, f"?stage={Stage.FOCUSING}") == ["Science one"]
    assert set(overview_titles(client, f"?stage={Stage.SCANNING}")) == {"Maths one", "English one"}
    assert set(overview_titles(client, f"?community={open_community.pk}")) == {
        "Maths one",
        "Science one",
    }
    assert overview_titles(client, f"?community={private_community.pk}") == ["English one"]
    assert overview_titles(client, "?subject=Mathematics") == ["Maths one"]
    assert overview_titles(client, f"?subject=Science&stage={Stage.SCANNING}") == []
    # Nonsense filters are ignored rather than failing.
    assert len(overview_titles(client, "?stage=99&community=abc")) == 3

    soup = BeautifulSoup(client.get(REVIEW).content, "html.parser")
    communities = [o.get_text() for o in soup.select("#f-community option")]
    assert communities == ["All", "Early Career Circle", "Formative Assessment"]
    assert [o.get_text() for o in soup.select("#f-subject option")] == [
        "All",
        "English",
        "Mathematics",
        "Science",
    ]
    assert maths.pk != english.pk


def test_overview_shows_each_inquirys_details(
    public_inquiry, open_community, member, co_inquirer, head, as_
):
    public_inquiry.evidence = work_samples(document=make_document(open_community))
    publish(public_inquiry, member)
    # The public community holds newcomers' first replies for a facilitator by default.
    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    blog_factories.reply(page=public_inquiry, author=co_inquirer, body="Tried it too.")
    soup = BeautifulSoup(as_(head).get(REVIEW).content, "html.parser")
    [item] = soup.select("li.post-list__item")
    text = item.get_text(" ", strip=True)
    for expected in (
        "Hinge questions in Year 9",
        "Scanning",
        "Mo Member",
        "Cleo Coinquirer",
        "Formative Assessment",
        "Mathematics",
        "1 piece of evidence",
        "1 reply",
        "Public community",
        "Updated",
    ):
        assert expected in text, expected
    assert item.find("a")["href"] == detail_url(public_inquiry)


def test_overview_is_paginated(make_inquiry, open_community, member, head, as_):
    for n in range(27):
        make_inquiry(open_community, member, title=f"Inquiry number {n:02d}")
    client = as_(head)
    first = overview_titles(client)
    second = overview_titles(client, "?page=2")
    assert len(first) == 25 and len(second) == 2
    assert set(first).isdisjoint(second)
    assert "Inquiries (27)" in client.get(REVIEW).content.decode()


def test_overview_has_a_chart_with_a_text_alternative(matrix, member, head, as_):
    as_(member).post(reverse("inquiry_advance", args=[matrix["public"].pk]), {"note": "On."})
    soup = BeautifulSoup(as_(head).get(REVIEW).content, "html.parser")
    svg = soup.find("svg", class_="chart__svg")
    assert svg is not None and svg["role"] == "img"
    assert svg.find("title").get_text() and svg.find("desc").get_text()
    assert svg.find_all("rect")  # at least one bar segment this week
    table = soup.find("table", class_="data-table")
    headers = [th.get_text() for th in table.find("thead").find_all("th")]
    assert headers == ["Week ending", *Stage.labels, "All"]
    last = table.find("tbody").find_all("tr")[-1]
    counts = [int(td.get_text()) for td in last.find_all("td")]
    # This week: 2 at Scanning, 1 at Focusing (the three the head may see).
    assert counts == [2, 1, 0, 0, 0, 0, 3]
    legend = soup.find("ul", class_="legend").get_text(" ", strip=True)
    assert "Scanning: 2" in legend and "Focusing: 1" in legend


def test_school_totals_count_and_name_no_one(
    matrix, private_community, open_community, member, co_inquirer, head, as_
):
    blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=member,
        title="Public thoughts",
    )
    private = blog_factories.reflection(
        index=blog_factories.reflection_index(private_community),
        author=co_inquirer,
        title="Private thoughts",
    )
    blog_factories.reply(page=private, author=member, body="Thank you.")
    soup = BeautifulSoup(as_(head).get(REVIEW).content, "html.parser")
    totals = soup.find("section", class_="totals")
    text = totals.get_text(" ", strip=True)
    # Staff at Northfield: facilitator, member, co-inquirer, head. Three take part.
    assert "3 of 4 staff on Staffroom take part in a community" in text
    # What is written in a members-only community is not counted, even as a number.
    assert "1 reflection published in public communities" in text
    assert "0 replies to colleagues in public communities" in text
    for name in ("Mo Member", "Cleo Coinquirer", "Fran Facilitator", "Hana Head"):
        assert name not in text
    assert "Private thoughts" not in soup.get_text()


def test_a_file_from_another_members_only_community_never_reaches_the_head_teacher(
    private_inquiry, make_teacher, community_index, member, head, as_
):
    """Evidence can name any file by its id (a crafted editor post): the
    review area serves only files of the inquiry's own community (or open
    ones), never another members-only community's, which gave no consent."""
    elsewhere = factories.community(
        facilitator=make_teacher("Sol Elsewhere"),
        title="Senior Leaders Circle",
        slug="senior-leaders-circle",
        visibility="members",
        index=community_index,
    )
    image, document = (
        make_image(elsewhere, "Their picture"),
        make_document(elsewhere, "Their notes"),
    )
    private_inquiry.evidence = work_samples(image=image, document=document)
    inquiry = publish(private_inquiry, member)
    share(as_(member), inquiry)
    reviewer = as_(head)
    assert reviewer.get(detail_url(inquiry)).status_code == 200
    assert reviewer.get(file_url(inquiry, "image", image)).status_code == 404
    assert reviewer.get(file_url(inquiry, "document", document)).status_code == 404
