"""The recognition engine's promises, proved over many generated ledgers:
self-feedback changes nothing; repeating feedback raises its recipient
sub-linearly; ten colleagues' feedback outweighs one colleague's ten; a
title earns nothing; row order and other communities' rows change nothing;
and small graphs match values worked out by hand."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities.models import Verb
from communities.recognition import (
    TRIED_RESOURCE,
    Row,
    Rules,
    Strand,
    TrustLevel,
    compute,
    decided_level,
)

NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
PEOPLE = list(range(1, 8))
FEEDBACK = [Verb.REPLIED, Verb.APPRECIATED, Verb.CHANGED_PRACTICE, TRIED_RESOURCE]

# The defaults, fixed here so the hand-worked values below stay true.
RULES = Rules(
    edge_weights={
        "replied": 1.0,
        "appreciated": 0.5,
        "changed_practice": 3.0,
        "tried_resource": 2.0,
    },
    repeat_factor=0.5,
    half_life_days=180,
    damping=0.85,
    restraint=1.0,
    substantive_kinds=frozenset({"warm", "cool", "question"}),
    substantive_length=280,
    newcomer_days=120,
    strands={
        "mentor": {"newcomers": 3, "replies": 5},
        "pilot": {"colleagues": 3},
        "inquirer": {"completed": 1},
        "collaborator": {"co_inquiries": 1, "valued_replies": 3},
        "curator": {"colleagues": 3},
    },
    contributor={"published": 1, "substantive_replies": 3, "appreciated_by": 2},
    leader={"feedback_from": 5, "influence": 1.5, "strands": 1},
    demotion_grace_days=60,
)


class Ledger:
    """Rows made the way the site writes them, with increasing primary keys."""

    def __init__(self):
        self.rows: list[Row] = []

    def add(self, actor, verb, *, to=None, page=None, target="", data=None, days_ago=1.0):
        row = Row(
            pk=len(self.rows) + 1,
            actor=actor,
            verb=verb,
            at=NOW - datetime.timedelta(days=days_ago),
            recipient=to,
            page=page,
            target=target,
            data=data or {},
        )
        self.rows.append(row)
        return row

    def reply(self, actor, to, *, page=1, kind="comment", days_ago=1.0):
        n = len(self.rows) + 1
        return self.add(
            actor,
            Verb.REPLIED,
            to=to,
            page=page,
            target=f"blog.reply:{n}",
            data={"kind": kind},
            days_ago=days_ago,
        )


def scores(rows, members=PEOPLE) -> dict[int, float]:
    return {p: s.influence for p, s in compute(rows, members=members, now=NOW, rules=RULES).items()}


feedback_rows = st.lists(
    st.tuples(
        st.sampled_from(PEOPLE),
        st.sampled_from(PEOPLE),
        st.sampled_from(FEEDBACK),
        st.integers(min_value=1, max_value=5),  # page
        st.floats(min_value=0, max_value=400),  # days ago
    ),
    max_size=40,
)


def ledger_of(spec) -> Ledger:
    ledger = Ledger()
    for actor, recipient, verb, page, days_ago in spec:
        if verb == Verb.REPLIED:
            ledger.reply(actor, recipient, page=page, days_ago=days_ago)
        elif verb == TRIED_RESOURCE:
            ledger.add(
                actor, verb, to=recipient, page=page, data={"recommend": "yes"}, days_ago=days_ago
            )
        else:
            n = len(ledger.rows) + 1
            ledger.add(
                actor,
                verb,
                to=recipient,
                page=page,
                target=f"blog.reply:{n}",
                data={"kind": "helpful"},
                days_ago=days_ago,
            )
    return ledger


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(
    feedback_rows,
    st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(FEEDBACK)), max_size=10),
)
def test_self_feedback_changes_nothing(spec, selfish):
    ledger = ledger_of(spec)
    before = compute(ledger.rows, members=PEOPLE, now=NOW, rules=RULES)
    for person, verb in selfish:
        ledger.add(person, verb, to=person, page=1, target=f"blog.reply:{len(ledger.rows) + 1}")
    after = compute(ledger.rows, members=PEOPLE, now=NOW, rules=RULES)
    assert {p: (s.influence, s.trust, s.counts) for p, s in before.items()} == {
        p: (s.influence, s.trust, s.counts) for p, s in after.items()
    }


@PROPERTY
@given(feedback_rows, st.randoms(use_true_random=False))
def test_row_order_changes_nothing(spec, rnd):
    rows = ledger_of(spec).rows
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    assert scores(rows) == scores(shuffled)


@PROPERTY
@given(feedback_rows, feedback_rows)
def test_another_communitys_rows_change_nothing(ours, theirs):
    """Each community is computed from its own rows: however the site's rows
    arrive, interleaved with another community's, this one's standings are
    the same."""
    mine, other = ledger_of(ours).rows, ledger_of(theirs).rows
    tagged = [("a", r) for r in mine] + [("b", r) for r in other]
    random.Random(7).shuffle(tagged)
    assert scores([r for c, r in tagged if c == "a"]) == scores(mine)


@PROPERTY
@given(feedback_rows, st.integers(min_value=2, max_value=12))
def test_repeated_feedback_raises_its_recipient_sub_linearly(spec, n):
    base = [row for row in spec if row[1] != 2]  # nobody else's feedback reaches 2

    def score_after(times: int) -> float:
        ledger = ledger_of(base)
        for _ in range(times):
            ledger.reply(1, 2, page=9)
        return scores(ledger.rows)[2]

    s0, s1, s_n, s_n1 = score_after(0), score_after(1), score_after(n), score_after(n + 1)
    assert s1 > s0
    assert s_n1 >= s_n  # more feedback never lowers its recipient
    # …but each further reply from the same colleague adds less: the n-th
    # brings less than the first did, and n of them less than n firsts.
    assert s_n1 - s_n <= s1 - s0 + 1e-9
    assert s_n - s0 < n * (s1 - s0)


def test_ten_colleagues_feedback_outweighs_one_colleagues_ten():
    ledger = Ledger()
    colleagues = list(range(10, 20))
    for colleague in colleagues:
        ledger.reply(colleague, 1)  # ten colleagues, once each, to 1
    for _ in range(10):
        ledger.reply(30, 2)  # one colleague, ten times, to 2
    result = scores(ledger.rows, members=[1, 2, 30, *colleagues])
    assert result[1] > result[2]
    assert result[1] > 2 * result[2]


def test_a_title_earns_nothing():
    """A head teacher or facilitator with no contributions scores like any
    newcomer: the engine never sees roles, only what people did."""
    ledger = ledger_of([(1, 2, Verb.REPLIED, 1, 2.0), (3, 2, Verb.APPRECIATED, 1, 2.0)])
    head_teacher, facilitator, newcomer = 50, 51, 52
    result = compute(
        ledger.rows, members=[1, 2, 3, head_teacher, facilitator, newcomer], now=NOW, rules=RULES
    )
    assert (
        result[head_teacher].influence
        == result[facilitator].influence
        == result[newcomer].influence
    )
    assert {result[p].trust for p in (head_teacher, facilitator, newcomer)} == {TrustLevel.NEWCOMER}
    assert result[head_teacher].held_strands == []


def test_a_small_graph_matches_the_values_worked_out_by_hand():
    """Two people; A replies to B today. With damping d = 0.85 and restraint
    1, A keeps half its standing back (to everyone) and sends half to B:
        s_A = base,  s_B = base + d·s_A/2,  s_A + s_B = 1
    so s_B = 1.425·s_A, s_A = 1/2.425 = 0.412371…, s_B = 0.587629…, and
    scaled so the average is 1: A 0.824742…, B 1.175258…"""
    ledger = Ledger()
    ledger.reply(1, 2, days_ago=0)
    result = scores(ledger.rows, members=[1, 2])
    assert result[1] == pytest.approx(2 / 2.425, abs=1e-4)
    assert result[2] == pytest.approx(2 * 1.425 / 2.425, abs=1e-4)


def test_a_triangle_matches_the_values_worked_out_by_hand():
    """A → B (a reply, weight 1) and B → C (a "changed my practice", weight
    3), today; restraint 1, d = 0.85, n = 3. A keeps 1/2 back, B 1/4, C all:
        s_A = base,  s_B = base + 0.85·s_A/2 = 1.425·s_A,
        s_C = base + 0.85·3·s_B/4 = s_A + 0.6375·1.425·s_A = 1.9084375·s_A,
        s_A + s_B + s_C = 1  →  s_A = 1/4.3334375 = 0.230764
    so s_B = 0.328838 and s_C = 0.440398 (and base checks out:
    0.05 + 0.85/3·(s_A/2 + s_B/4 + s_C) = 0.230764)."""
    ledger = Ledger()
    ledger.reply(1, 2, days_ago=0)
    ledger.add(2, Verb.CHANGED_PRACTICE, to=3, page=1, target="blog.reply:9", days_ago=0)
    result = scores(ledger.rows, members=[1, 2, 3])
    assert result[1] == pytest.approx(3 / 4.3334375, abs=1e-4)
    assert result[2] == pytest.approx(3 * 1.425 / 4.3334375, abs=1e-4)
    assert result[3] == pytest.approx(3 * 1.9084375 / 4.3334375, abs=1e-4)


def test_feedback_taken_back_no_longer_counts():
    ledger = Ledger()
    reply = ledger.reply(1, 2)
    appreciation = ledger.add(
        3, Verb.APPRECIATED, to=2, page=1, target="", data={"kind": "helpful"}
    )
    with_feedback = scores(ledger.rows, members=[1, 2, 3])
    ledger.add(1, Verb.REPLY_DELETED, page=1, target=reply.target)
    ledger.add(
        3,
        Verb.APPRECIATION_WITHDRAWN,
        to=2,
        page=1,
        target=appreciation.target,
        data={"kind": "helpful"},
    )
    assert scores(ledger.rows, members=[1, 2, 3]) == scores([], members=[1, 2, 3])
    assert with_feedback[2] > with_feedback[1]


def test_older_feedback_fades():
    fresh, old = Ledger(), Ledger()
    fresh.reply(1, 2, days_ago=1)
    old.reply(1, 2, days_ago=720)
    assert scores(fresh.rows, members=[1, 2])[2] > scores(old.rows, members=[1, 2])[2]


# --------------------------------------------------------------------------- #
# Strands and trust, explained
# --------------------------------------------------------------------------- #


def test_a_mentor_gives_substantive_feedback_to_colleagues_in_their_first_months():
    ledger = Ledger()
    mentor = 1
    for newcomer in (2, 3, 4):
        ledger.add(newcomer, Verb.JOINED, days_ago=60)
        ledger.add(newcomer, Verb.PUBLISHED_REFLECTION, page=newcomer * 10, days_ago=50)
    for newcomer, times in ((2, 2), (3, 2), (4, 1)):
        for _ in range(times):
            ledger.reply(mentor, newcomer, page=newcomer * 10, kind="warm", days_ago=40)
    ledger.add(9, Verb.JOINED, days_ago=400)  # a long-standing member: not a newcomer
    ledger.reply(mentor, 9, page=90, kind="cool", days_ago=30)
    standing = compute(ledger.rows, members=[1, 2, 3, 4, 9], now=NOW, rules=RULES)[mentor]
    mentor_strand = standing.strands[Strand.MENTOR]
    assert mentor_strand.held
    assert mentor_strand.lines[0].text == (
        "gave 5 substantive replies to 3 colleagues in their first 4 months"
    )
    assert mentor_strand.lines[0].pages == [20, 30, 40]


def test_a_pilot_shares_resources_colleagues_try_and_recommend():
    ledger = Ledger()
    for colleague, verdict in ((2, "yes"), (3, "with_changes"), (4, "yes"), (5, "no")):
        ledger.add(colleague, TRIED_RESOURCE, to=1, page=7, data={"recommend": verdict})
    pilot = compute(ledger.rows, members=PEOPLE, now=NOW, rules=RULES)[1].strands[Strand.PILOT]
    assert pilot.held
    assert (
        pilot.lines[0].text == "resources tried by 4 colleagues; 3 colleagues would recommend them"
    )


def test_trust_levels_are_explained_in_plain_words_with_the_next_step():
    ledger = Ledger()
    ledger.add(1, Verb.PUBLISHED_REFLECTION, page=5)
    for _ in range(2):
        ledger.reply(1, 2, kind="warm")
    ledger.add(3, Verb.APPRECIATED, to=1, page=5, data={"kind": "helpful"})
    standing = compute(ledger.rows, members=PEOPLE, now=NOW, rules=RULES)[1]
    assert standing.trust == TrustLevel.NEWCOMER
    assert [line.text for line in standing.trust_lines] == [
        "published 1 piece of work",
        "gave 2 substantive replies",
        "appreciated by 1 colleague",
    ]
    assert standing.next_step == (
        "To publish without review: give 1 more substantive reply, "
        "be appreciated by 1 colleague more."
    )
    ledger.reply(1, 4, kind="question")
    ledger.add(4, Verb.APPRECIATED, to=1, page=5, data={"kind": "think"})
    assert (
        compute(ledger.rows, members=PEOPLE, now=NOW, rules=RULES)[1].trust
        == TrustLevel.CONTRIBUTOR
    )


def test_a_fall_waits_for_the_grace_period_and_never_reaches_a_facilitator():
    grace = datetime.timedelta(days=RULES.demotion_grace_days)
    level, since = decided_level(
        qualifies=TrustLevel.NEWCOMER,
        current=TrustLevel.CONTRIBUTOR,
        below_since=None,
        now=NOW,
        rules=RULES,
        facilitator=False,
    )
    assert (level, since) == (TrustLevel.CONTRIBUTOR, NOW)
    level, since = decided_level(
        qualifies=TrustLevel.NEWCOMER,
        current=TrustLevel.CONTRIBUTOR,
        below_since=NOW - grace,
        now=NOW,
        rules=RULES,
        facilitator=False,
    )
    assert (level, since) == (TrustLevel.NEWCOMER, None)
    level, _ = decided_level(
        qualifies=TrustLevel.NEWCOMER,
        current=TrustLevel.LEADER,
        below_since=NOW - 2 * grace,
        now=NOW,
        rules=RULES,
        facilitator=True,
    )
    assert level == TrustLevel.LEADER
    # A rise is at once, and clears the wait.
    level, since = decided_level(
        qualifies=TrustLevel.LEADER,
        current=TrustLevel.CONTRIBUTOR,
        below_since=NOW,
        now=NOW,
        rules=RULES,
        facilitator=False,
    )
    assert (level, since) == (TrustLevel.LEADER, None)
