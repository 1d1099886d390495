import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".pytest_media" / str(os.getpid())  # noqa: F405
# The cache is the one production uses (a database table, or Redis), so the
# rate limits are tested where they count; the test database gets its table
# from `migrate`, as every other database does.
if os.environ.get("REDIS_URL"):
    # Each pytest-xdist worker empties its cache around every test, and
    # emptying a Redis cache empties its whole database: so each worker has
    # a database of its own (counting down from the one REDIS_URL names).
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
        if not _db.isdigit():  # redis://host:port names database 0
            _base, _db = os.environ["REDIS_URL"].rstrip("/"), "0"
        _db = (int(_db) - int(_worker[2:])) % 16
        CACHES["default"]["LOCATION"] = f"{_base}/{_db}"  # noqa: F405
    # One prefix per test run; worker processes a test starts share it.
    CACHES["default"]["KEY_PREFIX"] = os.environ.get(  # noqa: F405
        "STAFFROOM_TEST_CACHE_PREFIX", f"staffroom-test-{os.getpid()}"
    )
if not os.environ.get("REDIS_URL") and not os.environ.get("STAFFROOM_TEST_SHARED_CACHE"):
    # In the suite's own process the cache is its memory: Wagtail reads its
    # site root paths from the default cache for every page URL, and a table
    # there would add a query per link to every query-count test. The tests
    # of limits across processes start their workers with
    # STAFFROOM_TEST_SHARED_CACHE, so those count in the table production uses.
    # (The table stays named, so `migrate` still makes it for the workers.)
    CACHES["shared"] = CACHES["default"]  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "staffroom-test",
    }
CACHES["pages"] = {  # noqa: F405 — one test process: its own memory is shared enough
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "staffroom-test-pages",
}
# Tests change rows directly (bulk inserts, .update()) where the site's own
# writes would invalidate; the page cache's own tests switch it on.
STAFFROOM_PAGE_CACHE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# On SQLite the test database is a file, set up as production's is (WAL,
# BEGIN IMMEDIATE, busy timeout): threads and worker processes of the
# concurrency tests share it the way app-server workers do. (An in-memory
# database shares one cache between connections and answers "table is
# locked" at once instead of waiting, which no production server does.)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"staffroom-test-{os.getpid()}.sqlite3")
    }
