"""Rate limits for what people do on the site, beside allauth's sign-in limits.

One mechanism and one configuration format: every limit is a rate in
`ACCOUNT_RATE_LIMITS` ("10/5m/user", "100/m/ip,5/5m/key") and is counted by
allauth's own helper (`allauth.core.ratelimit`) in the default cache. That
cache is shared by every worker process and every server (Redis with
`REDIS_URL`, otherwise a table in the database), so a limit holds in total,
however many processes serve the site.

A limit belongs to a request (a person at a keyboard), not to a service: code
that builds content (the demo, imports) is not limited.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.core import ratelimit
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest


def allow(
    request: HttpRequest,
    *,
    action: str,
    user: AbstractBaseUser | None = None,
    key: str | None = None,
) -> bool:
    """Count one `action` by this request's person (or `user`, or `key`);
    False once the rate for `action` in ACCOUNT_RATE_LIMITS is used up."""
    return ratelimit.consume(request, action=action, user=user, key=key)


def gate(request: HttpRequest, *, action: str) -> Callable[[], bool]:
    """`allow` for later: a service calls it at the moment it would act, so
    refused or repeated submissions (a resend of the same form) cost nothing."""
    return lambda: allow(request, action=action)
