"""One person's simultaneous clicks, one after the other.

A double click, or the same button in two tabs, sends two requests that
arrive together and are served by different workers (or servers). A toggle
or a membership action reads, then writes: run side by side on PostgreSQL,
both read "not there yet", both insert, and one fails on the unique
constraint (a 500) or both write a ledger row for one real change.

`hold_person` takes the lock on the person's own row for the rest of the
transaction, so their actions run one after another while everyone else's
run freely. SQLite needs no row lock: its transactions begin IMMEDIATE
(site/settings/base.py), which already lets one writer in at a time."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction


def hold_person(user: AbstractBaseUser) -> None:
    """Inside a transaction: wait for this person's other actions to commit,
    and make theirs wait for this one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("hold_person() only means something inside a transaction")
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
