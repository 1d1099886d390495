"""Site search: what teachers wrote — pages (reflections, inquiries,
resources, communities, and the rest) and replies — each found only by someone who may
view the page it belongs to, with a snippet and the words highlighted,
exact title matches first, filtered by community and kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import TextChoices
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.models import Page

from blog.models import ReflectionPage, Reply, ResourcePage
from communities.models import CommunityPage
from communities.selectors import AnyUser, pages_visible_to
from inquiries.models import InquiryPage

# Enough to rank and page through; nobody reads past a few pages of results.
MOST_PER_KIND = 200
SNIPPET_LENGTH = 240


class Kind(TextChoices):
    REFLECTIONS = "reflections", "Reflections"
    INQUIRIES = "inquiries", "Inquiries"
    RESOURCES = "resources", "Resources"
    REPLIES = "replies", "Replies"
    COMMUNITIES = "communities", "Communities"


PAGE_KINDS = {
    Kind.REFLECTIONS: ReflectionPage,
    Kind.INQUIRIES: InquiryPage,
    Kind.RESOURCES: ResourcePage,
    Kind.COMMUNITIES: CommunityPage,
}


@dataclass
class SearchHit:
    page: Page  # the page found, or the page a reply is on
    reply: Reply | None
    kind_label: str
    snippet: SafeString  # with the searched-for words marked
    title: str
    exact: bool  # the title is exactly what was searched for

    @property
    def pk(self) -> int:
        return self.page.pk

    @property
    def url(self) -> str:
        return self.page.url + (f"#reply-{self.reply.pk}" if self.reply else "")


def words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query, flags=re.UNICODE) if len(w) > 1]


def highlight(text: str, query: str) -> SafeString:
    """The text, escaped, with the searched-for words marked."""
    escaped = escape(text)
    terms = sorted({escape(w) for w in words(query)}, key=len, reverse=True)
    if not terms:
        return mark_safe(escaped)  # noqa: S308 — escaped just above
    pattern = re.compile("(" + "|".join(re.escape(t) for t in terms) + ")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 — escaped first


def snippet(text: str, query: str) -> SafeString:
    """A window of the text around the first word searched for, cut at word
    boundaries, with the words marked."""
    text = " ".join(text.split())
    lower = text.lower()
    found = [lower.find(w.lower()) for w in words(query) if w.lower() in lower]
    start = max(min(found) - SNIPPET_LENGTH // 3, 0) if found else 0
    window = text[start:]
    if start > 0:
        window = "…" + window.split(" ", 1)[-1]
    return highlight(Truncator(window).chars(SNIPPET_LENGTH), query)


def _page_text(page: Page) -> str:
    for attribute in ("summary", "question", "purpose", "intro", "search_description"):
        value = getattr(page, attribute, "")
        if value:
            return str(value)
    return ""


def search_everything(
    *,
    user: AnyUser,
    query: str,
    kind: str | None = None,
    community: CommunityPage | None = None,
) -> list[SearchHit]:
    """Everything this person may read that matches, best first: exact
    title matches, then the search backend's order (pages before replies
    where they rank alike)."""
    user = user if user is not None else AnonymousUser()
    visible = pages_visible_to(user)
    if community is not None:
        visible = visible.filter(path__startswith=community.path)
    hits: list[SearchHit] = []
    wanted = query.strip().lower()
    if kind != Kind.REPLIES:
        pages = visible
        if kind in PAGE_KINDS:
            pages = pages.type(PAGE_KINDS[kind])
        for page in pages.specific().search(query)[:MOST_PER_KIND]:
            hits.append(
                SearchHit(
                    page=page,
                    reply=None,
                    kind_label=page.specific_class.get_verbose_name().capitalize(),
                    snippet=snippet(_page_text(page), query),
                    title=page.title,
                    exact=page.title.strip().lower() == wanted,
                )
            )
    if kind in (None, Kind.REPLIES):
        replies = (
            Reply.objects.published()
            .filter(page__in=visible.values("pk"))
            .select_related("page", "author__profile")
        )
        for reply in replies.search(query)[:MOST_PER_KIND]:
            author = getattr(reply.author, "profile", None)
            hits.append(
                SearchHit(
                    page=reply.page,
                    reply=reply,
                    kind_label=f"Reply by {author}" if author else "Reply",
                    snippet=snippet(reply.body, query),
                    title=reply.page.title,
                    exact=False,
                )
            )
    # Exact title matches first; otherwise the backend's order, kept.
    return sorted(hits, key=lambda hit: not hit.exact)
