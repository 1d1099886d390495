"""Template tags that show the conversation on any page — so inquiry and
resource pages show replies without importing `blog` in Python.

They are the view layer of the conversation: they read through the
selectors, ask ConversationRights what this viewer may do, and hand the
templates flags to branch on."""

import uuid
from dataclasses import dataclass

from django import forms, template
from django.conf import settings
from django.middleware.csrf import get_token
from django.utils import timezone

from communities.forms import FilterForm

from ..forms import ReplyForm
from ..models import Follow
from ..rendering import ThreadRenderer
from ..selectors import page_appreciations, reflections_by, reply_thread
from ..services import conversation_rights

register = template.Library()


class ThreadPageForm(FilterForm):
    """Which part of a long thread to show: `?replies=2` is the second page of
    top-level replies (with all their answers); `?reply=<id>` is the page that
    holds that reply (where a "your reply is posted" redirect lands)."""

    replies = forms.IntegerField(required=False, min_value=1)
    reply = forms.IntegerField(required=False, min_value=1)


@dataclass
class ThreadPage:
    number: int
    count: int  # pages
    first: int  # the first and last top-level reply shown, counting from 1
    last: int
    roots: int  # top-level replies in all

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def _page_of_thread(roots: list, query) -> tuple[list, ThreadPage | None]:
    """A thread of up to STAFFROOM_THREAD_SHOWN_WHOLE replies shows whole;
    a longer one STAFFROOM_THREAD_PAGE_SIZE top-level replies at a time."""
    shown = 0
    for root in roots:
        stack = [root]
        while stack:
            node = stack.pop()
            shown += 1
            stack.extend(node.children)
    if shown <= settings.STAFFROOM_THREAD_SHOWN_WHOLE:
        return roots, None
    size = settings.STAFFROOM_THREAD_PAGE_SIZE
    pages = (len(roots) + size - 1) // size
    form = ThreadPageForm(query)
    number = form.value("replies") or 1
    wanted = form.value("reply")
    if wanted is not None:
        for index, root in enumerate(roots):
            stack = [root]
            while stack:
                node = stack.pop()
                if node.reply.pk == wanted:
                    number = index // size + 1
                    stack = []
                    break
                stack.extend(node.children)
            else:
                continue
            break
    number = min(number, pages)
    start = (number - 1) * size
    chosen = roots[start : start + size]
    return chosen, ThreadPage(
        number=number, count=pages, first=start + 1, last=start + len(chosen), roots=len(roots)
    )


def _unwrapped(user):
    """request.user is a lazy proxy whose every attribute read goes through a
    wrapper; the rights are asked about each reply of a long thread, so they
    get the user itself."""
    user.is_authenticated  # noqa: B018 — evaluates the proxy
    return getattr(user, "_wrapped", user)


@register.inclusion_tag("blog/includes/thread.html", takes_context=True)
def reply_thread_for(context, page):
    request = context["request"]
    user = _unwrapped(request.user)
    rights = conversation_rights(user=user, page=page)
    thread = reply_thread(page=page, user=user, community=rights.community)
    roots, thread_page = _page_of_thread(thread.roots, request.GET)
    now = timezone.now()
    # What the rights read of a colleague's reply is its state and its
    # author, so one answer serves every reply alike; the viewer's own
    # replies are asked one by one (each has its own edit window).
    asked: dict[tuple, tuple] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        reply = node.reply
        key = (reply.state, reply.author_id)
        flags = None if reply.author_id == user.pk else asked.get(key)
        if flags is None:
            flags = asked[key] = (
                rights.can_answer(reply),
                rights.can_appreciate(reply),
                rights.can_edit(reply, now=now),
                rights.can_delete(reply),
                rights.can_report(reply),
                rights.can_mark_changed_practice(reply),
                rights.can_approve(reply),
                rights.can_unhide(reply),
            )
        (
            node.can_answer,
            node.can_appreciate,
            node.can_edit,
            node.can_delete,
            node.can_report,
            node.can_mark_changed_practice,
            node.can_approve,
            node.can_unhide,
        ) = flags
    renderer = ThreadRenderer(
        page=page,
        # Only a viewer who is offered a form needs the token (and an
        # anonymous page stays free of it, so it can be cached).
        csrf_token=get_token(request) if user.is_authenticated else None,
    )
    return {
        "request": request,
        "user": user,
        "page": page,
        "thread": thread,
        "replies_html": renderer.render(roots),
        "thread_page": thread_page,
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
