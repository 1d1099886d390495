"""`seed_demo`: a term in real schools that reads true — every piece written
for its own subject and phase, nobody acting before they joined, no body
written twice — idempotent, and ending with recognition counted, so the
demo's newcomer, contributor and leader meet different editors.

The demo is built once for the module (it is the slow part) inside a
transaction rolled back at the end; each test runs in its own savepoint."""

from __future__ import annotations

import time
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from blog.models import Appreciation, ReflectionPage, Reply
from communities import clock, factories
from communities import demo as communities_demo
from communities.models import (
    ActivityEvent,
    CommunityPage,
    JoinPolicy,
    Membership,
    Phase,
    Profile,
    Strand,
    TrustLevel,
    Verb,
    Visibility,
)
from inquiries.models import InquiryPage, InquiryUpdate, ReviewFeedback

from ..editor import action_labels, editor_post, page_form

User = get_user_model()

SNAPSHOT_APPS = {
    "auth",
    "account",
    "staffroom",
    "communities",
    "blog",
    "inquiries",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
}
PRIMARY_PHASES = {Phase.EARLY_YEARS, Phase.PRIMARY}
SECONDARY_PHASES = {Phase.SECONDARY, Phase.POST_16}


def content_counts() -> dict[str, int]:
    """Rows in every table of the apps the demo writes to."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in SNAPSHOT_APPS
    }


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once: its output, how long it took (printed by the
    first test: `-s` shows it), and its counts."""
    with django_db_blocker.unblock(), transaction.atomic():
        started, started_cpu = time.perf_counter(), time.process_time()
        output = seed()
        yield {
            "output": output,
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - started_cpu,
            "counts": content_counts(),
            "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        }
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def who(name: str):
    return Profile.objects.select_related("user").get(display_name=name).user


def community_of(page) -> CommunityPage:
    return CommunityPage.objects.ancestor_of(page).get()


def phases_in(community: CommunityPage) -> set[str]:
    return set(
        Membership.objects.active()
        .filter(community=community)
        .values_list("user__profile__phase", flat=True)
    )


# --------------------------------------------------------------------------- #
# The command
# --------------------------------------------------------------------------- #


def test_seed_demo_twice_leaves_exactly_the_same_content(demo):
    print(f"seed_demo took {demo['seconds']:.1f}s ({demo['cpu_seconds']:.1f}s of CPU)")
    seed()
    assert content_counts() == demo["counts"]
    assert list(Page.objects.order_by("path").values_list("path", "title", "live")) == demo["pages"]


def test_seed_demo_prints_logins_that_work(demo):
    emails = [word for word in demo["output"].split() if "@" in word]
    assert "admin@staffroom.test" in emails
    assert factories.DEFAULT_PASSWORD in demo["output"]
    assert len(emails) >= 10
    for email in emails:
        user = User.objects.get(email=email)
        assert user.check_password(factories.DEFAULT_PASSWORD), email
        assert user.emailaddress_set.filter(email=email, verified=True).exists(), email
    for level in ("newcomer", "contributor", "leader"):
        line = next(line for line in demo["output"].splitlines() if f"{level} in " in line)
        assert who(communities_demo.TRUST_DEMO[level]).email in line


def test_seed_demo_builds_a_varied_term(demo):
    counts = demo["counts"]
    assert counts["communities.Profile"] == counts["auth.User"] >= 25
    communities = CommunityPage.objects.live()
    assert communities.count() >= 5
    assert {c.visibility for c in communities} == {Visibility.PUBLIC, Visibility.MEMBERS}
    assert {c.join_policy for c in communities} == {JoinPolicy.OPEN, JoinPolicy.BY_REQUEST}
    for community in communities:
        assert Membership.objects.facilitators().filter(community=community).exists()
        assert ReflectionPage.objects.live().descendant_of(community).exists(), community
        assert InquiryPage.objects.live().descendant_of(community).exists(), community
    assert Membership.objects.requested().exists()
    assert ReflectionPage.objects.live().count() >= 18
    inquiries = InquiryPage.objects.live()
    assert inquiries.count() >= 12
    assert len(set(inquiries.values_list("progress__stage", flat=True))) == 6  # every stage
    assert inquiries.filter(progress__completed_at__isnull=False).count() >= 2
    assert inquiries.filter(progress__shared_with_leadership=True).count() >= 3
    assert Reply.objects.filter(parent__isnull=False).count() >= 20  # threaded
    assert Reply.objects.filter(parent__parent__isnull=False).exists()  # and deeper
    assert Reply.objects.filter(changed_practice_at__isnull=False).count() >= 5
    assert Appreciation.objects.count() >= 40
    assert all(
        school.head_teachers.exists()
        for school in apps.get_model("communities.School").objects.all()
    )


# --------------------------------------------------------------------------- #
# A history that reads true
# --------------------------------------------------------------------------- #


def test_nobody_acts_in_a_community_before_joining_it(demo):
    joined = {
        (m.user_id, m.community_id): m.joined_at
        for m in Membership.objects.active().only("user_id", "community_id", "joined_at")
    }
    for reply in Reply.objects.select_related("page"):
        community = community_of(reply.page)
        since = joined.get((reply.author_id, community.pk))
        assert since is not None and since <= reply.created_at, reply.body
        assert reply.page.first_published_at <= reply.created_at, reply.body
    # Every row of every community's ledger — publishing, replies,
    # appreciations, stages — comes after its actor joined (asking to join
    # comes before, by its nature), and none is in the future.
    now = clock.now()
    rows = ActivityEvent.objects.exclude(verb=Verb.REQUESTED).filter(community__isnull=False)
    assert rows.count() > 200
    for actor, community, verb, at in rows.values_list(
        "actor_id", "community_id", "verb", "created_at"
    ):
        since = joined.get((actor, community))
        assert since is not None and since <= at <= now, (actor, community, verb, at)
    # An inquiry's log and its head teacher's feedback come after it began.
    for update in InquiryUpdate.objects.select_related("inquiry"):
        assert update.inquiry.first_published_at <= update.created_at <= now
    for feedback in ReviewFeedback.objects.select_related("inquiry"):
        assert feedback.inquiry.first_published_at <= feedback.created_at <= now


def test_no_two_pieces_of_writing_are_the_same(demo):
    writing = [
        *Reply.objects.values_list("body", flat=True),
        *ReflectionPage.objects.values_list("summary", flat=True),
        *InquiryPage.objects.values_list("question", flat=True),
        *InquiryPage.objects.values_list("learners", flat=True),
        *InquiryPage.objects.values_list("what_will_be_tried", flat=True),
        *InquiryPage.objects.values_list("evidence_plan", flat=True),
        *InquiryUpdate.objects.exclude(note="").values_list("note", flat=True),
        *Membership.objects.exclude(message="").values_list("message", flat=True),
    ]
    for page in ReflectionPage.objects.all():
        writing.extend(str(block.value) for block in page.body)
    twice = [text for text, n in Counter(writing).items() if n > 1]
    assert twice == []
    assert len(set(ReflectionPage.objects.values_list("title", flat=True))) == (
        ReflectionPage.objects.count()
    )


def test_each_piece_belongs_to_its_subject_and_phase(demo):
    phonics = InquiryPage.objects.filter(subject="Phonics")
    assert phonics.exists()
    for inquiry in phonics:
        assert inquiry.phase == Phase.PRIMARY
        assert phases_in(community_of(inquiry)) <= PRIMARY_PHASES
    # An inquiry's phase is its inquirer's.
    for inquiry in InquiryPage.objects.select_related("owner__profile"):
        assert inquiry.phase == inquiry.owner.profile.phase, inquiry.title
    # GCSE chemistry is written by a chemist, among secondary colleagues.
    chemistry = ReflectionPage.objects.filter(title__icontains="GCSE chemistry").get()
    assert chemistry.owner.profile.subject == "Chemistry"
    assert phases_in(community_of(chemistry)) <= SECONDARY_PHASES
    # The early reading community is primary through and through.
    assert phases_in(CommunityPage.objects.get(slug="early-reading")) <= PRIMARY_PHASES


# --------------------------------------------------------------------------- #
# Leadership that emerges, and what it lets people do
# --------------------------------------------------------------------------- #


def standing(name: str, slug: str = "formative-assessment"):
    return Membership.objects.get(user=who(name), community__slug=slug).standing


def test_different_people_emerge_for_different_strands(demo, client):
    community = CommunityPage.objects.get(slug="formative-assessment")
    holders: dict[str, set[str]] = {}
    for membership in Membership.objects.active().filter(community=community):
        for strand in membership.standing.strands:
            holders.setdefault(strand, set()).add(membership.user.profile.display_name)
    assert holders[Strand.MENTOR] == {"Priya Nair"}
    assert "Marcus Reid" in holders[Strand.INQUIRER]
    assert "Kwame Asante" in holders[Strand.COLLABORATOR]
    assert holders[Strand.INQUIRER].isdisjoint(holders[Strand.MENTOR])
    # Other communities have their own: mentors among the early career
    # teachers and in early reading, co-inquirers there and in reading for
    # pleasure, where an inquiry was carried through to evidence.
    assert Strand.MENTOR in standing("Grace Mensah", "early-career-circle").strands
    assert Strand.MENTOR in standing("Sarah Okonkwo", "early-reading").strands
    assert Strand.COLLABORATOR in standing("Yusuf Rahman", "early-reading").strands
    assert {Strand.INQUIRER, Strand.COLLABORATOR} <= set(
        standing("Ben Whitaker", "reading-for-pleasure").strands
    )
    # The community page shows them, with their strands, to its members.
    client.force_login(who("Lucy Hart"))
    page = client.get(community.url).content.decode()
    for name in ("Priya Nair", "Marcus Reid"):
        assert name in page


def test_the_demo_newcomer_contributor_and_leader(demo):
    levels = {level: standing(name).level for level, name in communities_demo.TRUST_DEMO.items()}
    assert levels == {
        "newcomer": TrustLevel.NEWCOMER,
        "contributor": TrustLevel.CONTRIBUTOR,
        "leader": TrustLevel.LEADER,
    }
    # None of them is a facilitator: what they may do is earned.
    for name in communities_demo.TRUST_DEMO.values():
        assert not Membership.objects.get(
            user=who(name), community__slug="formative-assessment"
        ).is_facilitator


def add_reflection_url() -> str:
    community = CommunityPage.objects.get(slug="formative-assessment")
    index = ReflectionPage.objects.descendant_of(community).first().get_parent()
    return reverse("wagtailadmin_pages:add", args=["blog", "reflectionpage", index.pk])


def write(client, title: str, action: str):
    return editor_post(
        client,
        add_reflection_url(),
        action=action,
        changes={"title": title, "summary": "Trying it out.", "date": "2026-11-30"},
        streams={"body": []},
    )


def test_the_demo_contributor_publishes_without_review(demo, client):
    client.force_login(who(communities_demo.TRUST_DEMO["contributor"]))
    soup, _ = page_form(client.get(add_reflection_url()))
    assert action_labels(soup)[0] == "Publish"
    response = write(client, "Seating plans for practicals", "publish")
    page = ReflectionPage.objects.get(title="Seating plans for practicals")
    assert page.live and response["Location"] == page.url
    # But moderating is not theirs.
    community = CommunityPage.objects.get(slug="formative-assessment")
    assert client.get(reverse("moderation", args=[community.pk])).status_code in (403, 404)


def test_the_demo_newcomer_goes_through_review_and_the_leader_approves(demo, client):
    newcomer = who(communities_demo.TRUST_DEMO["newcomer"])
    client.force_login(newcomer)
    soup, _ = page_form(client.get(add_reflection_url()))
    labels = action_labels(soup)
    assert labels[0] == "Submit for review by the facilitators" and "Publish" not in labels
    write(client, "My first go at hinge questions in geography", "submit")
    page = ReflectionPage.objects.get(title="My first go at hinge questions in geography")
    assert not page.live
    assert page.current_workflow_state is not None
    community = CommunityPage.objects.get(slug="formative-assessment")
    assert client.get(reverse("moderation", args=[community.pk])).status_code in (403, 404)

    client.force_login(who(communities_demo.TRUST_DEMO["leader"]))
    queue = client.get(reverse("moderation", args=[community.pk]))
    assert queue.status_code == 200
    text = queue.content.decode()
    assert "My first go at hinge questions in geography" in text
    assert "dismissive" in text  # the demo's report of concern waits for them too
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    soup, _ = page_form(client.get(edit))
    assert action_labels(soup)[0] == "Approve and Publish"
    editor_post(client, edit, action="workflow", workflow_action="approve", streams={"body": []})
    page.refresh_from_db()
    assert page.live


# --------------------------------------------------------------------------- #
# Enough variety that search and filters show something
# --------------------------------------------------------------------------- #


def search(client, **params) -> str:
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_and_its_filters_find_the_demo_term(demo, client):
    # Phonics is written about in reflections, inquiries and replies, all in
    # the public early reading community.
    found = search(client, q="phonics")
    assert "Same-day keep-up" in found and "Short phonics check-ins in Year 1" in found
    inquiries_only = search(client, q="phonics", kind="inquiries")
    assert "Short phonics check-ins in Year 1" in inquiries_only
    assert "Same-day keep-up" not in inquiries_only
    replies = search(client, q="hearing", kind="replies")
    assert "Reply by Yusuf Rahman" in replies
    # Marking is discussed in two communities; the filter keeps one.
    ect = CommunityPage.objects.get(slug="early-career-circle")
    client.force_login(who("Daniel Cohen"))  # in the members-only circle
    everywhere = search(client, q="marking")
    assert "Whole-class feedback instead of marking Year 8 books" in everywhere
    assert "Marking A-level essays without drowning" in everywhere
    in_circle = search(client, q="marking", community=ect.pk)
    assert "Marking A-level essays without drowning" in in_circle
    assert "Whole-class feedback instead of marking Year 8 books" not in in_circle
    # Outside the circle, its writing is not found at all.
    client.force_login(who("Lucy Hart"))
    assert "Marking A-level essays without drowning" not in search(client, q="marking")


def test_members_only_demo_work_is_found_by_its_members_alone(demo, client):
    title = "GCSE chemistry: making salts when students write the method first"
    assert title not in search(client, q="copper sulfate")
    client.force_login(who("Lucy Hart"))  # a teacher outside the science network
    assert title not in search(client, q="copper sulfate")
    client.force_login(who("Tom Becker"))  # a member of it
    assert title in search(client, q="copper sulfate")
