"""Settings for `make bench`'s page benchmarks: the test settings (no e-mail,
local caches) with the bare view mounted beside the site's own URLs, and the
anonymous page cache in files, as the embedded default keeps it."""

import os
import tempfile

from staffroom.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.path.join(tempfile.gettempdir(), f"staffroom-bench-pages-{os.getpid()}"),
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
STAFFROOM_PAGE_CACHE = True
