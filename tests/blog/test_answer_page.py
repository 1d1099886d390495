"""Answering a reply without JavaScript: "Answer" under a reply opens the
reply form on a page of its own, quoting what is answered; posting it puts
the answer under that reply. Only a reply that may be answered gets one."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import services
from blog.models import Reply

from .conftest import child_items, reply_item, reply_pk, thread_soup

pytestmark = pytest.mark.django_db


def test_the_answer_link_opens_a_form_that_answers_that_reply(
    reflection, no_newcomer_hold, facilitator, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(facilitator), reflection, "Has anyone tried this in Year 7?"))
    link = reply_item(thread_soup(visit(member), reflection), pk).find("a", string="Answer")
    assert link["href"] == reverse("reply_create", args=[reflection.pk]) + f"?parent={pk}"

    page = visit(member).get(link["href"])
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Has anyone tried this in Year 7?" in soup.find("blockquote").get_text()
    form = soup.find("main").find("form", method="post")
    assert form.find("label", string="Your answer") is not None
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    assert fields["parent"] == str(pk)
    assert form.find("textarea")["maxlength"] == "20000"

    fields["body"], fields["kind"] = "Yes, in pairs.", "comment"
    answer = reply_pk(visit(member).post(form["action"], fields))
    assert Reply.objects.get(pk=answer).parent_id == pk
    item = reply_item(thread_soup(visit(member), reflection), pk)
    assert [li["id"] for li in child_items(item)] == [f"reply-{answer}"]


def test_no_answer_page_for_a_reply_that_may_not_be_answered(
    reflection,
    private_reflection,
    no_newcomer_hold,
    facilitator,
    member,
    outsider,
    visit,
    post_reply,
):
    pk = reply_pk(post_reply(visit(member), reflection, "A thought."))
    url = reverse("reply_create", args=[reflection.pk]) + f"?parent={pk}"
    # Not a member: may read, may not answer.
    assert visit(outsider).get(url).status_code == 403
    # Signed out: sent to sign in.
    assert reverse("account_login") in visit(None).get(url)["Location"]
    # A hidden reply can no longer be answered.
    services.reply_hide(actor=facilitator, reply=Reply.objects.get(pk=pk), reason="Off topic.")
    assert visit(facilitator).get(url).status_code == 404
    # A members-only page does not exist for an outsider.
    private_pk = reply_pk(post_reply(visit(member), private_reflection, "Inside."))
    private_url = reverse("reply_create", args=[private_reflection.pk]) + f"?parent={private_pk}"
    assert visit(outsider).get(private_url).status_code == 404
    # A reply from another page is not answered here.
    assert (
        visit(member)
        .get(reverse("reply_create", args=[reflection.pk]) + f"?parent={private_pk}")
        .status_code
        == 404
    )
