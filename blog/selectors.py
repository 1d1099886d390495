"""Reads for reflections and conversations, always through who may see what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page

from communities.models import CommunityPage, Profile
from communities.selectors import (
    AnyUser,
    can_view_page,
    community_for_page,
    is_active_member,
    is_facilitator,
    pages_visible_to,
)

from .models import (
    Appreciation,
    AppreciationKind,
    Notification,
    NotificationLevel,
    NotificationPreference,
    ReflectionIndexPage,
    ReflectionPage,
    Reply,
    ReplyState,
    Report,
    Watch,
)


def _count(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("page_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_conversation_counts(pages: QuerySet) -> QuerySet:
    """Annotate reply_count and appreciation_count (no per-row query)."""
    return pages.annotate(
        reply_count=_count(Reply.objects.published().filter(page_id=OuterRef("pk"))),
        appreciation_count=_count(Appreciation.objects.filter(page_id=OuterRef("pk"))),
    )


def reflection_listing(*, index: ReflectionIndexPage, tag: str | None = None) -> QuerySet:
    reflections = (
        ReflectionPage.objects.live()
        .child_of(index)
        .select_related("owner__profile")
        .prefetch_related("tags")
        .defer_streamfields()
    )
    if tag:
        reflections = reflections.filter(tags__slug=tag)
    return with_conversation_counts(reflections).order_by("-date", "-first_published_at", "-pk")


def reflection_index_context(*, index: ReflectionIndexPage, request) -> dict[str, Any]:
    tag = request.GET.get("tag") or None
    page_obj = Paginator(reflection_listing(index=index, tag=tag), 12).get_page(
        request.GET.get("page")
    )
    community = index.get_parent().specific
    tags = (
        ReflectionPage.tags.through.tag_model()
        .objects.filter(
            blog_reflectionpagetag_items__content_object__path__startswith=index.path,
            blog_reflectionpagetag_items__content_object__live=True,
        )
        .annotate(n=Count("blog_reflectionpagetag_items"))
        .order_by("-n", "name")[:20]
    )
    from urllib.parse import urlencode

    return {
        "reflections": page_obj,
        "tag": tag,
        "extra_query": urlencode({"tag": tag}) if tag else "",
        "tags": tags,
        "community": community,
        "can_write": is_active_member(request.user, community),
    }


def reflections_by(*, person: Profile, viewer: AnyUser) -> QuerySet:
    """A person's reflections, in the communities this viewer may see."""
    reflections = ReflectionPage.objects.live().filter(owner=person.user)
    reflections = pages_visible_to(viewer, reflections).select_related("owner__profile")
    return with_conversation_counts(reflections.defer_streamfields()).order_by(
        "-date", "-first_published_at", "-pk"
    )


def public_reflections(queryset: QuerySet | None = None) -> QuerySet:
    """Reflections anyone may read — what feeds publish."""
    from django.contrib.auth.models import AnonymousUser

    queryset = ReflectionPage.objects.all() if queryset is None else queryset
    # .public() also leaves out a page given its own privacy setting in the
    # editor (a password, say), which is not public whatever its community.
    return pages_visible_to(AnonymousUser(), queryset).public().select_related("owner__profile")


# --------------------------------------------------------------------------- #
# Threads
# --------------------------------------------------------------------------- #


@dataclass
class ReplyNode:
    reply: Reply
    children: list[ReplyNode] = field(default_factory=list)
    placeholder: bool = False  # removed, kept so its answers stay in place
    in_reply_to: Reply | None = None  # set when shown flat past the depth limit
    in_reply_to_removed: bool = False  # …and that reply shows only as a placeholder
    appreciations: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    can_edit: bool = False


def _visible_to(reply: Reply, user: AnyUser, moderator: bool) -> bool:
    if reply.state == ReplyState.PUBLISHED:
        return True
    if reply.state == ReplyState.DELETED:
        return False
    # Awaiting review or hidden: its author and the facilitators see it.
    return moderator or (user.is_authenticated and reply.author_id == user.pk)


