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

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="staffroom-bench-"))
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.bench_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.perf.world import build_world, migrated_database  # noqa: E402


def measure(client: Client, urls: list[str], rounds: int) -> dict[str, tuple[float, int, int]]:
    """{url: (CPU ms, queries, bytes)} of GET url. The URLs take turns,
    round after round, so a burst of load elsewhere on the machine slows
    them alike; each figure is the fastest of its rounds, the one least
    disturbed by whatever else the machine was doing."""
    queries, sizes = {}, {}
    for url in urls:
        for _ in range(2):  # warm: site caches, fragments, the page cache
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries[url] = len(captured.captured_queries)  # now: each request clears the log
        sizes[url] = len(response.content)
    times: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(rounds):
        for url in urls:
            start = time.process_time()
            client.get(url)
            times[url].append((time.process_time() - start) * 1000)
    return {url: (min(times[url]), queries[url], sizes[url]) for url in urls}


def thread_benchmark(member, pages) -> bool:
    print(
        "\nA reflection and its thread "
        "(in-process, CPU ms per request, fastest of 30, page cache off)"
    )
    print(
        f"{'replies':>8}{'anon ms':>10}{'queries':>9}{'KB':>7}{'vs 0':>7}"
        f"{'member ms':>11}{'queries':>9}{'KB':>7}{'vs 0':>7}{'ms/reply':>10}"
    )
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    urls = [page.url for page in pages.values()]
    with page_cache(False):
        anon = measure(anonymous, urls, 30)
        mine = measure(signed_in, urls, 30)
    a0, m0 = anon[urls[0]][0], mine[urls[0]][0]
    member_queries = set()
    for size, url in zip(pages, urls, strict=True):
        (a, aq, ab), (m, mq, mb) = anon[url], mine[url]
        if size:
            member_queries.add(mq)
        per_reply = f"{(m - m0) / size:.3f}" if size else "—"
        print(
            f"{size:>8}{a:>10.1f}{aq:>9}{ab / 1024:>7.0f}{100 * a0 / a:>6.0f}%"
            f"{m:>11.1f}{mq:>9}{mb / 1024:>7.0f}{100 * m0 / m:>6.0f}%{per_reply:>10}"
        )
    m100, m500 = mine[urls[2]][0], mine[urls[3]][0]
    print(
        f"member, speed as a share of the 0-reply page's: 100 replies {100 * m0 / m100:.0f}% "
        f"(goal 80%), 500 replies {100 * m0 / m500:.0f}% (goal 50%); "
        f"member queries at 10/100/500 replies: {sorted(member_queries)} (goal: one figure)"
    )
    return len(member_queries) == 1


def anonymous_pages_benchmark(pages, community) -> bool:
    print("\nAnonymous public pages from the page cache against a bare Django view")
    print("(in-process, same middleware, CPU ms per request, fastest of each)")
    index = pages[0].get_parent()
    named = {
        "bare Django view": "/bench/bare/",
        "home": "/",
        "communities": community.get_parent().url,
        "a public community": community.url,
        "reflections index": index.url,
        "reflection, 100 replies": pages[100].url,
        "reflection, 500 replies": pages[500].url,
    }
    client = Client()
    with page_cache(True):
        cached = measure(client, list(named.values()), 40)
    with page_cache(False):
        uncached = measure(client, list(named.values())[1:], 10)
    bare = cached[named["bare Django view"]][0]
    print(f"{'page':<26}{'cached ms':>10}{'queries':>9}{'vs bare':>9}{'uncached ms':>13}")
    worst = 100.0
    for label, url in named.items():
        ms, queries, _ = cached[url]
        share = 100 * bare / ms
        if url != named["bare Django view"]:
            worst = min(worst, share)
        before = f"{uncached[url][0]:>13.1f}" if url in uncached else f"{'—':>13}"
        print(f"{label:<26}{ms:>10.2f}{queries:>9}{share:>8.0f}%{before}")
    print(f"slowest cached page: {worst:.0f}% of the bare view's speed (goal 25%)")
    return worst >= 25


class page_cache:
    """Switch the anonymous page cache on or off for a measurement."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __enter__(self):
        from django.conf import settings

        self.settings = settings
        self.saved = settings.STAFFROOM_PAGE_CACHE
        settings.STAFFROOM_PAGE_CACHE = self.on
        return self

    def __exit__(self, *exc):
        self.settings.STAFFROOM_PAGE_CACHE = self.saved


def main() -> int:
    started = time.perf_counter()
    try:
        migrated_database(Path(os.environ["SQLITE_PATH"]))
        print(f"(database ready in {time.perf_counter() - started:.0f} s)")
        world = build_world()
        member, pages, community = world.member, world.pages, world.community
        print(f"(world built in {time.perf_counter() - started:.0f} s)")
        for cache in caches.all():
            cache.clear()
        ok = thread_benchmark(member, pages)
        ok = anonymous_pages_benchmark(pages, community) and ok
    finally:
        connection.close()
        shutil.rmtree(WORK, ignore_errors=True)
        shutil.rmtree(settings.CACHES["pages"]["LOCATION"], ignore_errors=True)
    print(f"(page benchmarks took {time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
