"""One "app-server worker" for tests/staffroom/test_hardening_limits.py: a
process of its own (its own memory, its own cache client) that serves
requests through Django's full stack and prints what it answered as JSON.

    python limits_worker.py <email> <login attempts> <user_pk> <page_pk> <reply attempts>

The database comes from SQLITE_PATH or DATABASE_URL, as in production."""

import json
import os
import sys
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "staffroom.settings.test")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 (after setup)
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402


def login(email: str, attempts: int) -> dict:
    checked = refused = 0
    for _ in range(attempts):
        response = Client().post(
            reverse("account_login"), {"login": email, "password": "not-the-password"}
        )
        # The password was checked (and found wrong), or the attempt was
        # refused unchecked: by the failure limit, or with a 429 (allauth
        # refuses when it cannot take its counter's lock within a second).
        if "you specified are not correct" in response.content.decode():
            checked += 1
        else:
            refused += 1
    return {"checked": checked, "refused": refused}


def reply(user_pk: int, page_pk: int, attempts: int) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    statuses: dict[str, int] = {}
    for n in range(attempts):
        response = client.post(
            reverse("reply_create", args=[page_pk]),
            {
                "body": f"Reply {n} from {os.getpid()}",
                "kind": "comment",
                "submission_key": str(uuid.uuid4()),
            },
        )
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
    return statuses


if __name__ == "__main__":
    email, logins, user_pk, page_pk, replies = sys.argv[1:]
    result = {
        "login": login(email, int(logins)),
        "reply": reply(int(user_pk), int(page_pk), int(replies)),
    }
    print(json.dumps(result))
