"""Demo reflections with threaded conversations — idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from communities.models import CommunityPage, Profile

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


def _give_a_past(page, days_ago: int, replies) -> None:
    """Demo content only: spread the conversation over the days since the
    reflection was written, so streams and threads read like real ones."""
    from django.utils import timezone

    from communities.models import ActivityEvent

    from .models import Reply

    start = timezone.now() - datetime.timedelta(days=days_ago)
    ReflectionPage.objects.filter(pk=page.pk).update(first_published_at=start)
    for n, reply in enumerate(replies, start=1):
        Reply.objects.filter(pk=reply.pk).update(created_at=start + datetime.timedelta(hours=5 * n))
    # The ledger rows about this page follow the same timeline.
    events = ActivityEvent.objects.filter(page=page).order_by("pk")
    for n, event_pk in enumerate(events.values_list("pk", flat=True)):
        ActivityEvent.objects.filter(pk=event_pk).update(
            created_at=start + datetime.timedelta(hours=5 * n)
        )


def seed() -> None:
    # Demo replies go straight through (no newcomer hold, no rate limit) and
    # their notification e-mails are not printed.
    with (
        override_settings(
            STAFFROOM_NEWCOMER_REPLIES_HELD=0,
            STAFFROOM_REPLY_RATE_LIMIT=(10_000, 60),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        transaction.atomic(),
    ):
        for spec in REFLECTIONS:
            community = CommunityPage.objects.get(slug=spec["community"])
            index = factories.reflection_index(community)
            if ReflectionPage.objects.child_of(index).filter(title=spec["title"]).exists():
                continue
            page = factories.reflection(
                index=index,
                author=_who(spec["author"]),
                title=spec["title"],
                summary=spec["summary"],
                paragraphs=spec["paragraphs"],
                tags=spec["tags"],
                date=datetime.date.today() - datetime.timedelta(days=spec["days_ago"]),
            )
            replies = []
            for name, parent_index, kind, body in spec["thread"]:
                parent = replies[parent_index] if parent_index is not None else None
                replies.append(
                    factories.reply(
                        page=page, author=_who(name), body=body, parent=parent, kind=kind
                    )
                )
            if "changed_practice" in spec:
                services.changed_practice_toggle(
                    user=page.owner, reply=replies[spec["changed_practice"]]
                )
            for name, kind in spec["appreciations"]:
                services.appreciation_toggle(user=_who(name), kind=kind, page=page)
            for reply in replies[:3]:
                for name, _ in spec["appreciations"][:2]:
                    user = _who(name)
                    if user.pk != reply.author_id:
                        services.appreciation_toggle(
                            user=user, kind=AppreciationKind.HELPFUL, reply=reply
                        )
            if spec["title"].startswith("Hinge"):
                services.report_create(
                    user=_who("Lucy Hart"),
                    page=page,
                    reply=replies[7],
                    reason="This feels a bit dismissive of the whole idea — could a facilitator check the tone?",
                )
            _give_a_past(page, spec["days_ago"], replies)
