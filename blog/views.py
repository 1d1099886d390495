"""Thin views for the conversation: read through selectors, write through services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.signing import BadSignature
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from communities import limits
from communities.confirm import Confirmation, confirm_page
from communities.models import CommunityPage, MembershipState, Profile
from communities.selectors import (
    can_moderate,
    can_view_page,
    community_for_page,
    is_active_member,
    viewable_community_ids,
)

from . import services
from .feeds import PersonReflectionsFeed
from .forms import NotificationChoiceForm, ReplyEditForm, ReplyForm, ReportForm
from .models import NotificationLevel, Reply, Report
from .selectors import moderation_queue, notifications_for
from .selectors.notifications import notification_choices
from .tasks import ALL_COMMUNITIES, read_unsubscribe_token


def _viewable_page(request: HttpRequest, page_id: int) -> Page:
    """The page, if this person may view it — otherwise 404, so that even its
    existence does not leak."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not can_view_page(request.user, page):
        raise Http404
    return page


def _viewable_reply(request: HttpRequest, reply_id: int) -> Reply:
    reply = get_object_or_404(Reply.objects.select_related("page", "author__profile"), pk=reply_id)
    if not reply.page.live or not can_view_page(request.user, reply.page):
        raise Http404
    if reply.is_awaiting_review and not _may_see_held(request, reply):
        raise Http404  # a held reply is for its author and the facilitators only
    return reply


