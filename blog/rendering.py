"""Drawing a reply thread so that a long conversation costs almost nothing
per reply.

A lively thread is the success case, so each reply is split in two:

- what is the same for everyone who may see it (author, kind, badges, the
  sanitised body) is rendered once from `blog/includes/reply_content.html`
  and kept under a key made from everything it shows (the reply's id, its
  fields, its author's name and FRAGMENT_VERSION). A changed reply gets a
  new key, so a kept fragment is never stale and nothing has to be
  invalidated; each process keeps its own copy (FragmentStore).
- what differs per viewer or per minute (the relative time, "answering …",
  the appreciation chips and every control) is put together here from the
  `can_*` flags that the template tag set from ConversationRights, with the
  URLs reversed once per process rather than once per reply.

Ids are written with str(), never localised ("1,234" would break anchors
and forms). The markup is the one the thread has always had (tests/blog and
site/static/js/thread.js read it): one appreciation form per reply whose
buttons carry the kind, and an "Answer" link that the page's one reply
form moves to (without JavaScript it opens the reply form on its own page).
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from html import escape as _escape

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from communities.templatetags.staffroom_time import ago

from .selectors import ReplyNode

# Bump when reply_content.html or what it is given changes.
FRAGMENT_VERSION = "1"

_AGO = "<!--ago-->"
_META = "<!--meta-->"
_CHANGED = "<!--changed-->"
_SENTINEL = 987654321  # an id no URL pattern can mistake for part of itself


@lru_cache(maxsize=64)
def _url(name: str, *args) -> tuple[str, str]:
    """(before, after) the reply's id in the URL `name`, reversed once."""
    url = reverse(name, args=[_SENTINEL, *args])
    before, _, after = url.partition(str(_SENTINEL))
    return before, after


@lru_cache(maxsize=16)
def _label(label) -> str:
    """An appreciation's label, escaped once per process (a long thread
    shows it three times per reply). The standard library's escape, which
    Django's wraps: the same text without its lazy-string checks."""
    return _escape(str(label))


def _reply_url(name: str, pk: str, *args) -> str:
    before, after = _url(name, *args)
    return f"{before}{pk}{after}"


def fragment_key(reply) -> tuple:
    """Everything a reply's shared fragment shows, as read by
    selectors.reply_thread (with its author's name and handle): a reply that
    changes in any of it gets a new key."""
    return (
        FRAGMENT_VERSION,
        reply.pk,
        reply.state,
        reply.kind,
        reply.created_at,
        reply.edited_at,
        reply.moderation_reason,
        reply.author_name,
        reply.author_handle,
        reply.body_html,
    )


def _render_fragment(reply) -> tuple[str, str, str, str]:
    html = render_to_string("blog/includes/reply_content.html", {"reply": reply})
    head, _, rest = html.partition(_AGO)
    meta, _, rest = rest.partition(_META)
    middle, _, body = rest.partition(_CHANGED)
    return head.lstrip(), meta, middle, body


