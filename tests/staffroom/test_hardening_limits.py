"""Limits hold in total, however many processes serve the site.

Each gunicorn worker (and each server) is a process with its own memory: a
limit counted in process memory multiplies by the number of workers (with 4
workers, 18 of 30 wrong passwords for one account were checked against a
limit of 5, and 38 of 40 replies accepted against a limit of 10). This test
runs four real worker processes over the same database and cache (the
database table without REDIS_URL, Redis with it)."""

from __future__ import annotations

import pytest

from blog import factories as blog_factories
from blog.models import Reply
from communities.models import CommunityPage

from .workers import run_workers, worker_env

# The workers need committed data; serialized_rollback restores Wagtail's
# root page (made by a migration) for the tests that run after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROCESSES = 4
LOGIN_ATTEMPTS = 6  # each, for one account: 24 in all
REPLY_ATTEMPTS = 5  # each, by one person: 20 in all


def test_sign_in_and_reply_limits_hold_in_total_across_worker_processes(
    open_community, facilitator, member, settings
):
    assert "5/5m/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert settings.ACCOUNT_RATE_LIMITS["reply"] == "10/5m/user"
    CommunityPage.objects.filter(pk=open_community.pk).update(hold_newcomer_replies=False)
    page = blog_factories.reflection(
        index=blog_factories.reflection_index(open_community), author=facilitator, title="Exit"
    )
    env = worker_env()
    argv = [member.email, str(LOGIN_ATTEMPTS), str(member.pk), str(page.pk), str(REPLY_ATTEMPTS)]
    results = run_workers(env, argv, PROCESSES)

    # At most five wrong passwords for the account were checked, in total (a
    # few fewer when allauth, unable to take its counter's lock within a
    # second on a busy machine, refuses without checking); the rest refused.
    logins = [r["login"] for r in results]
    checked = sum(r["checked"] for r in logins)
    assert 1 <= checked <= 5, logins
    assert sum(r["refused"] for r in logins) == PROCESSES * LOGIN_ATTEMPTS - checked

    # At most ten replies were accepted, in total; the rest answered 429.
    replies = [r["reply"] for r in results]
    accepted = sum(r.get("302", 0) for r in replies)
    assert 1 <= accepted <= 10, replies
    assert sum(r.get("429", 0) for r in replies) == PROCESSES * REPLY_ATTEMPTS - accepted
    assert Reply.objects.filter(author=member).count() == accepted
