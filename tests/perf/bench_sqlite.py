"""How SQLite copes with several app-server processes writing at once.

Run with `make bench`. Each process runs read-then-write transactions (read a
counter, then update it and append a row) — the shape of most of Staffroom's
writes — first with Django's default SQLite options, then with Staffroom's
(IMMEDIATE transactions, WAL, busy timeout). It prints the share of
transactions that failed with "database is locked" and checks no update was
lost.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

TRANSACTIONS_PER_PROCESS = 40


def _worker(path: str, options: dict, transactions: int, results) -> None:
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}
        },
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()
    from django.db import OperationalError, connection, transaction

    ok = locked = 0
    for n in range(transactions):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.001)  # the work a view does between reading and writing
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
                cursor.execute("INSERT INTO log (n) VALUES (%s)", [n])
            ok += 1
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            locked += 1
    results.put((ok, locked))


def run(options: dict, processes: int) -> tuple[int, int, int, float]:
    import sqlite3

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bench.sqlite3")
        db = sqlite3.connect(path)
        db.executescript(
            "CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER);"
            "INSERT INTO counter VALUES (1, 0);"
            "CREATE TABLE log (id INTEGER PRIMARY KEY, n INTEGER);"
        )
        db.close()
        ctx = mp.get_context("spawn")
        results = ctx.Queue()
        started = time.perf_counter()
        workers = [
            ctx.Process(target=_worker, args=(path, options, TRANSACTIONS_PER_PROCESS, results))
            for _ in range(processes)
        ]
        for w in workers:
            w.start()
        outcomes = [results.get(timeout=300) for _ in workers]
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - started
        db = sqlite3.connect(path)
        (counter,) = db.execute("SELECT value FROM counter").fetchone()
        db.close()
    ok = sum(o for o, _ in outcomes)
    locked = sum(lk for _, lk in outcomes)
    return ok, locked, counter, elapsed


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from staffroom.settings.base import DATABASE_URL, DATABASES

    staffroom_options = {} if DATABASE_URL else DATABASES["default"]["OPTIONS"]
    print(
        f"SQLite under concurrent writers ({TRANSACTIONS_PER_PROCESS} read-then-write "
        "transactions per process)"
    )
    print(
        f"{'options':<22}{'processes':>10}{'committed':>11}{'locked':>8}{'failed %':>10}"
        f"{'lost updates':>14}{'tx/s':>8}"
    )
    failed_with_staffroom = 0
    for label, options in (("Django defaults", {}), ("Staffroom settings", staffroom_options)):
        for processes in (8, 16):
            ok, locked, counter, elapsed = run(options, processes)
            total = ok + locked
            lost = ok - counter
            print(
                f"{label:<22}{processes:>10}{ok:>11}{locked:>8}{100 * locked / total:>9.0f}%"
                f"{lost:>14}{ok / elapsed:>8.0f}"
            )
            if label == "Staffroom settings":
                failed_with_staffroom += locked + abs(lost)
    return 1 if failed_with_staffroom else 0


if __name__ == "__main__":
    raise SystemExit(main())
