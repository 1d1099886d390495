"""gunicorn's configuration for one Staffroom app server.

    gunicorn staffroom.wsgi            # reads this file from the working directory

Every value can be overridden from the environment (GUNICORN_WORKERS, …) or
the command line. How it sits behind a proxy, and what happens under
overload, is in the README ("Running it on several servers").

Each worker runs the site one request at a time, as a sync worker does, so
a slow request never holds a lock or a connection another request in the
same process needs, and the database connection count is exactly the
worker count per server. Its threads only hold the connections waiting
their turn: one that has not started within GUNICORN_QUEUE_SECONDS is
answered 503 at once (staffroom/admission.py), so under overload the
served requests keep a bounded wait and the excess is refused in about a
second instead of queueing for a minute (`make bench` measures it).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual 2 × cores + 1: the work is mostly waiting on the database.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# gunicorn's threaded worker with the site behind the admission queue
# (staffroom/serving.py): threads hold connections, the site runs on one
# runner thread per worker. Each thread takes one connection (no queue
# inside gunicorn, so every wait is one the admission queue bounds). A
# request waits at most GUNICORN_QUEUE_SECONDS (1) for its turn, and at most
# threads − 8 wait at once; the rest are refused with 503.
worker_class = "staffroom.serving.AdmissionWorker"
threads = _int("GUNICORN_THREADS", 32)
worker_connections = threads

# A request that takes longer than this is killed and its worker replaced.
# It stays above SQLite's busy timeout (20 s, site/settings/base.py), so a
# writer waiting for the lock gets its answer before the worker is killed.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# No idle connections held: every thread is free for a request that waits.
keepalive = 0

# Connections no worker has taken yet wait in the kernel's accept queue (at
# most `backlog`; past it Linux drops new ones silently and the client tries
# again seconds later). With threads taking connections as they come it
# stays nearly empty; it only has to absorb a burst.
backlog = _int("GUNICORN_BACKLOG", 256)

# Workers are replaced after this many requests (with jitter, so they do
# not all restart together): slow memory growth never builds up. The site
# is loaded once, before the workers are forked, so a replacement serves at
# once instead of spending a couple of seconds importing Django and Wagtail
# while the other workers carry its share (and the forked workers share
# that memory). The cost: new code needs a restart, not a HUP (README).
preload_app = True
# 10,000: at the hundreds a second a worker serves from the page cache,
# fewer would renew it every few seconds (and each new one starts with
# empty in-process caches).
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = 1000

# Requests larger than a browser sends are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# The proxy's address is the only one allowed to say X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
