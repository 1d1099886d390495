"""Template tags that show the conversation on any page — so inquiry and
resource pages show replies without importing `blog` in Python."""

import uuid

from django import template

from ..forms import ReplyForm
from ..selectors import page_appreciations, reflections_by, reply_thread, unread_notification_count
from ..services import can_moderate, can_reply

register = template.Library()


@register.inclusion_tag("blog/includes/thread.html", takes_context=True)
def reply_thread_for(context, page):
    request = context["request"]
    user = request.user
    thread = reply_thread(page=page, user=user)
    community = thread["community"]
    watching = False
    if user.is_authenticated:
        watching = page.watchers.filter(user=user).exists()
    return {
        "request": request,
        "user": user,
        "page": page,
        "thread": thread,
        "max_depth": None,
        "can_reply": can_reply(user, page, community),
        "can_moderate": bool(community and can_moderate(user, community)),
        "is_page_author": user.is_authenticated and page.owner_id == user.pk,
        "form": ReplyForm(initial={"submission_key": uuid.uuid4()}),
        "new_key": uuid.uuid4,
        "watching": watching,
        "community": community,
    }


@register.simple_tag
def fresh_key():
    return uuid.uuid4()


@register.inclusion_tag("blog/includes/appreciation.html", takes_context=True)
def page_appreciation(context, page):
    request = context["request"]
    from communities.selectors import community_for_page, is_active_member

    community = community_for_page(page)
    user = request.user
    return {
        "page": page,
        "user": user,
        "request": request,
        "appreciations": page_appreciations(page=page, user=user),
        "can_appreciate": bool(
            user.is_authenticated
            and community
            and is_active_member(user, community)
            and page.owner_id != user.pk
        ),
    }


@register.inclusion_tag("blog/includes/person_reflections.html", takes_context=True)
def person_reflections(context, person):
    return {
        "person": person,
        "reflections": list(reflections_by(person=person, viewer=context["request"].user)[:20]),
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    return unread_notification_count(request.user) if request else 0
