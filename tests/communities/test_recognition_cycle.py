"""The TLC cycle in recognition (read, as everything, from ledger rows only):
buddy visits to newcomers' lessons count towards Mentor; buddy visits with
colleagues together with action plans reported back on count towards
Collaborator; a visit to oneself, or a plan never closed, counts for nothing."""

from __future__ import annotations

import dataclasses

from communities.models import Verb
from communities.recognition import Strand, compute

from .test_recognition import NOW, RULES, Ledger

# The defaults of STAFFROOM_RECOGNITION for the cycle, on the fixed rules.
CYCLE_RULES = dataclasses.replace(
    RULES,
    strands={
        **RULES.strands,
        "mentor": {**RULES.strands["mentor"], "observed_newcomers": 2},
        "collaborator": {**RULES.strands["collaborator"], "buddies": 1, "reported_plans": 3},
    },
)


def observed(ledger: Ledger, observer: int, teacher: int, days_ago: float = 10) -> None:
    ledger.add(
        observer,
        Verb.BUDDY_OBSERVED,
        to=teacher,
        target=f"inquiries.observation:{len(ledger.rows) + 1}",
        days_ago=days_ago,
    )


def test_buddy_visits_to_newcomers_lessons_make_a_mentor():
    ledger = Ledger()
    for newcomer in (2, 3):
        ledger.add(newcomer, Verb.JOINED, days_ago=60)
    ledger.add(4, Verb.JOINED, days_ago=400)  # long-standing: not a newcomer
    observed(ledger, 1, 2)
    observed(ledger, 1, 4)
    standing = compute(ledger.rows, members=[1, 2, 3, 4], now=NOW, rules=CYCLE_RULES)[1]
    mentor = standing.strands[Strand.MENTOR]
    assert not mentor.held
    assert mentor.lines[1].text == (
        "observed the lessons of 1 colleague in their first 4 months as a buddy"
    )
    observed(ledger, 1, 3)
    standing = compute(ledger.rows, members=[1, 2, 3, 4], now=NOW, rules=CYCLE_RULES)[1]
    assert standing.strands[Strand.MENTOR].held
    # The newcomers observed earn no Mentor strand from being observed.
    assert (
        not compute(ledger.rows, members=[1, 2, 3, 4], now=NOW, rules=CYCLE_RULES)[2]
        .strands[Strand.MENTOR]
        .held
    )


def test_buddy_visits_and_plans_reported_back_on_make_a_collaborator():
    ledger = Ledger()
    for _ in range(3):
        ledger.add(2, Verb.CLOSED_ACTION_PLAN, target="inquiries.actionplan:1")
    standing = compute(ledger.rows, members=[1, 2], now=NOW, rules=CYCLE_RULES)[2]
    assert not standing.strands[Strand.COLLABORATOR].held  # plans alone: no buddy yet
    observed(ledger, 1, 2)  # 1 observes 2: a buddy visit for both
    result = compute(ledger.rows, members=[1, 2], now=NOW, rules=CYCLE_RULES)
    collaborator = result[2].strands[Strand.COLLABORATOR]
    assert collaborator.held
    assert collaborator.lines[2].text == (
        "buddy visits with 1 colleague; reported back on 3 action plans at meetings"
    )
    assert not result[1].strands[Strand.COLLABORATOR].held  # no plans reported back on


def test_a_visit_to_oneself_and_plans_only_written_count_for_nothing():
    ledger = Ledger()
    ledger.add(1, Verb.JOINED, days_ago=30)
    for _ in range(3):
        observed(ledger, 1, 1)
        ledger.add(1, Verb.WROTE_ACTION_PLAN, target="inquiries.actionplan:1")
    standing = compute(ledger.rows, members=[1], now=NOW, rules=CYCLE_RULES)[1]
    assert not standing.strands[Strand.MENTOR].held
    assert not standing.strands[Strand.COLLABORATOR].held
    assert len(standing.strands[Strand.COLLABORATOR].lines) == 2


def test_the_cycle_changes_no_influence():
    """Visits and plans are not feedback on anyone's work: the graph is the same."""
    ledger = Ledger()
    ledger.reply(2, 1, page=5, kind="warm")
    before = {
        p: s.influence
        for p, s in compute(ledger.rows, members=[1, 2, 3], now=NOW, rules=CYCLE_RULES).items()
    }
    observed(ledger, 3, 1)
    ledger.add(3, Verb.CLOSED_ACTION_PLAN, target="inquiries.actionplan:2")
    after = {
        p: s.influence
        for p, s in compute(ledger.rows, members=[1, 2, 3], now=NOW, rules=CYCLE_RULES).items()
    }
    assert before == after
