"""What `make bench` measures on: a migrated SQLite database (kept in
.bench/ between runs, migrated again only when a migration changes) and a
community with a member, eight teachers and reflections whose threads hold
0, 10, 100 and 500 replies. Call after django.setup()."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
SIZES = (0, 10, 100, 500)


def migrated_database(target: Path) -> None:
    """Migrate once per set of migrations; later runs copy the result."""
    migrations = sorted(ROOT.glob("*/migrations/0*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in migrations)).hexdigest()[:16]
    kept = BENCH_DIR / f"migrated-{digest}.sqlite3"
    if not kept.exists():
        # In a process of its own: migrating leaves a large heap behind
        # (every model state it rendered), and the collector scanning it
        # would slow the pages measured afterwards in this one.
        connection.close()
        subprocess.run(  # noqa: S603 — our own manage.py
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True
        )
        BENCH_DIR.mkdir(exist_ok=True)
        for old in BENCH_DIR.glob("migrated-*.sqlite3"):
            old.unlink()
        shutil.copy(target, kept)
    else:
        connection.close()
        shutil.copy(kept, target)


@dataclass
class World:
    member: object
    people: list
    community: object
    pages: dict  # replies → the reflection holding that many

    @property
    def index(self):
        return self.pages[0].get_parent()


def build_world() -> World:
    from blog.factories import reflection, reflection_index
    from communities import factories
    from tests.blog.threads import bulk_thread

    school = factories.SchoolFactory(name="Bench Academy", email_domain="bench.sch.uk")
    people = [factories.teacher(display_name=f"Teacher {n}", school=school) for n in range(8)]
    facilitator, member, *others = people
    community = factories.community(
        facilitator=facilitator,
        title="Bench Community",
        slug="bench",
        index=factories.community_index(),
    )
    for person in [member, *others]:
        factories.membership(user=person, community=community)
    index = reflection_index(community)
    pages = {}
    for size in SIZES:
        page = reflection(index=index, author=facilitator, title=f"A thread of {size}")
        if size:
            bulk_thread(page, people, size)
        pages[size] = page
    return World(member=member, people=people, community=community, pages=pages)
