"""Settings shared by every environment.

Every secret and every service comes from the environment; the defaults run on
a laptop with nothing installed (SQLite, local memory cache, immediate tasks,
console e-mail). See `.env.example` and the README for the variables.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from wagtail.embeds.oembed_providers import vimeo as oembed_vimeo
from wagtail.embeds.oembed_providers import youtube as oembed_youtube

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The project's own apps come last, so their ready() runs after Wagtail's
    # (communities replaces Wagtail's workflow e-mails with its notifications).
    # Templates and static files come from the project folders, which take
    # precedence over every app's, so the order changes nothing else.
    "staffroom",
    "communities",
    "blog",
    "inquiries",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: every response, a cached one too, gets its
    # policy (and its nonce, if it used one) as it leaves (staffroom.csp).
    "staffroom.csp.ContentSecurityPolicyMiddleware",
    "staffroom.middleware.RefuseUnexpectedFilesMiddleware",
    # Public pages for visitors who are not signed in (communities/pagecache.py).
    "communities.pagecache.AnonymousPageCacheMiddleware",
    # Visibility answers are remembered for the request (communities/memo.py).
    "communities.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "staffroom.urls"
WSGI_APPLICATION = "staffroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "staffroom.context_processors.site_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite by default, set up so several app-server processes can write at once:
# BEGIN IMMEDIATE takes the write lock up front (so a read-then-write
# transaction never fails half-way with "database is locked"), WAL lets
# readers run beside the writer, and the busy timeout (20 s) stays below the
# app server's worker timeout (30 s). ATOMIC_REQUESTS stays off: with
# IMMEDIATE it would serialise every request, reads included.
SQLITE_BUSY_TIMEOUT_SECONDS = 20

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -----------------------------------------------------
# Nothing another app server would need may live in process memory: with
# REDIS_URL set, the cache and the sessions live in Redis; without it, the
# cache is a table in the database (created by `migrate`, see
# staffroom.apps) and sessions are in the database. Rate limits (allauth's
# and the reply limit, staffroom.limits) count in this cache, so they hold in
# total across every worker process and every server, not once per process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "staffroom"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "staffroom_cache",
            # Culling drops a third of the rows at random once the table is
            # full, rate-limit counters included: keep it roomy.
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The anonymous page cache (communities/pagecache.py) must be shared by every
# process that serves the site, or one process would keep serving a page
# another has invalidated: Redis with REDIS_URL, otherwise files on this
# machine (the embedded default runs its processes on one machine).
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / "page_cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
STAFFROOM_PAGE_CACHE = env_bool("PAGE_CACHE", True)
STAFFROOM_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# --- Background work ------------------------------------------------------
# Immediate by default (the task runs in the request, after the commit that
# enqueued it). TASKS_BACKEND=database queues tasks in the database for
# `python manage.py db_worker` to run on any number of worker machines.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication (django-allauth) -----------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "communities.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "communities.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Staffroom] "
# After the per-account failure limit (below) nobody can try passwords for
# that address for five minutes — not even its owner, whom a colleague who
# knows the address could otherwise keep signed out. So the owner can always
# sign in with a code e-mailed to the address instead: only someone who can
# read that mailbox gets in, and the password lock does not apply to it.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    # A whole school signs in from one address before a meeting, so the
    # per-IP limit is generous; the per-account failure limit (the one that
    # stops password guessing) stays strict.
    "login": os.environ.get("RATE_LIMIT_LOGIN", "300/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "100/m/ip,5/5m/key"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "200/m/ip"),
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # Not allauth's own: replies per person (staffroom.limits), in the same
    # format and the same shared store as the sign-in limits.
    "reply": os.environ.get("RATE_LIMIT_REPLY", "10/5m/user"),
}
# Behind a load balancer every request comes from the proxy's address: tell
# allauth how many proxies to trust so its per-IP limits see the real client.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_USER_DISPLAY = "communities.adapters.user_display"
# Optional: only addresses at these domains may sign up (comma-separated).
SIGNUP_ALLOWED_EMAIL_DOMAINS = [d.lower() for d in env_list("SIGNUP_ALLOWED_EMAIL_DOMAINS")]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media is never served from a public URL: documents go through Wagtail's
# checking view and images through communities.views.image_serve.
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- E-mail ------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Staffroom <staffroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Printed to the console, unless EMAIL_BACKEND names another of Django's
    # backends: the file backend (with EMAIL_FILE_PATH, a directory) keeps
    # each message as a file, as the two-server test reads them.
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    if os.environ.get("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# --- Wagtail -------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Staffroom"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Every sign-in goes through allauth (and its rate limits), the admin's too;
# someone signed in without editor access gets a page that says so, not a
# loop between the editor and the sign-in form (communities.views.sign_in).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# E-mail addresses change through allauth only (re-authentication, verification).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILIMAGES_IMAGE_MODEL = "communities.CommunityImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every upload is checked by blog.uploads: its extension must be one of
# these and its content must be what the extension says (PDF, office
# documents, common images, plain text). SVG, HTML, scripts, archives and
# programs are refused, whatever they are called.
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "key", "rtf",
    "png", "jpg", "jpeg", "gif", "webp",
    "txt", "csv",
]  # fmt: skip
WAGTAILDOCS_DOCUMENT_FORM_BASE = "blog.uploads.SafeDocumentForm"
# Uploads (the editor's images and documents) up to UPLOAD_MAX_MB each; the
# proxy in front allows a little more than this (README: deployment), so the
# editor's own clear message answers, not the proxy's. Other fields of a form
# stay within Django's 2.5 MB, and only the paths below take files at all
# (staffroom.middleware).
MAX_UPLOAD_SIZE = int(os.environ.get("UPLOAD_MAX_MB", "10")) * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STAFFROOM_FILE_UPLOAD_PATHS = ["/admin/"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "staffroom/password_required.html"  # noqa: S105
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Editors embed videos from these providers only: their players are the
# only frames the Content-Security-Policy lets a page show (below), so an
# address from anywhere else is refused in the editor, with a message,
# rather than published as an empty box.
WAGTAILEMBEDS_FINDERS = [
    {"class": "wagtail.embeds.finders.oembed", "providers": [oembed_youtube, oembed_vimeo]}
]
EMBED_FRAME_SOURCES = ["https://www.youtube.com", "https://player.vimeo.com"]
# Avatars are never fetched from Gravatar: that would tell it which editors
# use the admin (and the policy allows no other site's images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Content-Security-Policy (django-csp, staffroom.csp) ---------------------
# Every response says where its page may load things from. A script runs only
# from the site's own files, or inline with this response's nonce
# (`nonce="{{ request.csp_nonce }}"`; the site itself has no inline script).
# No inline style, no style attribute, no inline event handler: the CSS and
# JavaScript live in static files. Images are the site's own (every upload is
# served by the site, from S3 too) or data: URLs. Frames only show the video
# players above, and no other site may frame Staffroom.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The editor (Wagtail's admin, under /admin/) is served this policy instead.
# Wagtail 8 still writes inline scripts into its forms — the date and time
# pickers (a reflection's date, scheduled publishing) and inline panels —
# from widget templates that have no request and so no nonce (wagtail#1288):
# its scripts may run inline, and a nonce would switch that off, so there is
# none. Its editor's libraries (wagtailadmin/js/vendor.js) add <style>
# elements, image uploads preview from blob: URLs (wagtail#7053), and the
# preview panel frames the page being edited (from /admin/ itself). Each was
# seen refused in chromium under the site's policy (tests/e2e/test_csp.py).
# Everything else stays as strict as on the site: no other site's scripts,
# styles, images or frames, no plugins, and forms post only here. Only
# signed-in editors ever reach these pages.
STAFFROOM_ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF, *EMBED_FRAME_SOURCES],
    "frame-ancestors": [SELF],
}
STAFFROOM_ADMIN_PATH = "/admin/"
# The page drawn in the editor's preview panel (Wagtail renders it through
# the middleware as a request for the page itself) keeps the site's policy,
# except that the editor around it may frame it.
STAFFROOM_PREVIEW_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "frame-ancestors": [SELF],
}

# --- Staffroom -----------------------------------------------------------------
# The section index pages a community creates for itself when first published,
# as "app_label.ModelName" with the slug and title each gets. `communities`
# never imports the content apps; the project composes them here.
STAFFROOM_COMMUNITY_SECTIONS: list[dict[str, str]] = [
    {
        "model": "blog.ReflectionIndexPage",
        "slug": "reflections",
        "title": "Reflections",
        "child": "blog.ReflectionPage",
        "add_label": "Write a reflection",
    },
    {
        "model": "inquiries.InquiryIndexPage",
        "slug": "inquiries",
        "title": "Inquiries",
        "child": "inquiries.InquiryPage",
        "add_label": "Start an inquiry",
    },
    {
        "model": "blog.ResourceLibraryPage",
        "slug": "resources",
        "title": "Resources",
        "child": "blog.ResourcePage",
        "add_label": "Share a resource",
    },
]

# Who keeps notifications (in the site and by e-mail): `communities` tells
# people what happened through this function without importing the app.
STAFFROOM_NOTIFIER = "blog.services.notifier"

# Recognition (communities/recognition.py): leadership that emerges from
# publishing and feedback. Every weight and threshold is here, and members
# are shown them in plain words.
STAFFROOM_RECOGNITION = {
    # How much one piece of feedback from A on B's work carries.
    "edge_weights": {
        "replied": 1.0,
        "appreciated": 0.5,
        "changed_practice": 3.0,
        "tried_resource": 2.0,
    },
    # Each further edge between the same two people counts this much of the one before.
    "repeat_factor": 0.5,
    # Feedback counts half as much after this many days.
    "half_life_days": 180,
    # The walk's damping, and what each person keeps back from it (see influence()).
    "damping": 0.85,
    "restraint": 1.0,
    # A reply is substantive if it is feedback or a question, or this long.
    "substantive_reply_kinds": ["warm", "cool", "question"],
    "substantive_reply_length": 280,
    # "In their first months": days after joining a community.
    "newcomer_days": 120,
    "strands": {
        # …or buddy visits (the TLC cycle) to this many newcomers' lessons.
        "mentor": {"newcomers": 3, "replies": 5, "observed_newcomers": 2},
        "pilot": {"colleagues": 3},
        "inquirer": {"completed": 1},
        # …or buddy visits with colleagues and action plans reported back on.
        "collaborator": {
            "co_inquiries": 1,
            "valued_replies": 3,
            "buddies": 1,
            "reported_plans": 3,
        },
        "curator": {"colleagues": 3},
    },
    "trust": {
        "contributor": {"published": 1, "substantive_replies": 3, "appreciated_by": 2},
        "leader": {"feedback_from": 5, "influence": 1.5, "strands": 1},
    },
    # Below the thresholds this long before a level is lowered.
    "demotion_grace_days": 60,
}

# The days school terms begin (month, day); the review area counts "this term" from the latest.
STAFFROOM_TERM_STARTS = [(9, 1), (1, 5), (4, 20)]

# Replies (blog): how deep threads nest before answers line up flat, how long
# an author may edit, the longest body accepted, and a per-person rate limit
# (ACCOUNT_RATE_LIMITS["reply"], above). A newcomer's first N replies in a community that holds
# them wait for a facilitator.
STAFFROOM_REPLY_MAX_DEPTH = 5
STAFFROOM_REPLY_EDIT_WINDOW = timedelta(minutes=30)
STAFFROOM_REPLY_MAX_LENGTH = 20_000
STAFFROOM_NEWCOMER_REPLIES_HELD = 2
# A resource nobody has reported trying for this long may be archived by the
# community's curators (hidden from the library, still reachable by link).
STAFFROOM_RESOURCE_STALE_AFTER = timedelta(days=int(os.environ.get("RESOURCE_STALE_DAYS", "365")))
# A thread of up to this many shown replies is shown whole; a longer one is
# shown this many top-level replies (with all their answers) at a time.
STAFFROOM_THREAD_SHOWN_WHOLE = 150
STAFFROOM_THREAD_PAGE_SIZE = 50
# How many replies' rendered HTML each process keeps (blog/rendering.py).
STAFFROOM_REPLY_FRAGMENTS_KEPT = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
