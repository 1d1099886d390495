"""Settings for `make bench`'s server benchmarks: the production settings
as they are (the embedded default: SQLite, the database cache, the page
cache in files, tasks run in the request), with the bare view mounted
beside the site's own URLs — the floor the pages are measured against."""

from staffroom.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
