"""Recognition: leadership that emerges from publishing and feedback.

Pure functions over one community's ledger rows — nothing about job title,
school role or facilitator role goes in — giving each member:

* an **influence** score: a PageRank-style walk over the feedback graph
  (a reply, an appreciation, a "this changed my practice" or a tried-it
  report from A on B's work is an edge A→B weighted by its kind). Feedback
  from many distinct colleagues counts; volume alone does not: self-feedback
  never counts, each further edge between the same two people counts less
  than the one before, and older activity fades with a half-life.
* **strands**, after the roles teacher leaders take on — Mentor, Pilot,
  Inquirer, Collaborator, Curator — each with the evidence behind it;
* a **trust level** (newcomer → contributor → leader), with the reasons, in
  plain words, and what would take the member further.

Every figure is explainable line by line with the pages it came from.
Thresholds and weights are the STAFFROOM_RECOGNITION setting. The engine is
deterministic: it sorts its input, so the order rows arrive in, or which
community's rows come first, changes nothing.
"""

from __future__ import annotations

import datetime
import gc
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from operator import attrgetter, mul, truediv
from typing import Any, NamedTuple

from django.conf import settings as django_settings

from .models import Strand, TrustLevel, Verb

# Verbs of work the resource library records (blog's resources), as plain
# strings: the engine compares them per row.
PUBLISHED_RESOURCE = str(Verb.PUBLISHED_RESOURCE)
TRIED_RESOURCE = str(Verb.TRIED_RESOURCE)
FEATURED_RESOURCE = str(Verb.FEATURED_RESOURCE)

PUBLISHED = {Verb.PUBLISHED_REFLECTION, Verb.PUBLISHED_INQUIRY, Verb.PUBLISHED_RESOURCE}


STRAND_MEANINGS = {
    Strand.MENTOR: "gives substantive feedback to colleagues in their first months, or observes "
    "their lessons as a buddy",
    Strand.PILOT: "shares resources colleagues try and recommend",
    Strand.INQUIRER: "carries inquiries through to evidence",
    Strand.COLLABORATOR: "inquires with colleagues, writes replies colleagues value, or works "
    "with a buddy and reports back on action plans at meetings",
    Strand.CURATOR: "gathers resources that colleagues go on to use",
}


# --------------------------------------------------------------------------- #
# Input and settings
# --------------------------------------------------------------------------- #


@dataclass(frozen=True, slots=True)
class Row:
    """One ledger row as the engine reads it."""

    pk: int
    actor: int
    verb: str
    at: datetime.datetime
    recipient: int | None = None
    page: int | None = None
    target: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """STAFFROOM_RECOGNITION, read once."""

    edge_weights: Mapping[str, float]
    repeat_factor: float
    half_life_days: float
    damping: float
    restraint: float
    substantive_kinds: frozenset[str]
    substantive_length: int
    newcomer_days: int
    strands: Mapping[str, Mapping[str, int]]
    contributor: Mapping[str, int]
    leader: Mapping[str, float]
    demotion_grace_days: int

    @classmethod
    def from_settings(cls, overrides: Mapping[str, Any] | None = None) -> Rules:
        values = {**django_settings.STAFFROOM_RECOGNITION, **(overrides or {})}
        trust = values["trust"]
        return cls(
            edge_weights=values["edge_weights"],
            repeat_factor=values["repeat_factor"],
            half_life_days=values["half_life_days"],
            damping=values["damping"],
            restraint=values["restraint"],
            substantive_kinds=frozenset(values["substantive_reply_kinds"]),
            substantive_length=values["substantive_reply_length"],
            newcomer_days=values["newcomer_days"],
            strands=values["strands"],
            contributor=trust["contributor"],
            leader=trust["leader"],
            demotion_grace_days=values["demotion_grace_days"],
        )


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


@dataclass
class Line:
    """One line of an explanation, with the pages it came from."""

    text: str
    pages: list[int] = field(default_factory=list)


