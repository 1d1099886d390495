"""Admission control for one app-server process: under overload the excess
is refused within a second instead of waiting a minute in a queue.

The shipped gunicorn worker (staffroom/serving.py) wraps its WSGI
application in AdmissionQueue.
The worker's threads only hold connections: each hands its request to the
queue and waits. A fixed number of runner threads (one by default) take
the requests in arrival order and run the site — so the site runs exactly
as it would in a sync worker, one request at a time per process, with one
database connection per process. A request that has not started within
`wait` seconds is answered `503 Service Unavailable` (with Retry-After) by
the thread holding it and is never started afterwards; one that finds
`max_waiting` requests already waiting is refused at once (it could not
start in time either, and the threads stay free to answer). A refused
request did nothing, so a person can simply send it again (a reply form carries
its submission key, so a resend never makes a second copy).

Why not gunicorn's own queue: a sync worker accepts only when idle, so the
excess waits in the kernel's accept queue, and once that is full Linux
drops new connections silently — the client retries after 1, 3, 7 s…
(issue 9 measured waits of 28–82 s with sync workers). Nothing there can tell a request
that has waited too long.

Plain WSGI, no Django import: it runs outside the site, like the server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

WAITING, RUNNING, ABANDONED = "waiting", "running", "abandoned"

BUSY_PAGE = (
    b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width, initial-scale=1">'
    b"<title>Staffroom is busy</title></head><body>"
    b"<h1>Staffroom is busy right now</h1>"
    b"<p>Too many people asked at once, so this request was not started: nothing "
    b"you sent was saved. Please try again in a moment.</p></body></html>\n"
)
# A refused request's body is read (so the client sees the answer, not a
# reset connection) up to this much; a larger one is left unread.
DRAIN_LIMIT = 256 * 1024


class _Job:
    __slots__ = ("environ", "start_response", "state", "result", "error", "done")

    def __init__(self, environ: dict, start_response: Callable) -> None:
        self.environ = environ
        self.start_response = start_response
        self.state = WAITING
        self.result: Iterable[bytes] | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()


class AdmissionQueue:
    """A WSGI application that runs `app` on `concurrency` runner threads,
    first come first served, and refuses a request that waited `wait`
    seconds without starting, or that finds `max_waiting` already waiting."""

    def __init__(
        self,
        app: Callable,
        *,
        concurrency: int = 1,
        wait: float = 1.0,
        max_waiting: int = 1000,
        retry_after: int = 2,
        on_finished: Callable[[float], None] | None = None,
    ) -> None:
        if concurrency < 1 or max_waiting < 1:
            raise ValueError("concurrency and max_waiting must be at least 1")
        self.app = app
        self.wait = wait
        self.max_waiting = max_waiting
        self.on_finished = on_finished
        self._waiting = 0
        self.retry_after = str(retry_after)
        self.refused = 0
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._running: dict[int, float] = {}  # runner thread → when its request started
        for n in range(concurrency):
            threading.Thread(target=self._runner, name=f"site-runner-{n}", daemon=True).start()

    # -- the server's threads ------------------------------------------------

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        job = _Job(environ, start_response)
        with self._lock:
            full = self._waiting >= self.max_waiting
            if full:
                self.refused += 1
            else:
                self._waiting += 1
                self._jobs.append(job)
                self._ready.notify()
        if full:
            return self._refuse(environ, start_response)
        if not job.done.wait(self.wait):
            with self._lock:
                refused = job.state == WAITING
                if refused:
                    job.state = ABANDONED  # a runner that reaches it skips it
                    self._waiting -= 1
                    self.refused += 1
            if refused:
                return self._refuse(environ, start_response)
            job.done.wait()  # it started in time: it runs to its end
        if job.error is not None:
            raise job.error
        return job.result

    def running_since(self) -> float | None:
        """When (time.monotonic()) the longest-running request started, or
        None when none is running: the worker's heartbeat (gunicorn.conf.py)."""
        with self._lock:
            return min(self._running.values(), default=None)

    def _refuse(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if 0 < length <= DRAIN_LIMIT:
            environ["wsgi.input"].read(length)
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(BUSY_PAGE))),
                ("Retry-After", self.retry_after),
                ("Cache-Control", "no-store"),
                ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [BUSY_PAGE]

    # -- the runners ---------------------------------------------------------

    def _runner(self) -> None:
        me = threading.get_ident()
        while True:
            with self._lock:
                while not self._jobs:
                    self._ready.wait()
                job = self._jobs.popleft()
                if job.state == ABANDONED:
                    continue
                job.state = RUNNING
                self._waiting -= 1
                started = self._running[me] = time.monotonic()
            try:
                job.result = self._respond(job)
            except BaseException as error:  # noqa: BLE001 — raised again in the server's thread
                job.error = error
            finally:
                with self._lock:
                    del self._running[me]
                job.done.set()
            if self.on_finished is not None:
                self.on_finished(time.monotonic() - started)

    def _respond(self, job: _Job) -> Iterable[bytes]:
        result: Any = self.app(job.environ, job.start_response)
        if isinstance(result, list | tuple):
            return result
        if getattr(result, "streaming", None) is False:
            # Django's HttpResponse: its content is already in memory. It is
            # closed here, so request_finished (which closes the database
            # connections of the thread that served it) runs on this thread.
            try:
                return list(result)
            finally:
                result.close()
        # A file or a stream: the server's thread sends it and closes it.
        return result
