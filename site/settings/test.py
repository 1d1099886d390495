import os

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
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES["default"]["KEY_PREFIX"] = f"staffroom-test-{os.getpid()}"  # noqa: F405
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
