"""How fast recognition recomputes a large community: 500 members and
200,000 ledger rows, on one core (a figure printed by `make bench`, not a
timed test). The goal is under 2 seconds."""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.settings.test")

import django  # noqa: E402

django.setup()

from communities.models import Verb  # noqa: E402
from communities.recognition import (  # noqa: E402
    IN_ORDER,
    TRIED_RESOURCE,
    Row,
    Rules,
    compute,
)

MEMBERS, ROWS = 500, 200_000


def ledger(rng: random.Random, now: datetime.datetime) -> list[Row]:
    """A year of a busy community: everyone joins, people publish, and most
    rows are feedback — replies, appreciations, some taken back, tries and
    "changed my practice" — between people in proportion to how active they are."""
    people = list(range(1, MEMBERS + 1))
    activity = [rng.paretovariate(1.2) for _ in people]
    rows: list[Row] = []
    pk = 0

    def add(**fields):
        nonlocal pk
        pk += 1
        rows.append(Row(pk=pk, **fields))
        return rows[-1]

    for person in people:
        add(actor=person, verb=Verb.JOINED, at=now - datetime.timedelta(days=rng.uniform(0, 365)))
    pages = {}
    while len(rows) < ROWS:
        actor = rng.choices(people, weights=activity)[0]
        at = now - datetime.timedelta(days=rng.uniform(0, 365))
        roll = rng.random()
        if roll < 0.05 or not pages:
            page = len(pages) + 1
            pages[page] = actor
            add(actor=actor, verb=Verb.PUBLISHED_REFLECTION, at=at, page=page)
            continue
        page = rng.randrange(1, len(pages) + 1)
        author = pages[page]
        if roll < 0.55:
            kind = rng.choice(["comment", "warm", "cool", "question"])
            add(
                actor=actor,
                verb=Verb.REPLIED,
                at=at,
                recipient=author,
                page=page,
                target=f"blog.reply:{pk + 1}",
                data={"kind": kind},
            )
        elif roll < 0.85:
            add(
                actor=actor,
                verb=Verb.APPRECIATED,
                at=at,
                recipient=author,
                page=page,
                data={"kind": "helpful"},
            )
        elif roll < 0.88:
            add(
                actor=actor,
                verb=Verb.APPRECIATION_WITHDRAWN,
                at=at,
                recipient=author,
                page=page,
                data={"kind": "helpful"},
            )
        elif roll < 0.95:
            add(
                actor=actor,
                verb=TRIED_RESOURCE,
                at=at,
                recipient=author,
                page=page,
                data={"recommend": rng.choice(["yes", "with_changes", "no"])},
            )
        else:
            add(
                actor=author,
                verb=Verb.CHANGED_PRACTICE,
                at=at,
                recipient=actor,
                page=page,
                target=f"blog.reply:{rng.randrange(1, pk + 1)}",
            )
    return rows


def main() -> None:
    rng = random.Random(2026)
    now = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    # The recompute service reads a community's rows in order of time and
    # key (an indexed ORDER BY in the database) and says so (`ordered`).
    rows = sorted(ledger(rng, now), key=IN_ORDER)
    rules = Rules.from_settings()
    members = range(1, MEMBERS + 1)
    timings = []
    for _ in range(3):
        start = time.process_time()
        result = compute(rows, members=members, now=now, rules=rules, ordered=True)
        timings.append(time.process_time() - start)
    best = min(timings)
    leaders = sum(1 for s in result.values() if s.trust == "leader")
    print("\nRecognition: one community recomputed from its ledger (CPU time, best of 3)")
    print(f"  members {MEMBERS}, ledger rows {len(rows):,}")
    print(f"  {best:.2f} s  ({len(rows) / best:,.0f} rows/s)   goal: under 2 s")
    print(
        f"  standings: {leaders} leaders, "
        f"{sum(1 for s in result.values() if s.trust == 'contributor')} contributors"
    )


if __name__ == "__main__":
    main()
