"""Answers remembered for the length of one request.

A page asks "which communities may this person not look inside?", "which
pages did an editor restrict?" and "which community is this page in?" from
several places (the page, its conversation, the header's notification
count). Inside a request (RequestMemoMiddleware) each is answered once;
outside one (tests, tasks, the shell) nothing is remembered. Any write to
the database during the request forgets everything, so an answer never
outlives a change the request itself made (joining, publishing, a new
restriction)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("staffroom_request_memo", default=None)


def remember(key: tuple, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def forget(*args, **kwargs) -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


post_save.connect(forget, dispatch_uid="staffroom-memo-save")
post_delete.connect(forget, dispatch_uid="staffroom-memo-delete")
m2m_changed.connect(forget, dispatch_uid="staffroom-memo-m2m")


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def remember_site_root_paths() -> None:
    """Wagtail reads the sites' root paths from the default cache each time
    a page's URL is asked for without a request (`page.url` in a listing,
    a feed, an e-mail). Without Redis the default cache is a database table,
    so each link would cost a query: inside a request, the first answer is
    kept for the rest of it (and forgotten, like every memo, on a write —
    saving a Site among them)."""
    from wagtail.models import Site  # apps.ready() calls this: models load after the registry

    if getattr(Site.get_site_root_paths, "remembered", False):
        return
    from_cache = Site.get_site_root_paths

    def get_site_root_paths():
        return remember(("wagtail-site-root-paths",), from_cache)

    get_site_root_paths.remembered = True
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
