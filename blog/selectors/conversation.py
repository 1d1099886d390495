"""Reads for the conversation on any page: counts, the thread as a tree,
appreciations and the facilitators' moderation queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from wagtail.models import Page

from communities.models import CommunityPage
from communities.selectors import (
    AnyUser,
    ReviewItem,
    can_moderate,
    community_for_page,
    pages_awaiting_review,
)

from ..models import Appreciation, AppreciationKind, Reply, ReplyState, Report


def _count(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("page_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_conversation_counts(pages: QuerySet) -> QuerySet:
    """Annotate `reply_count` (published replies, read from the reply rows
    themselves) and `appreciation_count` on any page queryset, with no
    per-row query. Every card, overview and export that shows how many
    replies a page has reads it here."""
    return pages.annotate(
        reply_count=_count(Reply.objects.published().filter(page_id=OuterRef("pk"))),
        appreciation_count=_count(Appreciation.objects.filter(page_id=OuterRef("pk"))),
    )


# --------------------------------------------------------------------------- #
# Threads
# --------------------------------------------------------------------------- #


@dataclass(slots=True)
class ReplyNode:
    """One reply as the thread shows it to one viewer. The selector fills in
    what is shown; the view sets what the viewer may do (the `can_*` flags)
    from blog.services.ConversationRights, so every button the thread shows
    is one its endpoint accepts."""

    reply: Reply
    children: list[ReplyNode] = field(default_factory=list)
    placeholder: bool = False  # removed, kept so its answers stay in place
    in_reply_to: Reply | None = None  # set when shown flat past the depth limit
    in_reply_to_removed: bool = False  # …and that reply shows only as a placeholder
    appreciations: list[tuple[str, str, int]] = field(default_factory=list)  # kind, label, n
    mine: set[str] | frozenset[str] = field(default_factory=set)
    can_answer: bool = False
    can_appreciate: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_report: bool = False
    can_mark_changed_practice: bool = False
    can_approve: bool = False
    can_unhide: bool = False


@dataclass
class ReplyThread:
    roots: list[ReplyNode]
    count: int  # published replies
    community: CommunityPage | None

    def nodes(self) -> Iterator[ReplyNode]:
        """Every node shown, depth first."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def _visible_to(reply: Reply, user: AnyUser, moderator: bool) -> bool:
    if reply.state == ReplyState.PUBLISHED:
        return True
    if reply.state == ReplyState.DELETED:
        return False
    # Awaiting review or hidden: its author and the facilitators see it.
    return moderator or (user.is_authenticated and reply.author_id == user.pk)


THREAD_FIELDS = (
    "page",
    "author",
    "parent",
    "path",
    "depth",
    "kind",
    "body_html",
    "state",
    "moderation_reason",
    "changed_practice_at",
    "created_at",
    "edited_at",
)
THREAD_ATTNAMES = tuple(Reply._meta.get_field(name).attname for name in ("id", *THREAD_FIELDS))


def _instances(model: type[Model], queryset: QuerySet, names: list[str]) -> list:
    """`list(queryset.only(...))` at a third of the cost for a long thread:
    the rows are read as values (with the database's converters) and each
    instance is made without Model.__init__, which walks every field of the
    model for every row. Mirrors Model.from_db (Django 5.2) for a row that
    holds exactly `names` (attnames and annotations): the model's other
    fields are deferred, loaded on first use as with `.only()`."""
    db = queryset.db
    made = []
    for row in queryset.values_list(*names):
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, row, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        made.append(instance)
    return made


def reply_thread(
    *, page: Page, user: AnyUser, community: CommunityPage | None = None
) -> ReplyThread:
    """The whole conversation on a page as a tree, in a fixed number of
    queries whatever its size (one for the replies, one for their
    appreciations counted, the viewer's own among them). Each reply carries
    `author_name` and `author_handle` (its author's profile)."""
    community = community if community is not None else community_for_page(page)
    moderator = bool(community and can_moderate(user, community))
    max_depth = settings.STAFFROOM_REPLY_MAX_DEPTH
    kinds = AppreciationKind.choices
    annotations = {
        "author_name": F("author__profile__display_name"),
        "author_handle": F("author__profile__handle"),
    }
    # Only what the thread shows: the author's name and handle ride along as
    # two columns rather than two more model instances per reply, and the
    # raw text (possibly long) and the form key stay behind.
    replies = _instances(
        Reply,
        Reply.objects.filter(page=page).annotate(**annotations).order_by("path"),
        [*THREAD_ATTNAMES, *annotations],
    )
    # The appreciations, counted per reply and kind, with the viewer's own
    # among them: one small grouped query rather than a grouping of the
    # replies (bodies and all) above.
    counts: dict[tuple[int, str], int] = {}
    mine: dict[int, set[str]] = {}
    if replies:
        appreciated = (
            Appreciation.objects.filter(reply__page=page)
            .order_by()
            .values_list("reply_id", "kind")
            .annotate(
                n=Count("pk"),
                by_me=Count("pk", filter=Q(user=user)) if user.is_authenticated else Value(0),
            )
        )
        for reply_id, kind, n, by_me in appreciated:
            counts[reply_id, kind] = n
            if by_me:
                mine.setdefault(reply_id, set()).add(kind)

    nodes: dict[int, ReplyNode] = {}
    no_one: frozenset[str] = frozenset()
    for reply in replies:
        pk = reply.pk
        nodes[pk] = ReplyNode(
            reply=reply,
            appreciations=[(kind, label, counts.get((pk, kind), 0)) for kind, label in kinds],
            mine=mine.get(pk, no_one),
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
    return ReplyThread(
        roots=roots,
        count=sum(1 for r in replies if r.state == ReplyState.PUBLISHED),
        community=community,
    )


@dataclass
class AppreciationCount:
    kind: str
    label: str
    count: int
    mine: bool


def page_appreciations(*, page: Page, user: AnyUser) -> list[AppreciationCount]:
    """How often each kind of appreciation was given to the page, and which
    the viewer gave."""
    counts = dict(
        Appreciation.objects.filter(page=page).values_list("kind").annotate(n=Count("pk"))
    )
    mine: set[str] = set()
    if user.is_authenticated:
        mine = set(Appreciation.objects.filter(page=page, user=user).values_list("kind", flat=True))
    return [
        AppreciationCount(kind=kind, label=label, count=counts.get(kind, 0), mine=kind in mine)
        for kind, label in AppreciationKind.choices
    ]


# --------------------------------------------------------------------------- #
# Moderation
# --------------------------------------------------------------------------- #


@dataclass
class ModerationQueue:
    pages: list[ReviewItem]
    reports: list[Report]
    awaiting: list[Reply]
    hidden: list[Reply]


def moderation_queue(community: CommunityPage) -> ModerationQueue:
    """What waits for a community's facilitators: pages sent for review,
    open concerns, newcomers' held replies, and recently hidden replies (to
    restore if need be)."""
    in_community = Q(page__path__startswith=community.path)
    return ModerationQueue(
        pages=pages_awaiting_review(community),
        reports=list(
            Report.objects.open()
            .filter(community=community)
            .select_related("reporter__profile", "page", "reply__author__profile")
        ),
        awaiting=list(
            Reply.objects.awaiting_review()
            .filter(in_community)
            .select_related("author__profile", "page")
            .order_by("created_at")
        ),
        hidden=list(
            Reply.objects.filter(in_community, state=ReplyState.HIDDEN)
            .select_related("author__profile", "page")
            .order_by("-created_at")[:50]
        ),
    )
