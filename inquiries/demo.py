"""Demo inquiries at every stage — some shared with school leadership, some
not — with evidence, logs and a head teacher's feedback. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from communities import clock
from communities.models import CommunityPage, Profile

from . import factories, services
from .models import InquiryPage, Stage


def _who(name: str):
    return Profile.objects.select_related("user").get(display_name=name).user


def _obs(note: str, days_ago: int) -> tuple:
    return (
        "observation",
        {"date": clock.today() - datetime.timedelta(days=days_ago), "note": note},
    )


def _quote(quote: str, who: str) -> tuple:
    return ("learner_quote", {"quote": quote, "who": who})


def _table(title: str, rows: list[list[str]]) -> tuple:
    return (
        "data_table",
        {
            "title": title,
            "table": {
                "data": rows,
                "first_row_is_table_header": True,
                "first_col_is_header": False,
            },
        },
    )


NOTES = {
    Stage.SCANNING: "Looked at the last three assessments: the same two misconceptions keep coming back.",
    Stage.FOCUSING: "Narrowed it to one class and one habit — moving on before checking.",
    Stage.HUNCH: "My hunch: I ask 'any questions?' and take silence as understanding.",
    Stage.NEW_LEARNING: "Read Wiliam on hinge questions; watched Amina teach one.",
    Stage.TAKING_ACTION: "Two weeks of trying it every lesson; kept a tally.",
}

INQUIRIES = [
    {
        "community": "formative-assessment",
        "author": "Amina Patel",
        "co": ["Priya Nair"],
        "title": "Do hinge questions help Year 9 notice misconceptions?",
        "question": "Will a hinge question at the midpoint of each lesson change what we re-teach?",
        "subject": "Mathematics",
        "stage": Stage.TAKING_ACTION,
        "shared": True,
        "weeks_ago": 9,
        "evidence": [
            _obs("11 of 28 chose the right answer on day two; after re-teaching, 24.", 20),
            _table(
                "Correct first time",
                [
                    ["Week", "9X", "9Y"],
                    ["1", "41%", "48%"],
                    ["2", "55%", "60%"],
                    ["3", "68%", "71%"],
                ],
            ),
            _quote("I like it when we check before we move on.", "Year 9 student"),
        ],
        "tags": ["formative assessment", "questioning"],
    },
    {
        "community": "formative-assessment",
        "author": "Tom Becker",
        "co": [],
        "title": "Mini-whiteboards in Year 8 science",
        "question": "Does every-pupil response show me who hasn't understood forces?",
        "subject": "Science",
        "stage": Stage.FOCUSING,
        "shared": False,
        "weeks_ago": 5,
        "evidence": [
            _obs(
                "Three students held up blank boards every time — all three quiet in discussion.", 8
            )
        ],
        "tags": ["formative assessment"],
    },
    {
        "community": "formative-assessment",
        "author": "Kwame Asante",
        "co": [],
        "title": "Exit tickets for algebra",
        "question": "What do exit tickets tell me that homework doesn't?",
        "subject": "Mathematics",
        "stage": Stage.SCANNING,
        "shared": False,
        "weeks_ago": 1,
        "evidence": [],
        "tags": ["mathematics"],
    },
    {
        "community": "early-career-circle",
        "author": "Fatima Hussain",
        "co": [],
        "title": "Instructions before equipment in practicals",
        "question": "If equipment stays on the side bench until I've checked understanding, do practicals start calmer?",
        "subject": "Science",
        "stage": Stage.NEW_LEARNING,
        "shared": True,
        "weeks_ago": 6,
        "evidence": [
            _obs(
                "First practical with the new routine: all groups started within two minutes, no spills.",
                4,
            )
        ],
        "tags": ["practicals", "behaviour"],
        "feedback": (
            "Dr Helen Okafor",
            "This is exactly the kind of small, precise change that lasts. "
            "Would you show the routine at the science department meeting?",
        ),
    },
    {
        "community": "early-career-circle",
        "author": "Ellie Thompson",
        "co": [],
        "title": "Short phonics check-ins",
        "question": "Do two-minute check-ins catch the children who are slipping?",
        "subject": "Phonics",
        "stage": Stage.HUNCH,
        "shared": False,
        "weeks_ago": 4,
        "evidence": [],
        "tags": ["early reading"],
    },
    {
        "community": "reading-for-pleasure",
        "author": "Mei Chen",
        "co": ["Ben Whitaker"],
        "title": "Ten minutes of reading aloud, every day",
        "question": "Does a daily read-aloud with no questions change how many children choose to read?",
        "subject": "Reading",
        "stage": Stage.CHECKING,
        "shared": True,
        "weeks_ago": 11,
        "evidence": [
            _table(
                "Children choosing a book at free time",
                [["Week", "Year 2", "Year 6"], ["1", "6", "4"], ["6", "15", "11"]],
            ),
            _quote("Can we have the next chapter now?", "Year 2 child"),
        ],
        "impact": "Children choosing to read at free time more than doubled in both classes.",
        "complete": True,
        "tags": ["reading aloud"],
    },
    {
        "community": "early-career-circle",
        "author": "Leo Novak",
        "co": [],
        "title": "Rehearsal routines in Year 7 music",
        "question": "Does a fixed warm-up routine reduce the time to start rehearsing?",
        "subject": "Music",
        "stage": Stage.CHECKING,
        "shared": True,
        "weeks_ago": 10,
        "evidence": [
            _table(
                "Minutes to first note", [["Week", "Minutes"], ["1", "9"], ["4", "4"], ["8", "3"]]
            )
        ],
        "impact": "Start time fell from nine minutes to three and stayed there.",
        "feedback": (
            "Mrs Farah Siddiqui",
            "Lovely clear evidence. Let's talk about sharing this with the "
            "other arts teachers next term.",
        ),
        "tags": ["routines"],
    },
]


@transaction.atomic
def seed() -> None:
    """Inquiries started over the term, each moved through its stages,
    shared, completed and given feedback at the time it happened — through
    the same services as a teacher's clicks."""
    for spec in INQUIRIES:
        community = CommunityPage.objects.get(slug=spec["community"])
        index = factories.inquiry_index(community)
        if InquiryPage.objects.child_of(index).filter(title=spec["title"]).exists():
            continue
        author = _who(spec["author"])
        days = spec["weeks_ago"] * 7
        started = clock.now() - datetime.timedelta(days=days)
        with clock.travel(started):
            inquiry = factories.inquiry(
                index=index,
                author=author,
                title=spec["title"],
                question=spec["question"],
                co_inquirers=[_who(n) for n in spec["co"]],
                subject=spec["subject"],
                evidence=spec["evidence"],
                impact=spec.get("impact", ""),
                tags=spec["tags"],
                start_date=started.date(),
            )
        # Its stages spread over the weeks the inquiry has run; sharing,
        # completion and a head teacher's feedback come after.
        moves = list(range(Stage.SCANNING, spec["stage"]))
        for n, stage in enumerate(moves, start=1):
            with clock.travel(started + datetime.timedelta(days=days * n / (len(moves) + 1))):
                services.inquiry_advance(user=author, inquiry=inquiry, note=NOTES[Stage(stage)])
        later = started + datetime.timedelta(days=days * (len(moves) + 0.5) / (len(moves) + 1))
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
