"""The anonymous page cache: a public page, as a visitor who is not signed in
sees it, is rendered once and served from the `pages` cache until something
it shows changes.

What may be cached is narrow on purpose:

- only GETs from a visitor with no session and no messages cookie (nobody
  signed in is ever served from here, nor sent anything stored from a
  signed-in response: such a request neither reads nor writes the cache);
- only responses a page or view marked as public for everyone
  (`mark_public`): Wagtail pages with no view restriction on them or above
  them — a members-only community's inside is never marked, nor is a
  password or sign-in page;
- only a 200 that sets no cookie, carries no CSRF token or script nonce
  and is not marked private or uncacheable. (The Content-Security-Policy is
  written outside this cache, per response: a cached page's nonce would be
  served to everyone, and anyone could read it and reuse it.)

Invalidation uses generations: each community has one, and so do the site
(names, page moves, publishing) and the site-wide listings (home, indexes,
people). A cached response keeps the generations it was rendered under,
read before rendering began; any change to one of them makes it a miss.
Writes call `invalidate` — the ledger does for every recorded event
(publishing, replies, appreciations, moderation, membership), the services
that write without a ledger row call it themselves, and Wagtail's page
signals cover publishing, unpublishing and moves. Entries also expire after
STAFFROOM_PAGE_CACHE_SECONDS as a safety net.

With REDIS_URL the `pages` cache is in Redis, shared by every server; the
embedded default keeps it in files that every process on the machine shares.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse

CACHE = "pages"
SITE = "gen:site"
LISTINGS = "gen:listings"
_HEADER = "X-Staffroom-Cache"


def _cache():
    return caches[CACHE]


def _community_key(community_id: int) -> str:
    return f"gen:c:{community_id}"


def _generations(keys: list[str]) -> dict[str, str]:
    cache = _cache()
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            # add(): a generation another process set first is the one to keep.
            if not cache.add(key, value, timeout=None):
                missing[key] = cache.get(key) or value
        found.update(missing)
    return found


def invalidate(*, community_id: int | None = None) -> None:
    """Something anonymous visitors may see changed: in one community (its
    pages and the site-wide listings), or anywhere (community_id=None).

    The generations move at once and again when the transaction commits: a
    page rendered in between (still reading the old rows) is stored under
    the first new generation and so is dropped by the second."""
    keys = [_community_key(community_id), LISTINGS] if community_id else [SITE]

    def bump() -> None:
        _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    bump()
    transaction.on_commit(bump)


def handles(request: HttpRequest) -> bool:
    """Whether the cache may keep this request's response (an anonymous GET)."""
    return getattr(request, "_staffroom_page_cache", None) is not None


def mark_public(request: HttpRequest, *, community_id: int | None = None) -> None:
    """The view says: this response is the same for every anonymous visitor
    and anyone may see it. It depends on the community's generation (pages
    inside a community) or on the site-wide listings' (everything else)."""
    pending = getattr(request, "_staffroom_page_cache", None)
    if pending is None:
        return  # not a request the cache handles
    key = _community_key(community_id) if community_id else LISTINGS
    pending["generations"].update(_generations([key]))
    pending["public"] = True


def _eligible(request: HttpRequest) -> bool:
    return (
        settings.STAFFROOM_PAGE_CACHE
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(url.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries a CSRF token
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False  # the page carries a script nonce (django-csp 4 keeps it there)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    return b"csrfmiddlewaretoken" not in response.content


class AnonymousPageCacheMiddleware:
    """Placed before the session middleware: a hit costs two cache reads
    and nothing else; a miss is stored on the way out, once the whole stack
    (sessions, CSRF, messages) has had its say about the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        cache = _cache()
        entry = cache.get(key)
        if entry is not None:
            current = cache.get_many(list(entry["generations"]))
            if current == entry["generations"]:
                return self._response(entry)
        # Read before rendering: a change committed while this request renders
        # makes what it stores a miss at once.
        pending = {"generations": _generations([SITE]), "public": False}
        request._staffroom_page_cache = pending
        response = self.get_response(request)
        if pending["public"] and _storable(request, response):
            cache.set(
                key,
                {
                    "status": response.status_code,
                    "content": response.content,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in {"set-cookie", "vary"}
                    ],
                    "generations": pending["generations"],
                },
                timeout=settings.STAFFROOM_PAGE_CACHE_SECONDS,
            )
            response[_HEADER] = "miss"
        return response

    @staticmethod
    def _response(entry: dict) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[_HEADER] = "hit"
        return response
