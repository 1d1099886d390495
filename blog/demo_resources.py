"""Demo resource libraries — idempotent. Each community's library gets
resources written for its own subjects and phases (files and links), one
adapted from another, "I tried it" reports from colleagues in several
schools and a curated collection — all through the services, at the time
each happened. Authors and reporters are the community's own members, taken
in the order they joined, so the content follows whoever the demo seeds."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from communities import clock
from communities.models import CommunityPage, Membership, MembershipState

from . import factories, services
from .models import ResourcePage


def _pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (enough for any reader to open)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# Per community: its resources (the first is the one others adapt and try
# most), who reports trying them, and the collection its facilitator builds.
LIBRARIES = {
    "formative-assessment": {
        "resources": [
            {
                "title": "Hinge question bank: Year 9 fractions and ratio",
                "summary": "Twelve multiple-choice hinge questions; each wrong answer names "
                "the misconception it reveals.",
                "kind": "assessment", "subject": "Mathematics", "phase": "secondary",
                "file": ("hinge-questions-fractions.pdf", "Hinge questions: fractions and ratio"),
                "notes": "Mid-lesson, on mini-whiteboards, all hands up at once. I only "
                "re-teach when fewer than 80% choose the right answer.",
                "tags": ["hinge questions", "mathematics"], "licence": "cc_by_sa",
            },
            {
                "title": "Exit ticket templates (three sizes)",
                "summary": "Half-page slips for the last four minutes: one question, one "
                "confidence scale, one thing to ask next lesson.",
                "kind": "tool", "subject": "Any", "phase": "secondary",
                "text": ("exit-tickets.txt", "Exit ticket\n1. Today I learned...\n"
                         "2. How sure am I? 1 2 3 4 5\n3. One question I still have:\n"),
                "notes": "Sorted into three piles at the door; the piles plan tomorrow's starter.",
                "tags": ["exit tickets"], "licence": "cc_by",
            },
            {
                "title": "Wiliam on formative assessment (talk)",
                "summary": "Fifty minutes that our TLC watched before its first meeting.",
                "kind": "video", "subject": "Any", "phase": "all",
                "link": "https://www.youtube.com/watch?v=029fSeNEXAo",
                "notes": "We paused at each of the five strategies and said which one we'd try.",
                "tags": ["formative assessment"], "licence": "arr",
            },
        ],
        "adaptation": {
            "title": "Hinge questions for Year 8 forces",
            "summary": "The fractions bank's format, rewritten for balanced and unbalanced forces.",
            "subject": "Science",
            "notes": "Same routine as the maths bank; distractors came from last year's tests.",
        },
        "tries": [
            ("yes", "Eleven of 28 were right first time; re-teaching with a number line got "
             "us to 25.", ""),
            ("with_changes", "Worked, but twelve was too many for one unit.", "Used six."),
            ("yes", "The quiet students were right most often — I'd never have seen that.", ""),
            ("no", "My Year 7s found the distractors confusing rather than revealing.",
             "Simplified the wording."),
        ],
        "collection": ("New to formative assessment? Start here",
                       "Three things our members tried first. Begin with the exit tickets: "
                       "four minutes, and tomorrow's plan writes itself."),
    },
    "early-career-circle": {
        "resources": [
            {
                "title": "Calm start routine for the first five minutes",
                "summary": "The door, the do-now, the register: a routine written up from "
                "what our mentors do.",
                "kind": "lesson_plan", "subject": "Any", "phase": "secondary",
                "file": ("calm-start-routine.pdf", "Calm start: door, do-now, register"),
                "notes": "Practised it with Year 10 for two weeks before it stuck.",
                "tags": ["behaviour", "routines"], "licence": "cc_by_nc",
            },
            {
                "title": "Phone script for a first call home",
                "summary": "What to say when the first call home is about something going well.",
                "kind": "tool", "subject": "Any", "phase": "all",
                "text": ("first-call-home.txt", "Hello, this is ... from ... I'm calling "
                         "with good news about ...\n"),
                "notes": "Three positive calls before any difficult one.",
                "tags": ["parents"], "licence": "cc_by",
            },
        ],
        "adaptation": {
            "title": "Calm start routine, primary version",
            "summary": "The same routine for a Year 3 classroom: a song instead of the do-now.",
            "subject": "Year 3",
            "notes": "The song is the signal; the register happens during the first task.",
        },
        "tries": [
            ("yes", "The do-now gave me the two minutes I needed at the door.", ""),
            ("with_changes", "Worked once I stopped talking during the do-now.", "Silent do-now."),
        ],
        "collection": ("Your first term", "What got each of us through September."),
    },
    "reading-for-pleasure": {
        "resources": [
            {
                "title": "Book talk prompts for Key Stage 2",
                "summary": "Twenty open questions that start children talking about a book "
                "without it turning into comprehension.",
                "kind": "activity", "subject": "Reading", "phase": "primary",
                "file": ("book-talk-prompts.pdf", "Book talk prompts for Key Stage 2"),
                "notes": "On a lanyard during reading time; I ask one and then stay quiet.",
                "tags": ["book talk", "reading aloud"], "licence": "cc_by",
            },
            {
                "title": "Open University: Teachers as readers",
                "summary": "The research behind reading for pleasure, with free classroom ideas.",
                "kind": "reading", "subject": "Reading", "phase": "all",
                "link": "https://ourfp.org/",
                "notes": "We read one section before each meeting.",
                "tags": ["research"], "licence": "arr",
            },
        ],
        "adaptation": {
            "title": "Book talk prompts for Year 7 tutor time",
            "summary": "The KS2 prompts, reworded for eleven-year-olds who think they're too old.",
            "subject": "English",
            "phase": "secondary",
            "notes": "Used in tutor time with the class reader.",
        },
        "tries": [
            ("yes", "Children asked for the lanyard questions by the second week.", ""),
            ("with_changes", "Lovely, but I needed fewer prompts for Year 2.", "Picked five."),
            ("yes", "Our library visits became conversations.", ""),
        ],
        "collection": ("Reading time that children look forward to",
                       "Start with the prompts; read the research when you want to know why."),
    },
    "early-reading": {
        "resources": [
            {
                "title": "Same-day keep-up: a ten-minute plan",
                "summary": "Who gets keep-up, what they do in ten minutes after the phonics "
                "lesson, and how to know it worked before tomorrow.",
                "kind": "lesson_plan", "subject": "Phonics", "phase": "primary",
                "file": ("same-day-keep-up.pdf", "Same-day keep-up: ten minutes, same GPC"),
                "notes": "Straight after the lesson, with the TA, on the sounds from that "
                "morning only. Three children, never more than four.",
                "tags": ["phonics", "keep-up"], "licence": "cc_by_sa",
            },
            {
                "title": "Sound mat for Phase 3 digraphs",
                "summary": "A desk mat with the Phase 3 digraphs and a picture for each.",
                "kind": "tool", "subject": "Phonics", "phase": "early",
                "text": ("phase-3-sound-mat.txt", "ch  chip\nsh  ship\nth  thin\nng  ring\n"
                         "ai  rain\nee  feet\nigh  night\noa  boat\n"),
                "notes": "Taped to the tables in Reception from January.",
                "tags": ["phonics"], "licence": "cc_by",
            },
            {
                "title": "Matching decodable books to the sounds taught",
                "summary": "How our Year 1 team audits the reading scheme against the phonics "
                "programme, term by term.",
                "kind": "reading", "subject": "Reading", "phase": "primary",
                "link": "https://www.gov.uk/government/publications/choosing-a-phonics-teaching-programme",
                "notes": "We read it together, then sorted the book corner into bands.",
                "tags": ["decodable books"], "licence": "arr",
            },
        ],
        "adaptation": {
            "title": "Same-day keep-up for Year 3 catch-up",
            "summary": "The keep-up plan for older children still on Phase 5, with "
            "age-appropriate words.",
            "subject": "Phonics",
            "notes": "Same routine; the words come from the class's own topic.",
        },
        "tries": [
            ("yes", "Two of my three caught up within the week.", ""),
            ("with_changes", "Needed a second adult on Fridays.", "Moved it to the afternoon."),
            ("yes", "Keep-up after the lesson, not before: that was the difference.", ""),
        ],
        "collection": ("No child left behind in phonics",
                       "Keep-up first, then the sound mat; the book audit when you have an hour."),
    },
    "science-practicals": {
        "resources": [
            {
                "title": "Required practical: rates of reaction, with the thinking left in",
                "summary": "The disappearing-cross practical, with three questions that make "
                "students predict before they measure.",
                "kind": "activity", "subject": "Chemistry", "phase": "secondary",
                "file": ("rates-of-reaction.pdf", "Rates of reaction: predict, measure, explain"),
                "notes": "Year 10, in pairs. The prediction card goes in before the timer starts.",
                "tags": ["required practicals", "chemistry"], "licence": "cc_by_nc",
            },
            {
                "title": "Misconceptions checklist: electricity",
                "summary": "Eight misconceptions about current and voltage, with a diagnostic "
                "question for each.",
                "kind": "assessment", "subject": "Physics", "phase": "secondary",
                "text": ("electricity-misconceptions.txt", "1. Current is used up by bulbs.\n"
                         "2. The battery pushes out the same current whatever the circuit.\n"),
                "notes": "Before the series and parallel practical.",
                "tags": ["misconceptions", "physics"], "licence": "cc_by",
            },
        ],
        "adaptation": {
            "title": "Rates of reaction for A-level, with error analysis",
            "summary": "The same practical with a data logger and an uncertainty exercise.",
            "subject": "Chemistry",
            "phase": "post16",
            "notes": "Year 12; the predictions become a hypothesis with a stated uncertainty.",
        },
        "tries": [
            ("yes", "Predictions made the write-ups twice as good.", ""),
            ("with_changes", "Too long for a 50-minute lesson.", "Split over two lessons."),
        ],
        "collection": ("Practicals that teach the science",
                       "Each one asks students to predict first. Start with rates of reaction."),
    },
}  # fmt: skip


def _document(community: CommunityPage, name: str, content: bytes, title: str):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content, name=name),
        collection=community.collection,
    )


def _members(community: CommunityPage) -> list[Membership]:
    return list(
        Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
        .select_related("user__profile")
        .order_by("joined_at", "pk")
    )


def _when(planned: datetime.datetime, *after: datetime.datetime | None) -> datetime.datetime:
    """The planned moment, but never before what it follows (a person
    joining, a resource being shared) and never in the future."""
    moments = [planned, *(a + datetime.timedelta(hours=2) for a in after if a is not None)]
    return min(max(moments), clock.now() - datetime.timedelta(minutes=5))


def seed() -> None:
    for slug, spec in LIBRARIES.items():
        community = CommunityPage.objects.filter(slug=slug).first()
        if community is None or community.collection_id is None:
            continue
        library = factories.resource_library(community)
        if ResourcePage.objects.child_of(library).exists():
            continue
        with transaction.atomic():
            _seed_library(community, library, spec)


def _seed_library(community, library, spec) -> None:
    memberships = _members(community)
    if len(memberships) < 3:
        return
    people = [m.user for m in memberships]
    joined = {m.user_id: m.joined_at or m.created_at for m in memberships}
    facilitator = next((m.user for m in memberships if m.is_facilitator), people[0])
    start = clock.now() - datetime.timedelta(days=40)
    made = []
    for n, item in enumerate(spec["resources"]):
        author = people[(n + 1) % len(people)]
        with clock.travel(_when(start + datetime.timedelta(days=3 * n), joined[author.pk])):
            document = None
            if "file" in item:
                name, words = item["file"]
                document = _document(community, name, _pdf(words), item["title"])
            elif "text" in item:
                name, words = item["text"]
                document = _document(community, name, words.encode(), item["title"])
            made.append(
                factories.resource(
                    library=library,
                    author=author,
                    title=item["title"],
                    summary=item["summary"],
                    kind=item["kind"],
                    subject=item["subject"],
                    phase=item["phase"],
                    link=item.get("link", ""),
                    document=document,
                    licence=item["licence"],
                    tags=item["tags"],
                    notes=item["notes"],
                )
            )
    first = made[0]
    # Colleagues report trying the first resource, from their own schools.
    reporters = [p for p in people if p.pk != first.owner_id]
    last_try = None
    for n, (recommend, happened, adapted) in enumerate(spec["tries"]):
        if n >= len(reporters):
            break
        reporter = reporters[n]
        profile = reporter.profile
        at = _when(
            start + datetime.timedelta(days=10 + 4 * n),
            joined[reporter.pk],
            first.first_published_at,
        )
        with clock.travel(at):
            services.resource_try_save(
                user=reporter,
                resource=first,
                recommend=recommend,
                what_happened=happened,
                what_adapted=adapted,
                phase=profile.phase,
                subject=profile.subject[:80],
                class_size=24 + 2 * n,
            )
        last_try = max(at, last_try) if last_try else at
    # One who tried it shares their version.
    adapter = reporters[1] if len(reporters) > 1 else reporters[0]
    adaptation = spec["adaptation"]
    with clock.travel(_when(start + datetime.timedelta(days=25), joined[adapter.pk], last_try)):
        factories.resource(
            library=library,
            author=adapter,
            title=adaptation["title"],
            summary=adaptation["summary"],
            kind=first.kind,
            subject=adaptation["subject"],
            phase=adaptation.get("phase", first.phase),
            link="",
            document=_document(
                community,
                "my-version.txt",
                f"{adaptation['title']}\n\n{adaptation['notes']}\n".encode(),
                adaptation["title"],
            ),
            adapted_from=first,
            licence=first.licence,
            tags=[],
            notes=adaptation["notes"],
        )
    # The facilitator features the most tried and gathers a collection.
    title, note = spec["collection"]
    latest = max(r.first_published_at for r in made)
    with clock.travel(_when(start + datetime.timedelta(days=30), joined[facilitator.pk], latest)):
        services.resource_feature(user=facilitator, resource=first, featured=True)
        collection = services.collection_create(
            user=facilitator, library=library, title=title, note=note
        )
        for resource in made[:3]:
            services.collection_add(user=facilitator, collection=collection, resource=resource)
