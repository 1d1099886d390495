"""The shipped gunicorn configuration keeps its promises to the settings."""

from __future__ import annotations

import runpy
from pathlib import Path

from django.conf import settings

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_request_waiting_for_sqlite_is_answered_before_its_worker_is_killed(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_BACKLOG"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(CONFIG))
    assert config["worker_class"] == "sync" and config["threads"] == 1
    assert config["timeout"] > settings.SQLITE_BUSY_TIMEOUT_SECONDS
    # A short queue that refuses excess quickly, and workers that are renewed.
    assert 0 < config["backlog"] <= 128
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0


def test_every_number_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BACKLOG", "16")
    config = runpy.run_path(str(CONFIG))
    assert (config["workers"], config["backlog"]) == (3, 16)
