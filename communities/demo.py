"""Demo schools, teachers and communities — idempotent, built from the factories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend

from . import clock, factories, services
from .models import (
    CommunityPage,
    JoinPolicy,
    Membership,
    MembershipState,
    Phase,
    School,
    Visibility,
)

User = get_user_model()


@dataclass
class DemoLogin:
    who: str
    email: str


SCHOOLS = [
    ("Northfield Academy", "northfield.sch.uk", "Dr Helen Okafor"),
    ("Riverside Primary School", "riverside.sch.uk", "Mr David Lindqvist"),
    ("St Aidan's High School", "staidans.sch.uk", "Mrs Farah Siddiqui"),
]

# (display name, school index, subject, phase)
TEACHERS = [
    ("Amina Patel", 0, "Mathematics", Phase.SECONDARY),
    ("Tom Becker", 0, "Science", Phase.SECONDARY),
    ("Grace Mensah", 0, "English", Phase.SECONDARY),
    ("Owen Griffiths", 0, "History", Phase.SECONDARY),
    ("Priya Nair", 0, "Mathematics", Phase.SECONDARY),
    ("Lucy Hart", 0, "Geography", Phase.SECONDARY),
    ("Samuel Adeyemi", 0, "Physical education", Phase.SECONDARY),
    ("Hannah Kowalski", 0, "Modern languages", Phase.SECONDARY),
    ("Mei Chen", 1, "Year 2", Phase.PRIMARY),
    ("Jack O'Neill", 1, "Year 4", Phase.PRIMARY),
    ("Rosa Alvarez", 1, "Reception", Phase.EARLY_YEARS),
    ("Ben Whitaker", 1, "Year 6", Phase.PRIMARY),
    ("Chloe Dubois", 1, "Year 3", Phase.PRIMARY),
    ("Yusuf Rahman", 1, "SENCo", Phase.PRIMARY),
    ("Ellie Thompson", 1, "Year 1", Phase.PRIMARY),
    ("Marcus Reid", 2, "Computing", Phase.SECONDARY),
    ("Isla Fraser", 2, "Biology", Phase.POST_16),
    ("Kwame Asante", 2, "Mathematics", Phase.SECONDARY),
    ("Sofia Rossi", 2, "Art", Phase.SECONDARY),
    ("Daniel Cohen", 2, "English", Phase.POST_16),
    ("Niamh Byrne", 2, "Chemistry", Phase.SECONDARY),
    ("Arjun Mehta", 2, "Physics", Phase.SECONDARY),
    ("Zara Ahmed", 2, "Religious education", Phase.SECONDARY),
    ("Leo Novak", 2, "Music", Phase.SECONDARY),
    ("Fatima Hussain", 0, "Early career teacher, Science", Phase.SECONDARY),
    ("Sarah Okonkwo", 1, "English and phonics lead", Phase.PRIMARY),
]

COMMUNITIES = [
    {
        "title": "Formative Assessment TLC",
        "slug": "formative-assessment",
        "purpose": "Eleven teachers across three schools trying one formative assessment "
        "technique a month — hinge questions, exit tickets, mini-whiteboards — and "
        "reporting back honestly on what happened.",
        "focus": "Formative assessment",
        "meeting_rhythm": "First Tuesday of the month, 4pm, Northfield library",
        "join_policy": JoinPolicy.OPEN,
        "visibility": Visibility.PUBLIC,
        "facilitators": ["Amina Patel"],
        "members": [
            "Tom Becker",
            "Grace Mensah",
            "Priya Nair",
            "Mei Chen",
            "Jack O'Neill",
            "Marcus Reid",
            "Kwame Asante",
            "Isla Fraser",
            "Lucy Hart",
        ],
        "requests": [],
    },
    {
        "title": "Early Career Teachers' Circle",
        "slug": "early-career-circle",
        "purpose": "A safe place for teachers in their first years to bring what went wrong "
        "this week, and for experienced colleagues to mentor. What is said here stays here.",
        "focus": "Mentoring new teachers",
        "meeting_rhythm": "Every third Thursday, 3:45pm, online",
        "join_policy": JoinPolicy.BY_REQUEST,
        "visibility": Visibility.MEMBERS,
        "facilitators": ["Grace Mensah", "Yusuf Rahman"],
        "members": [
            "Fatima Hussain",
            "Ellie Thompson",
            "Leo Novak",
            "Daniel Cohen",
            "Chloe Dubois",
        ],
        "requests": [
            (
                "Sofia Rossi",
                "Second year teaching art and still finding Year 8 hard going after lunch. "
                "Could I join?",
            ),
            (
                "Arjun Mehta",
                "I'm mentoring a trainee for the first time this term and would like to "
                "learn from how you all do it.",
            ),
        ],
    },
    {
        "title": "Reading for Pleasure",
        "slug": "reading-for-pleasure",
        "purpose": "Primary and secondary teachers building reading cultures: book talk, "
        "reading aloud, classroom libraries and what the evidence says.",
        "focus": "Reading for pleasure",
        "meeting_rhythm": "Second Wednesday of the month, 4pm, Riverside staffroom",
        "join_policy": JoinPolicy.BY_REQUEST,
        "visibility": Visibility.PUBLIC,
        "facilitators": ["Rosa Alvarez"],
        "members": [
            "Mei Chen",
            "Ben Whitaker",
            "Daniel Cohen",
            "Hannah Kowalski",
            "Zara Ahmed",
            "Owen Griffiths",
        ],
        "requests": [
            (
                "Niamh Byrne",
                "Our Year 10 chemists don't read beyond the specification — I'd love ideas "
                "for a science shelf in the prep room.",
            )
        ],
    },
    {
        "title": "Early Reading and Phonics",
        "slug": "early-reading",
        "purpose": "Reception to Year 4 teachers and support staff making sure every child "
        "learns to read: daily phonics, same-day keep-up, decodable books that match, "
        "and what to do for the children the programme is leaving behind.",
        "focus": "Early reading and systematic phonics",
        "meeting_rhythm": "Fortnightly on Mondays, 3:30pm, Riverside Key Stage 1 corridor",
        "join_policy": JoinPolicy.OPEN,
        "visibility": Visibility.PUBLIC,
        "facilitators": ["Sarah Okonkwo"],
        "members": [
            "Ellie Thompson",
            "Rosa Alvarez",
            "Chloe Dubois",
            "Yusuf Rahman",
            "Jack O'Neill",
            "Mei Chen",
        ],
        "requests": [],
    },
    {
        "title": "Science Practicals Network",
        "slug": "science-practicals",
        "purpose": "Secondary science teachers at Northfield and St Aidan's sharing how they "
        "run GCSE and A-level required practicals so that students learn the science, not "
        "just the method — and what goes wrong when they do not.",
        "focus": "Required practicals and misconceptions in science",
        "meeting_rhythm": "Half-termly, Wednesday 4pm, St Aidan's prep room",
        "join_policy": JoinPolicy.OPEN,
        "visibility": Visibility.MEMBERS,
        "facilitators": ["Niamh Byrne"],
        "members": ["Arjun Mehta", "Tom Becker", "Isla Fraser", "Fatima Hussain"],
        "requests": [],
    },
]


# Three members of the first community whose earned trust differs, and so
# what the editor lets them do (recognition decides it at the end of the demo).
TRUST_DEMO = {"newcomer": "Lucy Hart", "contributor": "Tom Becker", "leader": "Priya Nair"}
TRUST_DEMO_MEANS = {
    "newcomer": "pages go to the facilitators for review",
    "contributor": "publishes without review",
    "leader": "also approves newcomers' pages and moderates replies",
}


def _email(name: str, domain: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local}@{domain}"


def _person(name: str, school: School, **fields) -> User:
    email = _email(name, school.email_domain)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = factories.teacher(email=email, display_name=name, school=school, **fields)
    return user


# The demo's term: communities founded this many days ago, members joining
# over the weeks after, the latest requests to join still waiting.
FOUNDED_DAYS_AGO = 84


def _days_ago(days: float) -> datetime.datetime:
    return clock.now() - datetime.timedelta(days=days)


def _facilitator_of(community: CommunityPage) -> User:
    return Membership.objects.facilitators().filter(community=community).order_by("pk")[0].user


def _join(
    user: User, community: CommunityPage, *, at: datetime.datetime, message: str = ""
) -> None:
    """Join the way a teacher does: at once in an open community; by request
    and a facilitator's approval (the next day) in the others."""
    with clock.travel(at):
        membership = services.membership_join(user=user, community=community, message=message)
    if not membership.is_active:
        with clock.travel(at + datetime.timedelta(days=1, hours=2)):
            services.membership_approve(actor=_facilitator_of(community), membership=membership)


