"""A "Move on to the next stage" form sent twice — from two tabs, or
resent — moves the inquiry once; the second says so and changes nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from inquiries.models import InquiryProgress, InquiryUpdate, Stage

pytestmark = pytest.mark.django_db


def advance_form(client, inquiry) -> dict:
    soup = BeautifulSoup(client.get(inquiry.url).content, "html.parser")
    form = soup.find("form", action=reverse("inquiry_advance", args=[inquiry.pk]))
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def test_the_same_form_twice_moves_one_stage(public_inquiry, member, co_inquirer, as_):
    first_tab, second_tab = (
        advance_form(as_(member), public_inquiry),
        advance_form(as_(co_inquirer), public_inquiry),
    )
    assert first_tab["from_stage"] == str(Stage.SCANNING)
    url = reverse("inquiry_advance", args=[public_inquiry.pk])
    as_(member).post(url, {**first_tab, "note": "What the assessments showed."})
    response = as_(co_inquirer).post(url, {**second_tab, "note": "Same form, later."}, follow=True)

    assert InquiryProgress.objects.get(inquiry=public_inquiry).stage == Stage.FOCUSING
    assert InquiryUpdate.objects.filter(kind=InquiryUpdate.Kind.ADVANCED).count() == 1
    shown = [str(m) for m in response.context["messages"]]
    assert any("already moved on to “Focusing”" in m and "nothing was changed" in m for m in shown)
