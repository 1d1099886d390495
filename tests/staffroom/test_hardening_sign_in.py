"""A colleague who knows a teacher's school address cannot keep them signed
out: after five wrong passwords for the account, passwords are refused for
it (however right), but its owner signs in with a code e-mailed to the
address — which only someone who reads that mailbox can use."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from communities.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_owner_signs_in_by_e_mailed_code_after_the_failure_limit(member, mailoutbox):
    attacker = Client()
    for _ in range(5):
        attacker.post(reverse("account_login"), {"login": member.email, "password": "guess"})
    owner = Client()
    locked = owner.post(
        reverse("account_login"), {"login": member.email, "password": DEFAULT_PASSWORD}
    )
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in owner.session

    login_page = owner.get(reverse("account_login")).content.decode()
    assert reverse("account_request_login_code") in login_page  # the way in is offered

    response = owner.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [member.email]
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.body, re.MULTILINE).group(1)
    response = owner.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(member.pk)

    # The attacker, without the mailbox, is still out.
    assert "_auth_user_id" not in attacker.session