@transaction.atomic
def seed() -> list[DemoLogin]:
    """Schools, teachers and communities, with a term's worth of joining —
    every row written through the services, at the time it happened."""
    logins: list[DemoLogin] = []
    schools = []
    for name, domain, head_name in SCHOOLS:
        school, _ = School.objects.get_or_create(name=name, defaults={"email_domain": domain})
        head = _person(head_name, school, subject="Head teacher")
        school.head_teachers.add(head)
        schools.append(school)
        logins.append(DemoLogin(f"head teacher, {name}", head.email))

    people = {}
    for name, school_index, subject, phase in TEACHERS:
        people[name] = _person(name, schools[school_index], subject=subject, phase=phase)

    index = factories.community_index()
    for n, spec in enumerate(COMMUNITIES):
        community = CommunityPage.objects.filter(slug=spec["slug"]).first()
        founded = _days_ago(FOUNDED_DAYS_AGO - n * 3)
        if community is None:
            with clock.travel(founded):
                # Publishing it makes its first facilitator its owner.
                community = factories.community(
                    facilitator=people[spec["facilitators"][0]],
                    index=index,
                    **{
                        k: spec[k]
                        for k in (
                            "title",
                            "slug",
                            "purpose",
                            "focus",
                            "meeting_rhythm",
                            "join_policy",
                            "visibility",
                        )
                    },
                )
        when = founded + datetime.timedelta(hours=20)
        for name in spec["facilitators"][1:]:
            if not Membership.objects.filter(user=people[name], community=community).exists():
                _join(people[name], community, at=when)
                membership = Membership.objects.get(user=people[name], community=community)
                with clock.travel(when + datetime.timedelta(days=2)):
                    services.membership_make_facilitator(
                        actor=_facilitator_of(community), membership=membership
                    )
        for i, name in enumerate(spec["members"]):
            if not Membership.objects.filter(user=people[name], community=community).exists():
                # Most join in the first fortnight, the rest as word spreads.
                days = 1 + i * 2.5 if i < 6 else 14 + i * 4
                _join(people[name], community, at=when + datetime.timedelta(days=days, hours=i))
        for i, (name, message) in enumerate(spec["requests"]):
            if not Membership.objects.filter(user=people[name], community=community).exists():
                with clock.travel(_days_ago(4 - i * 1.5)):
                    services.membership_join(
                        user=people[name], community=community, message=message
                    )
        logins.append(
            DemoLogin(f"facilitator, {community.title}", people[spec["facilitators"][0]].email)
        )

    for level in ("newcomer", "contributor", "leader"):
        logins.append(
            DemoLogin(
                f"{level} in {COMMUNITIES[0]['title']} ({TRUST_DEMO_MEANS[level]})",
                people[TRUST_DEMO[level]].email,
            )
        )
    logins.append(DemoLogin("Year 2 teacher in three communities", people["Mei Chen"].email))
    logins.append(
        DemoLogin("early career teacher (members-only circle)", people["Fatima Hussain"].email)
    )
    logins.append(DemoLogin("teacher waiting to be let in", people["Arjun Mehta"].email))
    logins.append(DemoLogin("site administrator (Wagtail admin)", _admin().email))
    return logins