@dataclass
class StrandResult:
    strand: Strand
    held: bool
    lines: list[Line]
    progress: str  # what would earn it (or keep it)


@dataclass
class Standing:
    user: int
    influence: float  # 1.0 is a community's average
    trust: TrustLevel  # what the member qualifies for now
    trust_lines: list[Line]  # why
    next_step: str  # what would take them further ("" at the top)
    strands: dict[Strand, StrandResult]
    feedback_from: int  # distinct colleagues whose feedback reached them
    counts: dict[str, int]

    @property
    def held_strands(self) -> list[Strand]:
        return [s for s, r in self.strands.items() if r.held]


# --------------------------------------------------------------------------- #
# Feedback: the edges of the graph
# --------------------------------------------------------------------------- #


class Edge(NamedTuple):
    source: int
    target: int
    kind: str  # a verb: replied, appreciated, changed_practice, tried_resource
    at: datetime.datetime
    page: int | None
    about: str = ""  # what on the page it is about, when not the page itself (a reply)
    substantive: bool = False
    recommend: str = ""


IN_ORDER = attrgetter("at", "pk")

# Edges are made by the hundred thousand: straight from a tuple of all their
# fields (NamedTuple's own constructor, with its defaults, costs twice as much).
_edge = partial(tuple.__new__, Edge)

# The verbs the feedback graph reads, as plain strings (compared per row).
_REPLIED = str(Verb.REPLIED)
_REPLY_GONE = {str(Verb.REPLY_DELETED), str(Verb.REPLY_HIDDEN)}
_REPLY_RESTORED = str(Verb.REPLY_RESTORED)
_APPRECIATED = str(Verb.APPRECIATED)
_APPRECIATION_WITHDRAWN = str(Verb.APPRECIATION_WITHDRAWN)
_CHANGED = str(Verb.CHANGED_PRACTICE)
_CHANGED_WITHDRAWN = str(Verb.CHANGED_PRACTICE_WITHDRAWN)


@dataclass
class Facts:
    """What the strands and trust read besides feedback: work that stands
    published (first publication once; unpublished no longer), when each
    person joined, inquiries completed and who inquired together, resources
    featured."""

    author_of: dict[int, int] = field(default_factory=dict)
    joined: dict[int, datetime.datetime] = field(default_factory=dict)
    completed: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    inquirers_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    featured: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    # The TLC cycle: buddy visits completed (observer → observed) and action
    # plans closed with a report at a meeting.
    observations: list[Row] = field(default_factory=list)
    closed_plans: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))


_PUBLISHED = {str(v) for v in PUBLISHED}
_PUBLISHED_INQUIRY = str(Verb.PUBLISHED_INQUIRY)
_UNPUBLISHED = str(Verb.UNPUBLISHED)
_JOINED = str(Verb.JOINED)
_COMPLETED = str(Verb.INQUIRY_COMPLETED)
_BUDDY_OBSERVED = str(Verb.BUDDY_OBSERVED)
_CLOSED_PLAN = str(Verb.CLOSED_ACTION_PLAN)


