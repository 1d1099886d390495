"""Settings for `make bench`'s page benchmarks: the test settings (no e-mail,
local caches) with the bare view mounted beside the site's own URLs."""

from staffroom.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
