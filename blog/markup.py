"""Reply bodies: light Markdown in, sanitised HTML out.

What a teacher typed is kept as written (Reply.body) and the HTML made from it
is kept beside it (Reply.body_html), so the rules here can be re-applied to
every reply when they change (`python manage.py rerender_replies`).
"""

from __future__ import annotations

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "a", "code"}
# "*" empties nh3's default generic attributes (lang, title on every tag), so
# the safelist is exactly this: an href on links and nothing else.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# Bare web addresses become links (linkify-it-py finds them); they are then
# sanitised like every other link.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True})
    .enable("linkify")
    .disable(
        [
            "image",
            "heading",
            "lheading",
            "hr",
            "fence",
            "code",
            "html_block",
            "html_inline",
            "table",
        ],
        ignoreInvalid=True,
    )
)
_scheme = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def visible_text(value: str) -> str:
    """The URL with every invisible or control character and all whitespace
    removed — what a browser effectively reads."""
    return "".join(
        ch
        for ch in value
        if not ch.isspace()
        and unicodedata.category(ch) not in {"Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn"}
    )


def safe_href(value: str) -> str | None:
    """Keep a link only if it is http(s), mailto, or a plain relative path.
    nh3 would let `javascript\u200b:` through as a "relative" link, so the
    scheme is checked again here after removing what the eye cannot see."""
    # Browsers read a backslash as a slash (`/\\evil.example` is `//evil.example`).
    cleaned = visible_text(value).replace("\\", "/")
    match = _scheme.match(cleaned)
    if match:
        return (
            value
            if match.group(1).lower() in ALLOWED_SCHEMES and cleaned == value.strip()
            else None
        )
    if ":" in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None
    if cleaned != value.strip() or cleaned.startswith("//"):
        return None  # hidden characters, backslashes, or protocol-relative
    return value


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_href(value)
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


def render(text: str) -> str:
    """Markdown → HTML → sanitised HTML."""
    return sanitise(_markdown.render(text)).strip()