def read_ledger(
    rows: Iterable[Row], rules: Rules, *, ordered: bool = False
) -> tuple[list[Edge], Facts]:
    """One pass over the rows, in order: the feedback that stands now —
    each reply, appreciation, "changed my practice" and tried-it report,
    less those taken back (a reply deleted or hidden, an appreciation
    withdrawn), never on one's own work — and the other facts.

    Each verb the engine reads has its own handler, found once per row in a
    table: a ledger is mostly replies and appreciations, and the rarer verbs
    should not make every row ask about them first. Verbs it does not read
    (meetings attended, trust changes…) have no handler and cost nothing."""
    live: dict[tuple, Edge] = {}
    taken_back: dict[tuple, Edge] = {}
    facts = Facts()
    kinds, length = rules.substantive_kinds, rules.substantive_length

    def replied(row: Row) -> None:
        data = row.data
        substantive = data.get("kind") in kinds or int(data.get("length", 0)) >= length
        target = row.target
        live[("reply", target or row.pk)] = _edge(
            (row.actor, row.recipient, row.verb, row.at, row.page, target, substantive, "")
        )

    def appreciated(row: Row) -> None:
        page, target = row.page, row.target
        live[("appreciation", row.actor, page, target, row.data.get("kind"))] = _edge(
            (row.actor, row.recipient, row.verb, row.at, page, target, False, "")
        )

    def appreciation_withdrawn(row: Row) -> None:
        live.pop(("appreciation", row.actor, row.page, row.target, row.data.get("kind")), None)

    def tried(row: Row) -> None:
        # One report per person per resource; an edit replaces it.
        recommend = str(row.data.get("recommend", ""))
        live[("tried", row.actor, row.page)] = _edge(
            (row.actor, row.recipient, row.verb, row.at, row.page, "", False, recommend)
        )

    def changed(row: Row) -> None:
        live[("changed", row.target)] = _edge(
            (row.actor, row.recipient, row.verb, row.at, row.page, row.target, False, "")
        )

    def changed_withdrawn(row: Row) -> None:
        live.pop(("changed", row.target), None)

    def reply_gone(row: Row) -> None:
        key = ("reply", row.target)
        if key in live:
            taken_back[key] = live.pop(key)

    def reply_restored(row: Row) -> None:
        key = ("reply", row.target)
        if key in taken_back:
            live[key] = taken_back.pop(key)

    def buddy_observed(row: Row) -> None:
        if row.recipient is not None:
            facts.observations.append(row)

    def closed_plan(row: Row) -> None:
        facts.closed_plans[row.actor].append(row)

    # Joining is about the community, not a page; the rest are about a page.
    def joined(row: Row) -> None:
        if row.page is None:
            facts.joined.setdefault(row.actor, row.at)

    def published(row: Row) -> None:
        if row.page is not None:
            facts.author_of.setdefault(row.page, row.actor)

    def published_inquiry(row: Row) -> None:
        if row.page is not None:
            facts.author_of.setdefault(row.page, row.actor)
            facts.inquirers_of[row.page].add(row.actor)

    def unpublished(row: Row) -> None:
        if row.page is not None:
            facts.author_of.pop(row.page, None)

    def completed(row: Row) -> None:
        if row.page is not None:
            facts.completed[row.actor].add(row.page)

    def featured(row: Row) -> None:
        if row.page is not None:
            facts.featured[row.actor].append(row)

    handlers: dict[str, Callable[[Row], None]] = {
        _REPLIED: replied,
        _APPRECIATED: appreciated,
        _APPRECIATION_WITHDRAWN: appreciation_withdrawn,
        TRIED_RESOURCE: tried,
        _CHANGED: changed,
        _CHANGED_WITHDRAWN: changed_withdrawn,
        **dict.fromkeys(_REPLY_GONE, reply_gone),
        _REPLY_RESTORED: reply_restored,
        _BUDDY_OBSERVED: buddy_observed,
        _CLOSED_PLAN: closed_plan,
        _JOINED: joined,
        **dict.fromkeys(_PUBLISHED - {_PUBLISHED_INQUIRY}, published),
        _PUBLISHED_INQUIRY: published_inquiry,
        _UNPUBLISHED: unpublished,
        _COMPLETED: completed,
        FEATURED_RESOURCE: featured,
    }
    handler_for = handlers.get
    for row in rows if ordered else sorted(rows, key=IN_ORDER):
        recipient = row.recipient
        if recipient is not None and recipient == row.actor:
            continue  # feedback on one's own work never counts, nor replaces any
        handle = handler_for(row.verb)
        if handle is not None:
            handle(row)
    edges = [e for e in live.values() if e.target is not None and e.source != e.target]
    return edges, facts


def feedback_edges(rows: Iterable[Row], rules: Rules) -> list[Edge]:
    return read_ledger(rows, rules)[0]