def reply_thread(
    *, page: Page, user: AnyUser, community: CommunityPage | None = None
) -> dict[str, Any]:
    """The whole conversation on a page as a tree, in a fixed number of
    queries whatever its size (one for the replies with their appreciation
    counts, one for the viewer's own appreciations)."""
    from django.utils import timezone

    community = community if community is not None else community_for_page(page)
    moderator = bool(
        user.is_authenticated
        and (user.is_superuser or (community and is_facilitator(user, community)))
    )
    max_depth = settings.STAFFROOM_REPLY_MAX_DEPTH
    edit_window = settings.STAFFROOM_REPLY_EDIT_WINDOW
    kinds = AppreciationKind.values
    replies = list(
        Reply.objects.filter(page=page)
        .select_related("author__profile")
        .annotate(
            **{
                f"n_{kind}": Count("appreciations", filter=Q(appreciations__kind=kind))
                for kind in kinds
            }
        )
        .order_by("path")
    )
    mine: dict[int, set[str]] = {}
    if user.is_authenticated and replies:
        for reply_id, kind in Appreciation.objects.filter(user=user, reply__page=page).values_list(
            "reply_id", "kind"
        ):
            mine.setdefault(reply_id, set()).add(kind)

    now = timezone.now()
    nodes: dict[int, ReplyNode] = {}
    for reply in replies:
        nodes[reply.pk] = ReplyNode(
            reply=reply,
            appreciations={kind: getattr(reply, f"n_{kind}") for kind in kinds},
            mine=mine.get(reply.pk, set()),
            can_edit=(
                user.is_authenticated
                and reply.author_id == user.pk
                and reply.is_published
                and now - reply.created_at <= edit_window
            ),
        )

    # Decide bottom-up what is shown: a reply the viewer may not see stays as
    # a placeholder only when something below it is shown.
    shown: dict[int, bool] = {}
    for reply in reversed(replies):
        node = nodes[reply.pk]
        if _visible_to(reply, user, moderator):
            shown[reply.pk] = True
        elif shown.get(reply.pk):  # a descendant marked it
            node.placeholder = True
        if shown.get(reply.pk) and reply.parent_id:
            shown[reply.parent_id] = True

    roots: list[ReplyNode] = []
    for reply in replies:
        if not shown.get(reply.pk):
            continue
        node = nodes[reply.pk]
        if reply.parent_id is None:
            roots.append(node)
            continue
        parent = nodes[reply.parent_id]
        if reply.depth > max_depth:
            # Past the depth limit answers line up under the deepest level.
            anchor = parent
            while anchor.reply.depth > max_depth:
                anchor = nodes[anchor.reply.parent_id]
            node.in_reply_to = parent.reply
            node.in_reply_to_removed = parent.placeholder
            anchor.children.append(node)
        else:
            parent.children.append(node)
    return {
        "roots": roots,
        "count": sum(1 for r in replies if r.state == ReplyState.PUBLISHED),
        "moderator": moderator,
        "community": community,
    }


def page_appreciations(*, page: Page, user: AnyUser) -> dict[str, Any]:
    counts = dict(
        Appreciation.objects.filter(page=page).values_list("kind").annotate(n=Count("pk"))
    )
    mine = set()
    if user.is_authenticated:
        mine = set(Appreciation.objects.filter(page=page, user=user).values_list("kind", flat=True))
    return {
        "items": [
            {"kind": kind, "label": label, "count": counts.get(kind, 0), "mine": kind in mine}
            for kind, label in AppreciationKind.choices
        ]
    }


# --------------------------------------------------------------------------- #
# Notifications and moderation
# --------------------------------------------------------------------------- #


def notification_level(user, community: CommunityPage) -> str:
    preference = NotificationPreference.objects.filter(user=user, community=community).first()
    return preference.level if preference else NotificationLevel.REPLIES


def reply_notification_recipients(reply: Reply, community: CommunityPage) -> dict[int, str]:
    """Who hears about a new published reply, and why: the page's author,
    the author of the reply answered, and people following the page — each
    only if they may view the page, never the reply's own author, and as
    their per-community preference allows."""
    from django.contrib.auth import get_user_model

    page = reply.page
    candidates: dict[int, str] = {}
    for user_id in Watch.objects.filter(page=page).values_list("user_id", flat=True):
        candidates[user_id] = "watch"
    if page.owner_id:
        candidates[page.owner_id] = "page"
    if reply.parent_id and reply.parent.author_id:
        candidates[reply.parent.author_id] = "reply"
    candidates.pop(reply.author_id, None)
    if not candidates:
        return {}
    users = get_user_model().objects.filter(pk__in=candidates, is_active=True)
    levels = dict(
        NotificationPreference.objects.filter(user__in=users, community=community).values_list(
            "user_id", "level"
        )
    )
    recipients = {}
    for user in users:
        level = levels.get(user.pk, NotificationLevel.REPLIES)
        reason = candidates[user.pk]
        if level == NotificationLevel.NONE:
            continue
        if reason == "watch" and level != NotificationLevel.ALL:
            continue
        if not can_view_page(user, page, community):
            continue
        recipients[user.pk] = reason
    return recipients


def unread_notification_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    # Counted from the same list the notifications page shows, so the header
    # never counts one about a page the person can no longer see.
    return notifications_for(user).filter(read_at__isnull=True).count()


def notifications_for(user) -> QuerySet:
    """The viewer's notifications, dropping any whose page they can no longer see."""
    notifications = Notification.objects.filter(recipient=user).select_related(
        "actor__profile", "page", "reply"
    )
    visible = pages_visible_to(user).values("pk")
    return notifications.filter(page__in=visible)


def moderation_queue(community: CommunityPage) -> dict[str, Any]:
    return {
        "reports": list(
            Report.objects.open()
            .filter(community=community)
            .select_related("reporter__profile", "page", "reply__author__profile")
        ),
        "awaiting": list(
            Reply.objects.awaiting_review()
            .filter(page__path__startswith=community.path)
            .select_related("author__profile", "page")
            .order_by("created_at")
        ),
        "hidden": list(
            Reply.objects.filter(state=ReplyState.HIDDEN, page__path__startswith=community.path)
            .select_related("author__profile", "page")
            .order_by("-created_at")[:50]
        ),
    }
