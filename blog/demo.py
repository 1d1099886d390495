"""Demo reflections with threaded conversations — idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from communities import clock
from communities.models import CommunityPage, Membership, Profile

from . import factories, services
from .models import AppreciationKind, ReflectionPage

User = get_user_model()


def _who(name: str):
    return Profile.objects.select_related("user").get(display_name=name).user


REFLECTIONS = [
    {
        "community": "formative-assessment",
        "author": "Amina Patel",
        "title": "Hinge questions changed how I pace Year 9",
        "summary": "I paused at the midpoint of every lesson for a single multiple-choice "
        "question. Half the time, the class wasn't where I thought.",
        "paragraphs": [
            "For three weeks I planned one hinge question per lesson — a multiple-choice "
            "question where each wrong answer points to a specific misconception.",
            "On day two only 11 of 28 students chose the right answer on equivalent fractions. "
            "I would have moved on. Instead I re-taught with a number line and asked again.",
            "What surprised me most: the quiet students were the ones most often right.",
        ],
        "tags": ["formative assessment", "mathematics", "questioning"],
        "days_ago": 12,
        "thread": [
            (
                "Tom Becker",
                None,
                "warm",
                "This is brilliant. How long did writing the distractors take you?",
            ),
            (
                "Amina Patel",
                0,
                "comment",
                "About ten minutes per question at first, now five. The *wrong* answers are the work.",
            ),
            ("Tom Becker", 1, "comment", "I'll try it with forces in Year 8 next week."),
            (
                "Priya Nair",
                2,
                "question",
                "Tom, will you share the questions? We could build a bank.",
            ),
            (
                "Tom Becker",
                3,
                "comment",
                "Yes — I'll put them in the resource library once I've tried them.",
            ),
            ("Kwame Asante", 4, "warm", "Count me in for the bank. Same unit next half-term."),
            ("Priya Nair", 5, "comment", "Let's bring three each to the meeting."),
            (
                "Grace Mensah",
                None,
                "cool",
                "I wonder whether the whiteboards make it feel like a test for some students? "
                "I found anxiety went up when I did this daily.",
            ),
            (
                "Amina Patel",
                7,
                "comment",
                "Fair challenge. I don't reveal who chose what — only the spread.",
            ),
        ],
        "changed_practice": 2,
        "appreciations": [("Tom Becker", "helpful"), ("Mei Chen", "try"), ("Marcus Reid", "think")],
    },
    {
        "community": "formative-assessment",
        "author": "Mei Chen",
        "title": "Exit tickets in Year 2: pictures, not sentences",
        "summary": "Six-year-olds can't write a paragraph about what they learned, but they "
        "can draw it. Here's what a month of picture exit tickets showed me.",
        "paragraphs": [
            "I replaced the written plenary with a sticky note: draw one thing you learned today.",
            "The drawings told me more than any question I asked aloud.",
        ],
        "tags": ["formative assessment", "early years", "primary"],
        "days_ago": 6,
        "thread": [
            ("Jack O'Neill", None, "question", "Did you find a way to record them quickly?"),
            (
                "Mei Chen",
                0,
                "comment",
                "A photo of the board at the end of the day, sorted into three piles.",
            ),
            (
                "Isla Fraser",
                None,
                "warm",
                "Going to steal this for my Year 12 biologists. Seriously.",
            ),
        ],
        "appreciations": [("Jack O'Neill", "helpful"), ("Amina Patel", "try")],
    },
    {
        "community": "formative-assessment",
        "author": "Marcus Reid",
        "title": "When no-hands-up backfired",
        "summary": "Random questioning with lolly sticks made my Year 10 computing group quieter, "
        "not louder. What I changed.",
        "paragraphs": [
            "The first week was a disaster: students froze. I added think-pair-share before the stick."
        ],
        "tags": ["questioning", "secondary"],
        "days_ago": 3,
        "thread": [
            (
                "Lucy Hart",
                None,
                "warm",
                "Think-pair-share first is exactly what saved it for me too.",
            ),
        ],
        "appreciations": [("Lucy Hart", "helpful")],
    },
    {
        "community": "early-career-circle",
        "author": "Fatima Hussain",
        "title": "My worst lesson this term, honestly",
        "summary": "Period 5, Year 9, practical on rates of reaction. I lost them in four minutes. "
        "Writing it down so I stop replaying it.",
        "paragraphs": [
            "I gave instructions for the practical while the equipment was already on the benches.",
            "By the time I'd finished, three groups had started and one had spilled acid.",
        ],
        "tags": ["behaviour", "practicals", "early career"],
        "days_ago": 5,
        "thread": [
            (
                "Grace Mensah",
                None,
                "warm",
                "Thank you for writing this. Everyone in this circle has had that lesson.",
            ),
            ("Fatima Hussain", 0, "comment", "It helps to hear that."),
            (
                "Yusuf Rahman",
                None,
                "cool",
                "Next time: equipment stays on the side bench until instructions are done "
                "and checked with two questions. Want me to come and watch on Thursday?",
            ),
            ("Fatima Hussain", 2, "comment", "Yes please — Thursday period 3."),
        ],
        "changed_practice": 2,
        "appreciations": [("Grace Mensah", "helpful"), ("Ellie Thompson", "think")],
    },
    {
        "community": "early-career-circle",
        "author": "Ellie Thompson",
        "title": "Mentoring meetings that actually help",
        "summary": "What my mentor does differently, and what I'd ask for if I were starting again.",
        "paragraphs": ["One target a week. Always observed. Always followed up."],
        "tags": ["mentoring", "early career"],
        "days_ago": 2,
        "thread": [
            ("Leo Novak", None, "comment", "One target a week is the thing I needed to hear.")
        ],
        "appreciations": [("Leo Novak", "helpful")],
    },
    {
        "community": "reading-for-pleasure",
        "author": "Rosa Alvarez",
        "title": "Ten minutes of reading aloud, every day, no questions",
        "summary": "I stopped interrogating the story and just read. Reception started asking for the book.",
        "paragraphs": [
            "No comprehension questions, no worksheet — just the story, at the same time every day."
        ],
        "tags": ["reading aloud", "early years"],
        "days_ago": 9,
        "thread": [
            ("Ben Whitaker", None, "question", "Does this hold up in Year 6 with SATs looming?"),
            (
                "Rosa Alvarez",
                0,
                "comment",
                "I'd argue it matters more then. Try it for a fortnight?",
            ),
            ("Ben Whitaker", 1, "comment", "Deal. I'll report back at the meeting."),
        ],
        "appreciations": [("Ben Whitaker", "try"), ("Mei Chen", "helpful")],
    },
]


def _at(start: datetime.datetime, hours: float) -> datetime.datetime:
    return start + datetime.timedelta(hours=hours)


def _post(page, *, author, body: str, parent, kind: str, at: datetime.datetime):
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
    services as a teacher's clicks, at the time each happened."""
    for spec in REFLECTIONS:
        community = CommunityPage.objects.get(slug=spec["community"])
        index = factories.reflection_index(community)
        if ReflectionPage.objects.child_of(index).filter(title=spec["title"]).exists():
            continue
        start = clock.now() - datetime.timedelta(days=spec["days_ago"])
        with clock.travel(start):
            page = factories.reflection(
                index=index,
                author=_who(spec["author"]),
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
            replies.append(
                _post(
                    page,
                    author=_who(name),
                    body=body,
                    parent=parent,
                    kind=kind,
                    at=_at(start, hours),
                )
            )
        hours += 3
        if "changed_practice" in spec:
            with clock.travel(_at(start, hours)):
                services.changed_practice_toggle(
                    user=page.owner, reply=replies[spec["changed_practice"]]
                )
        for n, (name, kind) in enumerate(spec["appreciations"]):
            with clock.travel(_at(start, hours + n)):
                services.appreciation_toggle(user=_who(name), kind=kind, page=page)
        for n, reply in enumerate(replies[:3]):
            for name, _ in spec["appreciations"][:2]:
                user = _who(name)
                if user.pk != reply.author_id:
                    with clock.travel(_at(start, hours + 2 + n)):
                        services.appreciation_toggle(
                            user=user, kind=AppreciationKind.HELPFUL, reply=reply
                        )
        if spec["title"].startswith("Hinge"):
            with clock.travel(_at(start, hours + 6)):
                services.report_create(
                    user=_who("Lucy Hart"),
                    page=page,
                    reply=replies[7],
                    reason="This feels a bit dismissive of the whole idea — could a facilitator check the tone?",
                )