def edge_weights(edges: list[Edge], rules: Rules, now: datetime.datetime) -> dict[tuple, float]:
    """Each (source, target) pair's total weight: each edge weighted by its
    kind, faded by its age (halving every half-life), and each further edge
    between the same two people counted less than the one before (the
    strongest first).

    A large community has hundreds of thousands of edges, so the columns the
    weights need are read out of the edges once (the edges themselves are
    not touched again), and the repeat discounts are worked out once for the
    longest run of feedback between two people rather than per edge."""
    if not edges:
        return {}
    per_pair: dict[tuple, list[float]] = defaultdict(list)
    decay = math.log(2) / (rules.half_life_days * 86400) if rules.half_life_days else 0.0
    fading = -decay
    weight_of = rules.edge_weights.get
    now_ts = now.timestamp()
    exp = math.exp
    sources, targets, kinds, moments = islice(zip(*edges, strict=True), 4)
    for pair, kind, at in zip(zip(sources, targets, strict=True), kinds, moments, strict=True):
        age = now_ts - at.timestamp()
        fade = exp(fading * age) if age > 0 else 1.0
        per_pair[pair].append(weight_of(kind, 0.0) * fade)
    repeat = rules.repeat_factor
    discounts = [repeat**i for i in range(max(map(len, per_pair.values())))]
    totals = {}
    for pair, weights in per_pair.items():
        if len(weights) > 1:
            weights.sort(reverse=True)
            totals[pair] = sum(map(mul, weights, discounts))
        else:
            totals[pair] = weights[0]
    return {pair: w for pair, w in totals.items() if w > 0}


def influence(
    people: Iterable[int], weights: Mapping[tuple, float], rules: Rules, *, iterations: int = 100
) -> dict[int, float]:
    """A PageRank-style score over the feedback graph, scaled so that the
    average member scores 1.0. From each person, the walk follows their
    feedback in proportion to its weight, keeping back `restraint` (as if
    to everyone at once): so more feedback from A to B moves more of A's
    standing to B, but ever more slowly, and a person's standing spread
    over many colleagues counts for each of them.

    Each step gathers what reaches a person from the people whose feedback
    reached them (listed once, in order of person), so that the sums are
    those of a walk that hands each person's standing on in turn, to the
    last digit, whichever way the work is done."""
    nodes = sorted(set(people) | {p for pair in weights for p in pair})
    n = len(nodes)
    if n == 0:
        return {}
    index = {p: i for i, p in enumerate(nodes)}
    senders: list[list[int]] = [[] for _ in nodes]
    sent: list[list[float]] = [[] for _ in nodes]
    restraint = rules.restraint
    kept = [restraint] * n
    for (source, target), weight in sorted(weights.items()):
        i, j = index[source], index[target]
        senders[j].append(i)
        sent[j].append(weight)
        kept[i] += weight
    incoming = list(zip(senders, sent, strict=True))
    score = [1.0 / n] * n
    d = rules.damping
    for _ in range(iterations):
        shares = list(map(truediv, score, kept))
        share_of = shares.__getitem__
        # What goes to everyone: restraint, and feedback-less people.
        spread = sum([share * restraint for share in shares], 0.0)
        received = [sum(map(mul, map(share_of, fro), ws), 0.0) for fro, ws in incoming]
        base = (1 - d) / n + d * spread / n
        new = [base + d * value for value in received]
        change = sum(abs(a - b) for a, b in zip(new, score, strict=True))
        score = new
        if change < 1e-10:
            break
    total = sum(score)
    return {p: score[index[p]] * n / total for p in nodes}


# --------------------------------------------------------------------------- #
# Strands and trust
# --------------------------------------------------------------------------- #


def _people(n: int) -> str:
    return f"{n} colleague{'s' if n != 1 else ''}"


PLURALS = {
    "substantive reply": "substantive replies",
    "more substantive reply": "more substantive replies",
    "inquiry": "inquiries",
    "piece of work": "pieces of work",
    "action plan": "action plans",
}


