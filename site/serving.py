"""The gunicorn worker the shipped gunicorn.conf.py names: gunicorn's
threaded worker with the site behind the admission queue
(staffroom/admission.py). Mirrors gunicorn 27's ThreadWorker (its
`accept`, `set_accept_enabled`, `method_queue` and heartbeat file), which
it subclasses.

Three things differ from a plain threaded worker:

- The site runs on the queue's one runner thread; the worker's threads
  only hold connections, and refuse with 503 those that cannot start in time.
- A worker whose request has run for more than SLOW_SECONDS stops taking
  new connections until it is done, so they go to an idle worker instead
  of waiting behind it (a sync worker accepts only when idle; a threaded
  one would otherwise keep taking its share). When every worker is busy
  that long, new connections wait in the kernel's accept queue, as with
  sync workers.
- gunicorn's `timeout` keeps its sync-worker meaning: the heartbeat reads
  as old as the longest-running request, so a request running past the
  timeout gets its worker killed and replaced.
"""

from __future__ import annotations

import os
import sys
import time

from gunicorn.workers.gthread import ThreadWorker

from .admission import AdmissionQueue

SLOW_SECONDS = 0.25


def queue_seconds() -> float:
    """How long a request may wait for its turn before it is refused with
    503 (GUNICORN_QUEUE_SECONDS, 1 by default)."""
    seconds = float(os.environ.get("GUNICORN_QUEUE_SECONDS", "1"))
    if not 0 < seconds <= 30:
        raise ValueError("GUNICORN_QUEUE_SECONDS must be more than 0 and at most 30")
    return seconds


def queue_length(threads: int) -> int:
    """How many requests may wait at once; more are refused at once, so a
    few threads always stay free to read requests and refuse the excess."""
    return max(1, threads - 8)


class AdmissionWorker(ThreadWorker):
    queue: AdmissionQueue

    def load_wsgi(self) -> None:
        super().load_wsgi()
        # The runner is busy with Python most of the time; the threads
        # holding connections need the interpreter only for moments (to
        # read a request, to refuse one). At Python's default 5 ms switch
        # interval each such moment waits up to 5 ms behind the runner,
        # several times a request, and under load they queue; 0.5 ms keeps
        # them prompt (measured in `make bench`).
        sys.setswitchinterval(0.0005)
        self.queue = AdmissionQueue(
            self.wsgi,
            concurrency=1,
            wait=queue_seconds(),
            max_waiting=queue_length(self.cfg.threads),
            on_finished=self._finished,
        )
        self.wsgi = self.queue

    # -- taking connections only when the runner keeps up --------------------

    def _keeping_up(self) -> bool:
        started = self.queue.running_since()
        return started is None or time.monotonic() - started < SLOW_SECONDS

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self._keeping_up())

    def accept(self, listener) -> None:
        if not self._keeping_up():
            # Leave the connection to a worker that is free.
            super().set_accept_enabled(False)
            return
        super().accept(listener)

    def _finished(self, seconds: float) -> None:
        """The runner's callback: after a slow request, wake the main loop
        so it takes connections again (it re-checks on its next turn)."""
        if seconds >= SLOW_SECONDS:
            self.method_queue.defer(lambda: None)

    # -- the heartbeat ------------------------------------------------------

    def notify(self) -> None:
        started = self.queue.running_since() if hasattr(self, "queue") else None
        if started is None or time.monotonic() - started < 1:
            super().notify()
        else:
            # gunicorn 27's WorkerTmp.notify sets the file's times to
            # time.monotonic(); the arbiter kills the worker once they are
            # `timeout` old.
            os.utime(self.tmp.fileno(), (started, started))
