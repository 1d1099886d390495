"""Stopping sharing with school leadership asks first; then Undo shares it again."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from inquiries.models import InquiryProgress

pytestmark = pytest.mark.django_db


def test_stop_sharing_asks_first_and_can_be_undone(public_inquiry, member, bystander, as_):
    client = as_(member)
    client.post(reverse("inquiry_sharing", args=[public_inquiry.pk]), {"shared": "on"})
    page = BeautifulSoup(client.get(public_inquiry.url).content, "html.parser")
    confirm_url = reverse("inquiry_sharing_confirm", args=[public_inquiry.pk])
    assert page.find("form", action=confirm_url)["method"] == "get"
    assert as_(bystander).get(confirm_url).status_code == 403

    confirm = BeautifulSoup(client.get(confirm_url).content, "html.parser").find("main")
    assert "Stop sharing with your school's leadership?" in confirm.get_text()
    form = confirm.find("form", method="post")
    response = client.post(form["action"], {}, follow=True)
    assert not InquiryProgress.objects.get(inquiry=public_inquiry).shared_with_leadership

    undo = BeautifulSoup(response.content, "html.parser").find("form", class_="message__undo")
    fields = {i["name"]: i.get("value", "") for i in undo.find_all("input") if i.get("name")}
    client.post(undo["action"], fields)
    assert InquiryProgress.objects.get(inquiry=public_inquiry).shared_with_leadership
