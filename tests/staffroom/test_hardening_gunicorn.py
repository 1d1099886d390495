"""The shipped gunicorn configuration keeps its promises: under overload
the served requests wait a bounded time and the excess is refused with a
503 within about a second, never started and never lost; a request running
past `timeout` still gets its worker replaced, as with sync workers.

The admission queue (staffroom/admission.py) is tested on its own, then in
a real gunicorn started with the shipped file on a loopback port."""

from __future__ import annotations

import contextlib
import os
import runpy
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.workers.gthread import ThreadWorker

from staffroom import serving
from staffroom.admission import AdmissionQueue
from staffroom.serving import AdmissionWorker

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"


def test_a_request_waiting_for_sqlite_is_answered_before_its_worker_is_killed(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(CONFIG))
    assert config["timeout"] > settings.SQLITE_BUSY_TIMEOUT_SECONDS
    # Every connection a worker takes has a thread of its own, so no wait
    # hides inside gunicorn where the admission queue cannot bound it.
    assert config["worker_class"] == "staffroom.serving.AdmissionWorker"
    assert issubclass(AdmissionWorker, ThreadWorker)
    assert config["worker_connections"] == config["threads"] > 1
    assert config["keepalive"] == 0
    assert 0 < serving.queue_seconds() <= 2
    assert 0 < serving.queue_length(config["threads"]) < config["threads"]
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0


def test_every_number_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BACKLOG", "16")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_QUEUE_SECONDS", "0.5")
    config = runpy.run_path(str(CONFIG))
    assert (config["workers"], config["backlog"], config["threads"]) == (3, 16, 8)
    assert config["worker_connections"] == 8 and serving.queue_seconds() == 0.5


@pytest.mark.parametrize("value", ["0", "-1", "31"])
def test_a_queue_wait_that_would_refuse_everything_or_nothing_is_refused(monkeypatch, value):
    monkeypatch.setenv("GUNICORN_QUEUE_SECONDS", value)
    with pytest.raises(ValueError, match="GUNICORN_QUEUE_SECONDS"):
        serving.queue_seconds()


# --------------------------------------------------------------------------- #
# The admission queue on its own
# --------------------------------------------------------------------------- #