def _may_see_held(request: HttpRequest, reply: Reply) -> bool:
    community = community_for_page(reply.page)
    return reply.author_id == request.user.pk or (
        community is not None and can_moderate(request.user, community)
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --------------------------------------------------------------------------- #
# Replies
# --------------------------------------------------------------------------- #


@login_required
def reply_create(request: HttpRequest, page_id: int) -> HttpResponse:
    """POST: post a reply (or an answer to one). GET ?parent=<id>: the reply
    form on a page of its own, quoting the reply being answered — what the
    "Answer" link under each reply opens without JavaScript."""
    page = _viewable_page(request, page_id)
    rights = services.conversation_rights(user=request.user, page=page)
    if request.method == "GET":
        if not rights.can_reply:
            raise PermissionDenied
        parent = get_object_or_404(Reply, pk=_int(request.GET.get("parent")), page=page)
        if not rights.can_answer(parent):
            raise Http404
        form = ReplyForm(
            initial={"parent": parent.pk, "submission_key": uuid.uuid4()}, answering=True
        )
        return render(
            request, "blog/reply_form_page.html", {"page": page, "form": form, "parent": parent}
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ReplyForm(request.POST, answering=bool(request.POST.get("parent")))
    parent = None
    error = None
    status = 400
    if form.is_valid():
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(Reply, pk=form.cleaned_data["parent"], page=page)
        try:
            reply, created = services.reply_post(
                user=request.user,
                page=page,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
                parent=parent,
                submission_key=form.cleaned_data["submission_key"],
                within_limit=limits.gate(request, action="reply"),
            )
        except services.RateLimited as exc:
            error, status = exc.message, 429
        except services.ReplyError as exc:
            error = exc.message
        else:
            if reply.is_awaiting_review:
                messages.info(
                    request,
                    "Thanks — your reply is waiting for a facilitator to approve it. New members' "
                    "first replies are reviewed here; after that they appear at once.",
                )
            elif created:
                messages.success(request, "Your reply is posted.")
            # ?reply= opens the part of a long thread that holds it.
            return redirect(f"{page.url}?reply={reply.pk}#reply-{reply.pk}")
    else:
        error = "Please check your reply."
    # Quote the reply being answered only if everyone may read it: a held or
    # hidden one is for its author and the facilitators.
    quoted = parent if parent is not None and parent.is_published else None
    return render(
        request,
        "blog/reply_form_page.html",
        {"page": page, "form": form, "error": error, "parent": quoted},
        status=status,
    )


@login_required
def reply_edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = _viewable_reply(request, reply_id)
    rights = services.conversation_rights(user=request.user, page=reply.page)
    if not rights.can_delete(reply) or not reply.is_published:
        raise PermissionDenied  # not theirs, or not there to edit
    form = ReplyEditForm(request.POST or None, initial={"body": reply.body})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_edit(user=request.user, reply=reply, body=form.cleaned_data["body"])
        except services.ReplyError as exc:
            error = exc.message
        else:
            messages.success(request, "Your reply is updated.")
            return redirect(f"{reply.page.url}?reply={reply.pk}#reply-{reply.pk}")
    return render(
        request,
        "blog/reply_edit.html",
        {"reply": reply, "form": form, "error": error, "page": reply.page},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def reply_delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = _viewable_reply(request, reply_id)
    services.reply_delete(user=request.user, reply=reply)
    messages.success(request, "Your reply is deleted.")
    return redirect(f"{reply.page.url}#replies")


@require_GET
@login_required
def reply_delete_confirm(request: HttpRequest, reply_id: int) -> HttpResponse:
    """Deleting a reply cannot be undone (its words go), so it is asked first."""
    reply = _viewable_reply(request, reply_id)
    if not services.conversation_rights(user=request.user, page=reply.page).can_delete(reply):
        raise PermissionDenied
    return confirm_page(
        request,
        Confirmation(
            title="Delete your reply?",
            action=reverse("reply_delete", args=[reply.pk]),
            cancel=f"{reply.page.url}#reply-{reply.pk}",
            button="Delete it",
            explanation=[
                "Its words are gone for good. If colleagues answered it, it stays in the "
                "thread as “[deleted]” so their answers still make sense.",
            ],
            quote=reply.body,
        ),
    )


@require_POST
@login_required
def reply_changed_practice(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = _viewable_reply(request, reply_id)
    marked = services.changed_practice_toggle(
        user=request.user, reply=reply, on=_asked_state(request)
    )
    messages.success(
        request,
        f"You told {reply.author.profile} their reply changed your practice."
        if marked
        else "Mark removed.",
    )
    return redirect(f"{reply.page.url}#reply-{reply.pk}")


@require_POST
@login_required
def appreciate(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    reply = page = None
    if request.POST.get("reply"):
        reply = _viewable_reply(request, _int(request.POST["reply"]))
        target_page, anchor = reply.page, f"#reply-{reply.pk}"
    else:
        page = _viewable_page(request, _int(request.POST.get("page")))
        target_page, anchor = page, "#appreciation"
    try:
        services.appreciation_toggle(
            user=request.user, kind=kind, page=page, reply=reply, on=_asked_state(request)
        )
    except services.ReplyError as exc:
        messages.error(request, exc.message)
    return redirect(target_page.url + anchor)


def _asked_state(request: HttpRequest) -> bool | None:
    """What a toggle's button asked for ("on": 1 or 0), so that a double click
    asks twice for one state; None (flip) from an older page."""
    asked = request.POST.get("on") or request.GET.get("on", "")  # a button's formaction
    return {"1": True, "0": False}.get(asked)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


@require_POST
@login_required
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _viewable_page(request, page_id)
    on = services.follow_toggle(user=request.user, page=page, on=_asked_state(request))
    messages.success(
        request, "You'll hear about new replies here." if on else "You no longer follow this page."
    )
    return redirect(page.url + "#replies")


# --------------------------------------------------------------------------- #
# Reports and moderation
# --------------------------------------------------------------------------- #


@login_required
def report(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _viewable_page(request, page_id)
    rights = services.conversation_rights(user=request.user, page=page)
    reply = None
    reply_id = request.POST.get("reply") or request.GET.get("reply")
    if reply_id:
        # Only a published reply can be reported (the form quotes it).
        reply = get_object_or_404(Reply.objects.published(), pk=_int(reply_id), page=page)
    if not (rights.can_report(reply) if reply is not None else rights.can_report_page):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                user=request.user, page=page, reply=reply, reason=form.cleaned_data["reason"]
            )
        except services.ReplyError as exc:
            error = exc.message
        else:
            messages.success(request, "Thank you. The community's facilitators will look at it.")
            return redirect(page.url + (f"#reply-{reply.pk}" if reply else ""))
    return render(
        request,
        "blog/report_form.html",
        {"page": page, "reply": reply, "form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )


def _moderated_community(request: HttpRequest, community_id: int) -> CommunityPage:
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    if not can_moderate(request.user, community):
        if can_view_page(request.user, community) and is_active_member(request.user, community):
            raise PermissionDenied
        raise Http404
    return community


@require_GET
@login_required
def moderation(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _moderated_community(request, community_id)
    queue = moderation_queue(community)
    for item in queue.reports:
        if item.reply is not None:
            item.reply.can_hide = services.conversation_rights(
                user=request.user, page=item.page, community=community
            ).can_hide(item.reply)
    return render(
        request,
        "blog/moderation.html",
        {"community": community, "queue": queue},
    )


@require_POST
@login_required
def reply_moderate(request: HttpRequest, reply_id: int, action: str) -> HttpResponse:
    reply = get_object_or_404(Reply.objects.select_related("page"), pk=reply_id)
    community = community_for_page(reply.page)
    if community is None or (reply.is_awaiting_review and not _may_see_held(request, reply)):
        raise Http404  # to anyone else, a held reply is not there at all
    _moderated_community(request, community.pk)
    try:
        if action == "hide":
            services.reply_hide(
                actor=request.user, reply=reply, reason=request.POST.get("reason", "")
            )
            messages.success(request, "The reply is hidden. Its author can see why.")
        elif action == "unhide":
            services.reply_unhide(actor=request.user, reply=reply)
            messages.success(request, "The reply is visible again.")
        elif action == "approve":
            services.reply_approve(actor=request.user, reply=reply)
            messages.success(request, "The reply is published.")
        else:
            raise Http404
    except services.ReplyError as exc:
        messages.error(request, exc.message)
    return _back(request, reverse("moderation", args=[community.pk]))


@require_POST
@login_required
def report_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    item = get_object_or_404(Report, pk=report_id)
    _moderated_community(request, item.community_id)
    services.report_resolve(actor=request.user, report=item)
    messages.success(request, "The concern is marked as dealt with.")
    return redirect("moderation", community_id=item.community_id)


# --------------------------------------------------------------------------- #
# Notifications
# --------------------------------------------------------------------------- #


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, "All caught up.")
        return redirect("notifications")
    page_obj = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "blog/notifications.html", {"notifications": page_obj})


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    communities = list(
        CommunityPage.objects.live()
        .filter(
            pk__in=viewable_community_ids(request.user),
            memberships__user=request.user,
            memberships__state=MembershipState.ACTIVE,
        )
        .order_by("title")
    )
    if request.method == "POST":
        community = get_object_or_404(
            CommunityPage,
            pk=_int(request.POST.get("community")),
            pk__in=[c.pk for c in communities],
        )
        form = NotificationChoiceForm(request.POST)
        if form.is_valid():
            services.notification_preference_set(
                user=request.user,
                community=community,
                level=form.cleaned_data["level"],
                delivery=form.cleaned_data["delivery"] or None,
            )
            messages.success(request, f"Saved your e-mail settings for {community.title}.")
            return redirect("notification_settings")
        messages.error(request, "Choose one of the options.")
    rows = []
    for c in communities:
        choice = notification_choices(user_ids=[request.user.pk], community=c)[request.user.pk]
        rows.append(
            {
                "community": c,
                "form": NotificationChoiceForm(
                    initial={"level": choice.level, "delivery": choice.delivery},
                    prefix=f"c{c.pk}",
                ),
            }
        )
    return render(request, "blog/notification_settings.html", {"rows": rows})


@csrf_exempt  # mail clients' one-click unsubscribe POSTs without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in: the signed token names the person and the
    community (or every community, from a digest)."""
    try:
        user_id, community_id = read_unsubscribe_token(token)
    except BadSignature as exc:
        raise Http404 from exc
    user = get_object_or_404(get_user_model(), pk=user_id)
    if community_id == ALL_COMMUNITIES:
        community = None
        communities = list(
            CommunityPage.objects.filter(
                memberships__user=user, memberships__state=MembershipState.ACTIVE
            )
        )
    else:
        community = get_object_or_404(CommunityPage, pk=community_id)
        communities = [community]
    done = False
    if request.method == "POST":
        for each in communities:
            services.notification_preference_set(
                user=user, community=each, level=NotificationLevel.NONE
            )
        done = True
    return render(
        request, "blog/unsubscribe.html", {"community": community, "done": done, "token": token}
    )


# --------------------------------------------------------------------------- #
# People
# --------------------------------------------------------------------------- #


@require_GET
def person_feed_subscribe(request: HttpRequest, handle: str) -> HttpResponse:
    profile = get_object_or_404(Profile, handle=handle)
    return render(
        request,
        "blog/subscribe.html",
        {
            "feed_url": request.build_absolute_uri(reverse("person_feed", args=[handle])),
            "what": f"{profile.display_name}'s public reflections",
            "back": profile.get_absolute_url(),
            "back_label": profile.display_name,
        },
    )


def person_feed(request: HttpRequest, handle: str) -> HttpResponse:
    profile = get_object_or_404(Profile, handle=handle)
    return PersonReflectionsFeed()(request, profile=profile)