def _times(n: int, what: str) -> str:
    """ "1 inquiry", "3 inquiries", "1 piece of work", "2 pieces of work"."""
    return f"{n} {what if n == 1 else PLURALS[what]}"


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector, held off while the engine works. A ledger
    read makes hundreds of thousands of small tuples (edges and their keys)
    that live until the standings are made and never refer to each other in
    a cycle; with the collector on, every few thousand of them it walks all
    the objects alive, the ledger's rows included, again and again — over
    half the time on a 200,000-row ledger. Reference counting still frees
    everything the engine drops; the collector resumes when it returns,
    unless it was off already."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(
    rows: Iterable[Row],
    *,
    members: Iterable[int],
    now: datetime.datetime,
    rules: Rules | None = None,
    ordered: bool = False,
) -> dict[int, Standing]:
    """Every member's standing in one community, from its ledger rows
    (`ordered` when they come already in order of time and key, as the
    database hands them over)."""
    with _cycle_collector_paused():
        return _compute(rows, members=members, now=now, rules=rules, ordered=ordered)


def _compute(
    rows: Iterable[Row],
    *,
    members: Iterable[int],
    now: datetime.datetime,
    rules: Rules | None,
    ordered: bool,
) -> dict[int, Standing]:
    """compute(), with the collector paused."""
    rules = rules or Rules.from_settings()
    members = sorted(set(members))
    edges, facts = read_ledger(rows, rules, ordered=ordered)
    scores = influence(members, edge_weights(edges, rules, now), rules)
    newcomer_window = datetime.timedelta(days=rules.newcomer_days)
    author_of, joined = facts.author_of, facts.joined
    completed, inquirers_of, featured = facts.completed, facts.inquirers_of, facts.featured
    published: dict[int, set[int]] = defaultdict(set)
    for page, author in author_of.items():
        published[author].add(page)
    for page, people in inquirers_of.items():
        if page in author_of:
            for person in people:
                published[person].add(page)

    received: dict[int, list[Edge]] = defaultdict(list)
    given: dict[int, list[Edge]] = defaultdict(list)
    tries_of: dict[int, list[Edge]] = defaultdict(list)
    for edge in edges:
        received[edge.target].append(edge)
        given[edge.source].append(edge)
        if edge.kind == TRIED_RESOURCE and edge.page is not None:
            tries_of[edge.page].append(edge)

    observed_by: dict[int, list[Row]] = defaultdict(list)
    buddies_of: dict[int, set[int]] = defaultdict(set)
    for row in facts.observations:
        observed_by[row.actor].append(row)
        buddies_of[row.actor].add(row.recipient)
        buddies_of[row.recipient].add(row.actor)

    standings = {}
    for person in members:
        mine_given = given.get(person, [])
        mine_received = received.get(person, [])
        feedback_from = {e.source for e in mine_received}
        appreciated_by = {
            e.source
            for e in mine_received
            if e.kind in (Verb.APPRECIATED, Verb.CHANGED_PRACTICE, TRIED_RESOURCE)
        }
        substantive = [e for e in mine_given if e.kind == Verb.REPLIED and e.substantive]
        counts = {
            "published": len(published.get(person, ())),
            "substantive_replies": len(substantive),
            "appreciated_by": len(appreciated_by),
            "feedback_from": len(feedback_from),
        }
        strands = {
            Strand.MENTOR: _mentor(
                substantive, joined, newcomer_window, rules, observed=observed_by.get(person, [])
            ),
            Strand.PILOT: _pilot(mine_received, rules),
            Strand.INQUIRER: _inquirer(completed.get(person, set()), rules),
            Strand.COLLABORATOR: _collaborator(
                person,
                inquirers_of,
                mine_received,
                rules,
                buddies=buddies_of.get(person, set()),
                closed_plans=len(facts.closed_plans.get(person, [])),
            ),
            Strand.CURATOR: _curator(person, featured.get(person, []), tries_of, rules),
        }
        trust, lines, next_step = _trust(
            counts, scores.get(person, 0.0), strands, published.get(person, set()), rules
        )
        standings[person] = Standing(
            user=person,
            influence=round(scores.get(person, 0.0), 4),
            trust=trust,
            trust_lines=lines,
            next_step=next_step,
            strands=strands,
            feedback_from=len(feedback_from),
            counts=counts,
        )
    return standings


