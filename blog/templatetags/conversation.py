"""Template tags that show the conversation on any page — so inquiry and
resource pages show replies without importing `blog` in Python.

They are the view layer of the conversation: they read through the
selectors, ask ConversationRights what this viewer may do, and hand the
templates flags to branch on."""

import uuid

from django import template
from django.utils import timezone

from ..forms import ReplyForm
from ..models import Follow
from ..selectors import page_appreciations, reflections_by, reply_thread
from ..services import conversation_rights

register = template.Library()


@register.inclusion_tag("blog/includes/thread.html", takes_context=True)
def reply_thread_for(context, page):
    request = context["request"]
    user = request.user
    rights = conversation_rights(user=user, page=page)
    thread = reply_thread(page=page, user=user, community=rights.community)
    now = timezone.now()
    for node in thread.nodes():
        reply = node.reply
        node.can_answer = rights.can_answer(reply)
        node.can_appreciate = rights.can_appreciate(reply)
        node.can_edit = rights.can_edit(reply, now=now)
        node.can_delete = rights.can_delete(reply)
        node.can_report = rights.can_report(reply)
        node.can_mark_changed_practice = rights.can_mark_changed_practice(reply)
        node.can_approve = rights.can_approve(reply)
        node.can_unhide = rights.can_unhide(reply)
    return {
        "request": request,
        "user": user,
        "page": page,
        "thread": thread,
        "rights": rights,
        "following": rights.can_follow and Follow.objects.filter(user=user, page=page).exists(),
        "form": ReplyForm(initial={"submission_key": uuid.uuid4()}) if rights.can_reply else None,
        "community": rights.community,
    }


@register.inclusion_tag("blog/includes/appreciation.html", takes_context=True)
def page_appreciation(context, page):
    request = context["request"]
    rights = conversation_rights(user=request.user, page=page)
    return {
        "page": page,
        "appreciations": page_appreciations(page=page, user=request.user),
        "can_appreciate": rights.can_appreciate_page,
        "can_report": rights.can_report_page,
    }


@register.inclusion_tag("blog/includes/person_reflections.html", takes_context=True)
def person_reflections(context, person):
    return {
        "person": person,
        "reflections": list(reflections_by(person=person, viewer=context["request"].user)[:20]),
    }
