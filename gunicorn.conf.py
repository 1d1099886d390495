"""gunicorn's configuration for one Staffroom app server.

    gunicorn staffroom.wsgi            # reads this file from the working directory

Every value can be overridden from the environment (GUNICORN_WORKERS, …) or
the command line. How it sits behind a proxy, and what happens under
overload, is in the README ("Running it on several servers").

Sync workers, no threads: each worker serves one request at a time, so a
slow request never holds a lock or a connection another request in the
same process needs, and the database connection count is exactly the
worker count per server.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# The usual 2 × cores + 1: the work is mostly waiting on the database.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = 1

# A request that takes longer than this is killed and its worker replaced.
# It stays above SQLite's busy timeout (20 s, site/settings/base.py), so a
# writer waiting for the lock gets its answer before the worker is killed.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 2  # the proxy keeps connections; a short idle time frees workers

# Admission control: the kernel queues at most `backlog` connections that no
# worker has accepted yet; beyond that new connections are refused at once
# instead of waiting for a minute. Keep it near a few seconds' worth of
# requests (workers × requests a worker serves in a second × 2). The proxy in
# front should hold at most `workers` requests per server and answer 503
# after a short queue (README), so most excess never reaches this far.
backlog = _int("GUNICORN_BACKLOG", 64)

# Workers are replaced after this many requests (with jitter, so they do
# not all restart together): slow memory growth never builds up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100

# Requests larger than a browser sends are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# The proxy's address is the only one allowed to say X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