def _pages(edges: Iterable[Edge]) -> list[int]:
    return sorted({e.page for e in edges if e.page is not None})


def _mentor(substantive, joined, window, rules, *, observed: list[Row] = ()) -> StrandResult:
    need = rules.strands["mentor"]
    to_newcomers = [
        e
        for e in substantive
        if e.target in joined and joined[e.target] <= e.at <= joined[e.target] + window
    ]
    newcomers = {e.target for e in to_newcomers}
    # Buddy visits to a colleague's lesson in their first months mentor too.
    visited = {
        r.recipient
        for r in observed
        if r.recipient in joined and joined[r.recipient] <= r.at <= joined[r.recipient] + window
    }
    need_visited = need.get("observed_newcomers", 2)
    held = (len(newcomers) >= need["newcomers"] and len(to_newcomers) >= need["replies"]) or (
        len(visited) >= need_visited
    )
    months = round(rules.newcomer_days / 30)
    lines = [
        Line(
            f"gave {_times(len(to_newcomers), 'substantive reply')} to {_people(len(newcomers))} "
            f"in their first {months} months",
            _pages(to_newcomers),
        )
    ]
    if observed:
        lines.append(
            Line(
                f"observed the lessons of {_people(len(visited))} in their first {months} months "
                "as a buddy"
            )
        )
    progress = (
        f"Substantive feedback to {need['newcomers']} colleagues in their first {months} "
        f"months ({need['replies']} replies in all), or buddy visits to {need_visited} of them"
    )
    return StrandResult(Strand.MENTOR, held, lines, progress)


def _pilot(received, rules) -> StrandResult:
    need = rules.strands["pilot"]
    tries = [e for e in received if e.kind == TRIED_RESOURCE]
    recommended = [e for e in tries if e.recommend in ("yes", "with_changes")]
    who = {e.source for e in recommended}
    held = len(who) >= need["colleagues"]
    lines = [
        Line(
            f"resources tried by {_people(len({e.source for e in tries}))}; "
            f"{_people(len(who))} would recommend them",
            _pages(tries),
        )
    ]
    progress = f"Resources that {need['colleagues']} colleagues try and would recommend"
    return StrandResult(Strand.PILOT, held, lines, progress)


def _inquirer(completed: set[int], rules) -> StrandResult:
    need = rules.strands["inquirer"]
    held = len(completed) >= need["completed"]
    lines = [
        Line(
            f"carried {_times(len(completed), 'inquiry')} through to Checking with evidence",
            sorted(completed),
        )
    ]
    progress = f"{_times(need['completed'], 'inquiry')} carried through to Checking with evidence"
    return StrandResult(Strand.INQUIRER, held, lines, progress)


def _collaborator(
    person, inquirers_of, received, rules, *, buddies: set[int] = frozenset(), closed_plans: int = 0
) -> StrandResult:
    need = rules.strands["collaborator"]
    shared = sorted(p for p, people in inquirers_of.items() if person in people and len(people) > 1)
    # Replies (not pages) their readers appreciated or said changed their practice.
    valued_replies = [
        e for e in received if e.kind in (Verb.CHANGED_PRACTICE, Verb.APPRECIATED) and e.about
    ]
    # The TLC cycle: buddy visits (either way) and action plans reported back on.
    need_buddies, need_plans = need.get("buddies", 1), need.get("reported_plans", 3)
    cycle = len(buddies) >= need_buddies and closed_plans >= need_plans
    held = (
        len(shared) >= need["co_inquiries"]
        or len(valued_replies) >= need["valued_replies"]
        or cycle
    )
    lines = [
        Line(f"inquired with colleagues in {_times(len(shared), 'inquiry')}", shared),
        Line(
            f"replies colleagues appreciated or said changed their practice: {len(valued_replies)}",
            _pages(valued_replies),
        ),
    ]
    if buddies or closed_plans:
        lines.append(
            Line(
                f"buddy visits with {_people(len(buddies))}; reported back on "
                f"{_times(closed_plans, 'action plan')} at meetings"
            )
        )
    progress = (
        f"An inquiry with a colleague, or {need['valued_replies']} replies colleagues "
        f"appreciate or say changed their practice, or buddy visits with {need_buddies} "
        f"colleague{'s' if need_buddies != 1 else ''} and {need_plans} action plans "
        "reported back on"
    )
    return StrandResult(Strand.COLLABORATOR, held, lines, progress)


