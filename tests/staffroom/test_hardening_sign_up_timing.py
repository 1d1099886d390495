"""Sign-up does not tell, by how long it takes, whether an address already
has an account: both answer the same redirect, and now in the same time
(an existing address answered in 20–360 ms, a new one in 650–3,000 ms)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SAMPLES = 4


def sign_up(email: str) -> tuple[int, float]:
    data = {
        "email": email,
        "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
        "display_name": "Sam Signup",
    }
    client = Client()
    started = time.perf_counter()
    response = client.post(reverse("account_signup"), data)
    return response.status_code, time.perf_counter() - started


def test_existing_and_new_addresses_take_overlapping_times(member, settings):
    # The hasher production uses: the cost being equalised is its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    existing, new = [], []
    for n in range(SAMPLES):  # interleaved, so the machine's load falls on both alike
        status, seconds = sign_up(member.email)
        assert status == 302
        existing.append(seconds)
        status, seconds = sign_up(f"new{n}@northfield.sch.uk")
        assert status == 302
        new.append(seconds)
    assert min(existing) <= max(new) and min(new) <= max(existing), (existing, new)
    # …and not by chance: the existing address costs at least half a new one's median.
    assert sorted(existing)[SAMPLES // 2] >= 0.5 * sorted(new)[SAMPLES // 2], (existing, new)