class Recorder:
    """A WSGI app that notes who it started, and can be held mid-request."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.started: list[str] = []
        self.threads: set[int] = set()

    def __call__(self, environ, start_response):
        self.started.append(environ["ID"])
        self.threads.add(threading.get_ident())
        time.sleep(self.seconds)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["ID"].encode()]


def call(app, ident: str, **environ) -> tuple[str, dict, bytes, float]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    began = time.monotonic()
    body = b"".join(app({"ID": ident, **environ}, start_response))
    return answer["status"], answer["headers"], body, time.monotonic() - began


def test_a_request_that_cannot_start_in_time_is_refused_and_never_run():
    app = Recorder(seconds=0.5)
    queue = AdmissionQueue(app, wait=0.15)
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(call, queue, "first")
        time.sleep(0.05)
        late = [pool.submit(call, queue, f"late-{n}") for n in range(3)]
        status, headers, body, took = late[0].result()
        assert status.startswith("503") and headers["Retry-After"] == "2"
        assert b"nothing you sent was saved" in body
        assert headers["Cache-Control"] == "no-store"
        assert took < 0.45  # refused at its deadline, not after the slow request
        assert first.result()[0] == "200 OK"
        assert all(f.result()[0].startswith("503") for f in late)
    time.sleep(0.1)  # a runner that reached the refused ones has skipped them
    assert app.started == ["first"] and queue.refused == 3


def test_a_request_finding_the_queue_full_is_refused_at_once():
    app = Recorder(seconds=0.4)
    queue = AdmissionQueue(app, wait=5, max_waiting=2)
    with ThreadPoolExecutor(5) as pool:
        running = pool.submit(call, queue, "running")
        time.sleep(0.05)
        waiting = [pool.submit(call, queue, f"waiting-{n}") for n in range(2)]
        time.sleep(0.05)
        status, _, _, took = call(queue, "one too many")
        assert status.startswith("503") and took < 0.1
        assert running.result()[0] == "200 OK"
        assert [f.result()[0] for f in waiting] == ["200 OK", "200 OK"]
    assert app.started == ["running", "waiting-0", "waiting-1"]


def test_requests_that_start_in_time_all_run_once_in_arrival_order():
    app = Recorder(seconds=0.02)
    queue = AdmissionQueue(app, wait=2)
    with ThreadPoolExecutor(8) as pool:
        futures = []
        for n in range(8):
            futures.append(pool.submit(call, queue, str(n)))
            time.sleep(0.005)
        answers = [f.result() for f in futures]
    assert [a[0] for a in answers] == ["200 OK"] * 8
    assert [a[2] for a in answers] == [str(n).encode() for n in range(8)]
    assert app.started == [str(n) for n in range(8)]
    # The site ran on the one runner thread, as in a sync worker.
    assert len(app.threads) == 1


def test_a_request_that_started_in_time_runs_to_its_end():
    queue = AdmissionQueue(Recorder(seconds=0.4), wait=0.1)
    status, _, body, took = call(queue, "slow")
    assert (status, body) == ("200 OK", b"slow") and took >= 0.4


def test_an_error_in_the_site_reaches_the_server_thread():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        call(AdmissionQueue(broken), "x")


def test_a_djangos_response_is_closed_on_the_runner_and_a_stream_by_the_server():
    closed_on = {}

    class Rendered:  # Django's HttpResponse: content in memory
        streaming = False

        def __iter__(self):
            return iter([b"page"])

        def close(self):
            closed_on["rendered"] = threading.get_ident()

    class Streamed:  # a file or a stream, sent by the server's thread
        streaming = True

        def __iter__(self):
            return iter([b"file"])

        def close(self):
            closed_on["streamed"] = threading.get_ident()

    def app(environ, start_response):
        start_response("200 OK", [])
        return Rendered() if environ["ID"] == "page" else Streamed()

    queue = AdmissionQueue(app)
    assert call(queue, "page")[2] == b"page"
    assert closed_on["rendered"] != threading.get_ident()
    result = queue({"ID": "file"}, lambda *a: None)
    assert isinstance(result, Streamed) and "streamed" not in closed_on


def test_a_refused_post_has_its_body_read_so_the_client_gets_the_answer():
    import io

    queue = AdmissionQueue(Recorder(seconds=0.3), wait=0.05)
    body = io.BytesIO(b"body=hello")
    with ThreadPoolExecutor(2) as pool:
        pool.submit(call, queue, "busy")
        time.sleep(0.02)
        status, *_ = call(queue, "post", CONTENT_LENGTH="10", **{"wsgi.input": body})
    assert status.startswith("503") and body.read() == b""


# --------------------------------------------------------------------------- #
# A real gunicorn with the shipped configuration
# --------------------------------------------------------------------------- #


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 20) -> tuple[int | str, float]:
    """(status or the error's name, seconds) of one GET on a new connection."""
    began = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        return int(data.split(b" ", 2)[1]), time.monotonic() - began
    except (OSError, IndexError, ValueError) as error:
        return type(error).__name__, time.monotonic() - began


@contextlib.contextmanager
def gunicorn(tmp_path, **env):
    port = _free_port()
    log = tmp_path / "started.log"
    log.touch()
    process = subprocess.Popen(  # noqa: S603 — our own gunicorn, our own config
        [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "tests.staffroom.slow_wsgi"],
        cwd=ROOT,
        env={
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_LOG_LEVEL": "warning",
            "SLOW_WSGI_LOG": str(log),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while _get(port, "/?id=ready", timeout=1)[0] != 200:
            assert process.poll() is None, "gunicorn did not start"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_under_overload_the_excess_is_refused_quickly_and_nothing_is_lost(tmp_path):
    with gunicorn(tmp_path, GUNICORN_QUEUE_SECONDS="0.5") as (port, log):
        # Twelve at once, each taking 0.3 s, on one worker: about three can
        # start within the half-second wait; the rest are told at once.
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda n: (n, *_get(port, f"/?id={n}&sleep=0.3")), range(12)))
        time.sleep(0.5)  # let the runner reach (and skip) the refused ones
        started = [line for line in log.read_text().split() if line != "ready"]
    served = sorted(n for n, status, _ in answers if status == 200)
    refused = [(n, took) for n, status, took in answers if status == 503]
    assert len(served) + len(refused) == 12, answers  # every one answered, none dropped
    assert served and refused, answers
    # Refused within the wait (plus slack for a busy machine), not queued.
    assert max(took for _, took in refused) < 3, refused
    # What ran is exactly what was served: no refused request was started,
    # no served one ran twice.
    assert sorted(int(n) for n in started) == served


def test_a_request_running_past_the_timeout_gets_its_worker_replaced(tmp_path):
    with gunicorn(tmp_path, GUNICORN_TIMEOUT="2") as (port, _log):
        status, took = _get(port, "/?id=stuck&sleep=30")
        assert status != 200 and took < 15, (status, took)
        # A new worker serves the next request.
        deadline = time.monotonic() + 20
        while (answer := _get(port, "/?id=after", timeout=2)[0]) != 200:
            assert time.monotonic() < deadline, answer
            time.sleep(0.2)


def test_a_worker_busy_with_a_slow_request_leaves_new_ones_to_an_idle_worker(tmp_path):
    with gunicorn(tmp_path, GUNICORN_WORKERS="2") as (port, log), ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_get, port, "/?id=slow&sleep=4")
        time.sleep(0.6)  # it has run past SLOW_SECONDS
        quick = [_get(port, f"/?id=quick-{n}") for n in range(12)]
        assert slow.result()[0] == 200
    # None waited behind the slow request (to be refused after its second).
    assert [status for status, _ in quick] == [200] * 12, quick
    assert max(took for _, took in quick) < 0.9, quick