def _curator(person, featured: list[Row], tries_of, rules) -> StrandResult:
    need = rules.strands["curator"]
    users = set()
    pages = set()
    for row in featured:
        for edge in tries_of.get(row.page, []):
            if edge.at >= row.at and edge.source != person:
                users.add(edge.source)
                pages.add(row.page)
    held = len(users) >= need["colleagues"]
    lines = [
        Line(
            f"featured or collected resources that {_people(len(users))} went on to try",
            sorted(pages),
        )
    ]
    progress = f"Resources you feature that {need['colleagues']} colleagues go on to try"
    return StrandResult(Strand.CURATOR, held, lines, progress)


def _trust(counts, score, strands, published_pages, rules) -> tuple[TrustLevel, list[Line], str]:
    c, lead = rules.contributor, rules.leader
    lines = [
        Line(f"published {_times(counts['published'], 'piece of work')}", sorted(published_pages)),
        Line(f"gave {_times(counts['substantive_replies'], 'substantive reply')}"),
        Line(f"appreciated by {_people(counts['appreciated_by'])}"),
    ]
    contributor = (
        counts["published"] >= c["published"]
        and counts["substantive_replies"] >= c["substantive_replies"]
        and counts["appreciated_by"] >= c["appreciated_by"]
    )
    if not contributor:
        missing = []
        if counts["published"] < c["published"]:
            missing.append(
                f"publish {_times(c['published'] - counts['published'], 'piece of work')}"
            )
        if counts["substantive_replies"] < c["substantive_replies"]:
            n = c["substantive_replies"] - counts["substantive_replies"]
            missing.append(f"give {_times(n, 'more substantive reply')}")
        if counts["appreciated_by"] < c["appreciated_by"]:
            n = c["appreciated_by"] - counts["appreciated_by"]
            missing.append(f"be appreciated by {_people(n)} more")
        return TrustLevel.NEWCOMER, lines, "To publish without review: " + ", ".join(missing) + "."
    held = [s for s, r in strands.items() if r.held]
    lines.append(Line(f"feedback from {_people(counts['feedback_from'])}"))
    leader = (
        counts["feedback_from"] >= lead["feedback_from"]
        and score >= lead["influence"]
        and len(held) >= lead["strands"]
    )
    if leader:
        return TrustLevel.LEADER, lines, ""
    missing = []
    if counts["feedback_from"] < lead["feedback_from"]:
        n = int(lead["feedback_from"] - counts["feedback_from"])
        missing.append(f"feedback from {_people(n)} more")
    if score < lead["influence"]:
        missing.append("your work reaching more colleagues")
    if len(held) < lead["strands"]:
        missing.append("one of the strands below")
    return TrustLevel.CONTRIBUTOR, lines, "To lead: " + ", ".join(missing) + "."


def decided_level(
    *,
    qualifies: TrustLevel,
    current: TrustLevel,
    below_since: datetime.datetime | None,
    now: datetime.datetime,
    rules: Rules,
    facilitator: bool,
) -> tuple[TrustLevel, datetime.datetime | None]:
    """The level a member holds, given what they qualify for now: a rise at
    once; a fall only after the grace period below the thresholds (and a
    facilitator's never). Returns (level, since when they are below)."""
    if qualifies.rank >= current.rank:
        return qualifies, None
    if facilitator:
        return current, None
    below_since = below_since or now
    if now - below_since >= datetime.timedelta(days=rules.demotion_grace_days):
        return qualifies, None
    return current, below_since
