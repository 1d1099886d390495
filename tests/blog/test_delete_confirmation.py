"""Deleting a reply asks first, quoting it; only its author gets the page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog.models import Reply, ReplyState

from .conftest import reply_item, reply_pk, thread_soup

pytestmark = pytest.mark.django_db


def test_deleting_a_reply_asks_first(
    reflection, no_newcomer_hold, member, colleague, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "A regrettable remark."))
    link = reply_item(thread_soup(visit(member), reflection), pk).find("a", string="Delete")
    assert link["href"] == reverse("reply_delete_confirm", args=[pk])
    assert visit(colleague).get(link["href"]).status_code == 403
    page = visit(member).get(link["href"])
    assert page.status_code == 200
    main = BeautifulSoup(page.content, "html.parser").find("main")
    assert "A regrettable remark." in main.find("blockquote").get_text()
    form = main.find("form", method="post")
    assert form["action"] == reverse("reply_delete", args=[pk])
    assert Reply.objects.get(pk=pk).state == ReplyState.PUBLISHED  # nothing yet
    visit(member).post(form["action"])
    assert Reply.objects.get(pk=pk).state == ReplyState.DELETED
