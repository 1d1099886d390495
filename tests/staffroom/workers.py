"""Several app-server processes over the test database, for tests of what
must hold across processes (rate limits): each process has its own memory,
as each gunicorn worker and each server does, and shares only the database
and the cache the settings name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

WORKER = Path(__file__).with_name("limits_worker.py")


def worker_env() -> dict[str, str]:
    """The environment of a worker process: the test database itself (on
    SQLite a file, see staffroom.settings.test). Call after the test's data
    is committed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "staffroom.settings.test",
        # The workers share the cache production uses (a database table).
        "STAFFROOM_TEST_SHARED_CACHE": "1",
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(db["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if prefix:
        env["STAFFROOM_TEST_CACHE_PREFIX"] = prefix
    return env


def run_workers(env: dict[str, str], argv: list[str], processes: int) -> list[dict]:
    """Start `processes` workers at once and return what each answered."""
    running = [
        subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, str(WORKER), *argv],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for process in running:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results