def _admin() -> User:
    email = "admin@staffroom.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = factories.teacher(email=email, display_name="Site Administrator")
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def recognise() -> None:
    """Recompute every community's recognition from its ledger, as the
    background task and `recompute_recognition` do: the demo's emerging
    leaders, and the trust (so the editor permissions) each member earned."""
    for community in CommunityPage.objects.live().order_by("pk"):
        services.recognition_recompute(community=community)


class HistoryTaskBackend(ImmediateBackend):
    """The tasks backend while the demo writes its past: background work
    runs at once, as with the immediate backend (Wagtail's search and
    reference indexes), except the tasks OPTIONS["hold"] names — e-mail
    about things that happened weeks ago, recomputes the demo does once at
    the end — which are queued and never run."""

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.hold = frozenset(params.get("OPTIONS", {}).get("hold", ()))
        self.held = DummyBackend(alias, params)

    def enqueue(self, task, args, kwargs):
        if task.module_path in self.hold:
            return self.held.enqueue(task, args, kwargs)
        return super().enqueue(task, args, kwargs)


class DemoError(Exception):
    """The demo's own history contradicts itself (someone acting in a
    community before they joined it): fix the demo's content."""


def check_member(user: User, community: CommunityPage, at: datetime.datetime) -> None:
    """Refuse to write activity by `user` in `community` at `at` unless they
    had joined by then — the demo's history must read true."""
    joined = (
        Membership.objects.active()
        .filter(user=user, community=community)
        .values_list("joined_at", flat=True)
        .first()
    )
    if joined is None or joined > at:
        raise DemoError(
            f"{user.profile.display_name} acts in {community.title} at {at:%Y-%m-%d %H:%M} "
            f"but joined {'never' if joined is None else f'{joined:%Y-%m-%d %H:%M}'}."
        )


def membership_counts() -> dict[str, int]:
    return {
        "active": Membership.objects.filter(state=MembershipState.ACTIVE).count(),
        "requested": Membership.objects.filter(state=MembershipState.REQUESTED).count(),
    }
