"""What a page costs, measured in-process in one run (a figure printed by
`make bench`, not a timed test): a reflection with 0, 10, 100 and 500
replies, anonymously and as a signed-in member — median CPU time per request,
queries, and each size's speed as a share of the 0-reply page's; then
anonymous public pages (served from the anonymous page cache) against a bare
Django view behind the same middleware.

Ratios compare figures taken in the same run, so a busy machine slows both
sides alike. The world is built once in a temporary SQLite database (the
migrated empty database is kept in .bench/ between runs)."""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / ".bench"
WORK = Path(tempfile.mkdtemp(prefix="staffroom-bench-"))
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.bench_settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZES = (0, 10, 100, 500)


def migrated_database() -> None:
    """Migrate once per set of migrations; later runs copy the result."""
    migrations = sorted(ROOT.glob("*/migrations/0*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in migrations)).hexdigest()[:16]
    kept = BENCH_DIR / f"migrated-{digest}.sqlite3"
    target = Path(os.environ["SQLITE_PATH"])
    if not kept.exists():
        call_command("migrate", verbosity=0, interactive=False)
        connection.close()
        BENCH_DIR.mkdir(exist_ok=True)
        for old in BENCH_DIR.glob("migrated-*.sqlite3"):
            old.unlink()
        shutil.copy(target, kept)
    else:
        connection.close()
        shutil.copy(kept, target)
    call_command("createcachetable", verbosity=0)


def build_world():
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
    return member, pages, community


def measure(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    """(median CPU ms, queries, bytes) of GET url, after two warm-up requests."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # now: each request clears the log
    times = []
    for _ in range(repeat):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), queries, len(response.content)


def thread_benchmark(member, pages) -> bool:
    print("\nA reflection and its thread (in-process, median CPU per request)")
    print(
        f"{'replies':>8}{'anon ms':>10}{'queries':>9}{'KB':>7}{'vs 0':>7}"
        f"{'member ms':>11}{'queries':>9}{'KB':>7}{'vs 0':>7}{'ms/reply':>10}"
    )
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    results = {}
    with page_cache_off():
        for size, page in pages.items():
            repeat = 15 if size <= 100 else 9
            results[size] = (
                measure(anonymous, page.url, repeat),
                measure(signed_in, page.url, repeat),
            )
    (a0, _, _), (m0, _, _) = results[0]
    member_queries = set()
    for size, ((a, aq, ab), (m, mq, mb)) in results.items():
        member_queries.add(mq) if size else None
        per_reply = f"{(m - m0) / size:.3f}" if size else "—"
        print(
            f"{size:>8}{a:>10.1f}{aq:>9}{ab / 1024:>7.0f}{100 * a0 / a:>6.0f}%"
            f"{m:>11.1f}{mq:>9}{mb / 1024:>7.0f}{100 * m0 / m:>6.0f}%{per_reply:>10}"
        )
    m100, m500 = results[100][1][0], results[500][1][0]
    print(
        f"member, as a share of the 0-reply page's speed: 100 replies {100 * m0 / m100:.0f}% "
        f"(goal 80%), 500 replies {100 * m0 / m500:.0f}% (goal 50%); "
        f"queries at 10/100/500: {sorted(member_queries)} (goal: one figure)"
    )
    return len(member_queries) == 1


class page_cache_off:
    """The thread benchmark measures rendering, not the anonymous page cache."""

    def __enter__(self):
        from django.conf import settings

        self.settings = settings
        self.saved = getattr(settings, "STAFFROOM_PAGE_CACHE", None)
        settings.STAFFROOM_PAGE_CACHE = False
        return self

    def __exit__(self, *exc):
        self.settings.STAFFROOM_PAGE_CACHE = self.saved


def main() -> int:
    started = time.perf_counter()
    try:
        migrated_database()
        member, pages, community = build_world()
        for cache in caches.all():
            cache.clear()
        ok = thread_benchmark(member, pages)
    finally:
        connection.close()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"(page benchmarks took {time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