class FragmentStore:
    """The rendered fragments, kept in the process: a key names its content
    exactly, so a kept fragment is never stale and nothing is invalidated —
    another process or server simply renders its own copy once. A plain dict
    (no pickling, no key checks) because a long thread asks for hundreds at
    a time; bounded, it forgets the older half when full."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[tuple, tuple[str, str, str, str]] = {}

    def get(self, reply) -> tuple[str, str, str, str]:
        key = fragment_key(reply)
        found = self.items.get(key)
        if found is None:
            found = _render_fragment(reply)
            if len(self.items) >= self.size:
                for old in list(self.items)[: self.size // 2]:
                    self.items.pop(old, None)
            self.items[key] = found
        return found

    def clear(self) -> None:
        self.items.clear()


store = FragmentStore(settings.STAFFROOM_REPLY_FRAGMENTS_KEPT)


class ThreadRenderer:
    """Renders the nodes of one page's thread for one viewer."""

    def __init__(self, *, page, csrf_token: str | None) -> None:
        self.page = page
        self.page_pk = str(page.pk)
        self.csrf_input = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            if csrf_token
            else ""
        )
        self.appreciate_url = reverse("appreciate")
        self.parts: dict[int, tuple[str, str, str, str]] = {}

    @cached_property
    def changed_line(self) -> str:
        # Read only when a shown reply changed the author's practice.
        owner = self.page.owner
        profile = getattr(owner, "profile", None) if owner is not None else None
        name = conditional_escape(profile.display_name if profile else "")
        return f'<p class="reply__changed">★ This changed {name}\'s practice</p>'

    @cached_property
    def page_url(self) -> str:
        return escape(self.page.url or "")

    def render(self, roots: list[ReplyNode]) -> SafeString:
        nodes = []
        stack = list(roots)
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(node.children)
        self.parts = {
            node.reply.pk: store.get(node.reply) for node in nodes if not node.placeholder
        }
        out: list[str] = []
        for node in roots:
            self._node(node, out)
        return mark_safe("".join(out))  # noqa: S308 — every piece is escaped or sanitised

    def _node(self, node: ReplyNode, out: list[str]) -> None:
        reply = node.reply
        pk = str(reply.pk)
        classes = "reply"
        if node.placeholder:
            classes += " reply--placeholder"
        classes += f" reply--{reply.state}"
        if reply.changed_practice_at is not None and not node.placeholder:
            classes += " reply--changed"
        out.append(f'<li class="{classes}" id="reply-{pk}">')
        if node.placeholder:
            removed = "[deleted]" if reply.is_deleted else "[hidden by a facilitator]"
            out.append(f'<p class="reply__removed">{removed}</p>')
        else:
            head, meta, middle, body = self.parts[reply.pk]
            out.append(head)
            out.append(_escape(ago(reply.created_at)))
            out.append(meta)
            if node.in_reply_to is not None:
                if node.in_reply_to_removed:
                    whom = "a removed reply"
                else:
                    whom = conditional_escape(node.in_reply_to.author_name)
                out.append(f'<span class="muted">· answering {whom}</span>')
            out.append(middle)
            if reply.changed_practice_at is not None:
                out.append(self.changed_line)
            out.append(body)
            out.append('<div class="reply__actions">')
            self._actions(node, pk, out)
            out.append("</div>")
        if node.children:
            out.append('<ol class="replies replies--nested">')
            for child in node.children:
                self._node(child, out)
            out.append("</ol>")
        out.append("</li>")

    def _form(self, action: str, inner: str) -> str:
        return (
            f'<form method="post" action="{action}" class="inline-form">'
            f"{self.csrf_input}{inner}</form>"
        )

    def _actions(self, node: ReplyNode, pk: str, out: list[str]) -> None:
        reply = node.reply
        if node.can_appreciate:
            buttons = []
            for kind, label, count in node.appreciations:
                on = kind in node.mine
                label = _label(label)
                # formaction names the state asked for, so a double click asks twice for it.
                buttons.append(
                    f'<button type="submit" name="kind" value="{kind}" '
                    f'formaction="{self.appreciate_url}?on={0 if on else 1}" '
                    f'class="chip{" chip--on" if on else ""}" '
                    f'aria-pressed="{"true" if on else "false"}">'
                    f"{label}{f' · {count}' if count else ''}</button>"
                )
            out.append(
                self._form(
                    self.appreciate_url,
                    f'<input type="hidden" name="reply" value="{pk}">{"".join(buttons)}',
                )
            )
        else:
            for _kind, label, count in node.appreciations:
                if count:
                    out.append(f'<span class="chip chip--static">{_label(label)} · {count}</span>')
        if node.can_mark_changed_practice:
            on = reply.changed_practice_at is not None
            out.append(
                self._form(
                    _reply_url("reply_changed_practice", pk),
                    f'<button type="submit" name="on" value="{0 if on else 1}" '
                    f'class="chip{" chip--on" if on else ""}" '
                    f'aria-pressed="{"true" if on else "false"}">This changed my practice</button>',
                )
            )
        if node.can_answer:
            create_before, create_after = _url("reply_create")
            out.append(
                f'<a class="chip chip--link" href="{create_before}{self.page_pk}{create_after}'
                f'?parent={pk}" data-answer="{pk}">Answer</a>'
            )
        if node.can_edit:
            out.append(f'<a class="chip chip--link" href="{_reply_url("reply_edit", pk)}">Edit</a>')
        if node.can_delete:
            out.append(
                f'<a class="chip chip--danger" href="{_reply_url("reply_delete_confirm", pk)}">'
                "Delete</a>"
            )
        if node.can_report:
            report_before, report_after = _url("report")
            out.append(
                f'<a class="chip chip--link" href="{report_before}{self.page_pk}{report_after}'
                f'?reply={pk}">Report a concern</a>'
            )
        if node.can_approve or node.can_unhide:
            action = "approve" if node.can_approve else "unhide"
            out.append(
                self._form(
                    _reply_url("reply_moderate", pk, action),
                    f'<input type="hidden" name="next" value="{self.page_url}#reply-{pk}">'
                    f'<button type="submit" class="chip">{action.capitalize()}</button>',
                )
            )
