"""Hostile input: reply bodies are light Markdown turned into a small, safe
subset of HTML. None of these payloads may come out as anything that runs,
loads or hides a script — checked by parsing the output, not by string
matching."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog import markup
from blog.models import Reply

from .conftest import reply_item, reply_pk, thread_soup

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY, RLO = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202e",
)

XSS_PAYLOADS = [
    # Raw markup: script, style, embedded content.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<p onclick='alert(1)'>click</p>",
    "<a href='https://ok.example' onmouseover='alert(1)'>hover</a>",
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    # SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=javascript:alert(1)>click</math>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    # Malformed and unclosed markup.
    "<img src=x onerror=alert(1)",
    '<a href="javascript:alert(1)',
    "<script>alert(1)",
    "<!--<script>alert(1)</script>-->",
    "<!-- --!><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    "<p <script>>x</p>",
    "</p><script>alert(1)</script><p>",
    '<a href="https://ok.example"<img src=x onerror=alert(1)>>x</a>',
    # javascript: links, plain and disguised.
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    f"[click](javascript{ZWSP}:alert(1))",
    f"[click](java{ZWSP}script:alert(1))",
    f"[click](java{ZWNJ}scr{ZWJ}ipt:alert(1))",
    f"[click](java{WJ}script:alert(1))",
    f"[click]({BOM}javascript:alert(1))",
    f"[click](java{SHY}script:alert(1))",
    f"[click]({RLO}javascript:alert(1))",
    f"[click](<java{ZWSP}script:alert(1)>)",
    "[click](java\tscript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](jav&#x0A;ascript:alert(1))",
    "[click](\x01javascript:alert(1))",
    # Entity- and percent-encoded schemes.
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[click](&#0000106avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](%6Aavascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    # Other dangerous schemes.
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:image/svg+xml,<svg onload=alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "[click](blob:https://evil.example/uuid)",
    "![img](javascript:alert(1))",
    "![img](https://evil.example/track.gif)",
    '![img](x "onerror=alert(1)")',
    # Reference links and autolinks.
    "[click][r]\n\n[r]: javascript:alert(1)",
    f"[click][r]\n\n[r]: <java{ZWSP}script:alert(1)> 'onclick=\"alert(1)\"'",
    '<http://ok.example/"onmouseover=alert(1)>',
    "<https://ok.example/'><script>alert(1)</script>>",
    '<mailto:x@example.org?subject="><script>alert(1)</script>>',
    '[click](https://ok.example"><script>alert(1)</script>)',
    "[click](//evil.example)",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[**x**](javascript:alert(1))",
    # Attribute injection through link titles.
    '[click](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    "[click](https://ok.example 'a\" onclick=\"alert(1)')",
    '[click](https://ok.example (a" autofocus onfocus="alert(1)))',
    '[click](https://ok.example "<script>alert(1)</script>")',
    # Markdown-shaped wrappers around the same.
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "**<script>**alert(1)**</script>**",
    "`</code><script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "# <script>alert(1)</script>",
]

FORBIDDEN_ELEMENTS = {
    "script",
    "svg",
    "math",
    "img",
    "iframe",
    "style",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "textarea",
    "meta",
    "base",
    "link",
    "video",
    "audio",
    "source",
    "details",
    "noscript",
    "template",
    "frame",
    "frameset",
    "body",
    "html",
    "head",
}
ALLOWED_ELEMENTS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "a", "code"}
LINK_REL = "nofollow ugc noopener"


class Collect(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def browser_scheme(href: str) -> str:
    """The scheme a browser would act on: it drops tabs and newlines anywhere
    and control characters and spaces at the ends; we go further and drop
    every invisible (format) character too."""
    cleaned = "".join(
        ch for ch in href if ch not in "\t\n\r" and unicodedata.category(ch) not in {"Cf", "Cc"}
    ).strip(" \x00\x1f")
    return urlsplit(cleaned).scheme.lower()


def assert_safe(html: str) -> None:
    parser = Collect()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_ELEMENTS, (tag, html)
        assert tag in ALLOWED_ELEMENTS, (tag, html)
        for name in attrs:
            assert not name.startswith("on"), (tag, name, html)
            assert name not in {"style", "src", "srcdoc", "target", "formaction", "xlink:href"}
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, (attrs, html)
            assert attrs.get("rel") == LINK_REL, html
            if attrs.get("href") is not None:
                href = attrs["href"]
                assert browser_scheme(href) in {"", "http", "https", "mailto"}, (href, html)
                assert not href.replace("\\", "/").lstrip().startswith("//"), (href, html)
        else:
            assert attrs == {}, (tag, attrs, html)
    # The same through a second, independent parser.
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert element.name in ALLOWED_ELEMENTS, (element.name, html)
        assert not any(name.lower().startswith("on") for name in element.attrs)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    assert_safe(markup.render(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_the_sanitiser_alone(payload):
    """The sanitiser is the second wall: even given the payload as raw HTML
    (as if Markdown let it through) nothing dangerous remains."""
    assert_safe(markup.sanitise(payload))


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_markup_is_shown_as_text_not_dropped(payload):
    """What a teacher typed stays readable — as text."""
    rendered = markup.render(payload)
    assert BeautifulSoup(rendered, "html.parser").get_text() == payload


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        f"java{ZWSP}script:alert(1)",
        f"javascript{ZWSP}:alert(1)",
        f"{BOM}javascript:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example",
        "jav\u00adascript:alert(1)",
        f"https://ok.example/{ZWSP}",
        "HTTPS\u200b://ok.example",
    ],
)
def test_safe_href_refuses_disguised_or_foreign_schemes(href):
    assert markup.safe_href(href) is None


@pytest.mark.parametrize(
    "href",
    [
        "https://ok.example/a?b=1#c",
        "http://ok.example",
        "HTTPS://ok.example",
        "mailto:a@b.example",
        "/communities/x/",
        "#reply-3",
        "notes/week-1",
        "?page=2",
    ],
)
def test_safe_href_keeps_ordinary_links(href):
    assert markup.safe_href(href) == href


# --------------------------------------------------------------------------- #
# What is allowed renders
# --------------------------------------------------------------------------- #


def test_light_formatting_renders():
    text = (
        "I tried *hinge questions* and it was **worth it**.\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "> Quoting a colleague\n\n"
        'See [the EEF guide](https://educationendowmentfoundation.org.uk/guide "EEF"), '
        "mail <me@example.org>, use `cold_call()`.\n"
        "Second line of the paragraph."
    )
    soup = BeautifulSoup(markup.render(text), "html.parser")
    assert soup.find("em").get_text() == "hinge questions"
    assert soup.find("strong").get_text() == "worth it"
    assert [li.get_text() for li in soup.find("ul").find_all("li")] == ["one", "two"]
    assert [li.get_text() for li in soup.find("ol").find_all("li")] == ["first", "second"]
    assert soup.find("blockquote").get_text(strip=True) == "Quoting a colleague"
    assert soup.find("code").get_text() == "cold_call()"
    links = soup.find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("https://educationendowmentfoundation.org.uk/guide", "the EEF guide"),
        ("mailto:me@example.org", "me@example.org"),
    ]
    for a in links:
        assert a["rel"] == ["nofollow", "ugc", "noopener"]
        assert "target" not in a.attrs
    assert_safe(str(soup))


def test_headings_images_and_code_blocks_are_not_part_of_light_formatting():
    rendered = markup.render("# Big\n\n![pic](https://ok.example/a.png)\n\n```\ncode\n```")
    soup = BeautifulSoup(rendered, "html.parser")
    assert {el.name for el in soup.find_all(True)} <= ALLOWED_ELEMENTS
    assert soup.find("img") is None and soup.find("h1") is None and soup.find("pre") is None


# --------------------------------------------------------------------------- #
# The same through the site: post the payloads as replies, read the page
# --------------------------------------------------------------------------- #


HTTP_PAYLOADS = [
    "<script>alert('reply')</script>",
    "<img src=x onerror=alert(1)> and <svg onload=alert(1)>",
    f"[click me](java{ZWSP}script:alert(1)) and [me too](javascript:alert(1))",
    "[entity](&#106;avascript:alert(1)) [data](data:text/html,x) [proto](//evil.example)",
    '[title](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
]


def test_payloads_posted_as_replies_render_harmless(
    reflection, no_newcomer_hold, member, facilitator, visit, post_reply, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reply": "100/5m/user"}
    pks = [reply_pk(post_reply(visit(member), reflection, payload)) for payload in HTTP_PAYLOADS]
    # The text is kept exactly as written; the HTML beside it is the safe one.
    assert [Reply.objects.get(pk=pk).body for pk in pks] == HTTP_PAYLOADS

    for viewer in (None, member, facilitator):
        soup = thread_soup(visit(viewer), reflection)
        for pk in pks:
            body = reply_item(soup, pk).find(class_="reply__body", recursive=False)
            assert body is not None
            assert_safe(body.decode_contents())
        # Nothing anywhere in the conversation (forms and buttons included)
        # runs script or links off-site to a script URL.
        assert soup.find("script") is None
        assert soup.find(["svg", "math", "img", "iframe", "style"]) is None
        for element in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in element.attrs), element
        for a in soup.find_all("a", href=True):
            assert browser_scheme(a["href"]) in {"", "http", "https", "mailto"}, a


def test_a_payload_in_a_refused_reply_is_shown_back_as_text(
    reflection, no_newcomer_hold, member, visit, post_reply, settings
):
    """The form that re-shows what was typed (here: too long) escapes it."""
    settings.STAFFROOM_REPLY_MAX_LENGTH = 60
    payload = "</textarea><script>alert(1)</script><img src=x onerror=alert(1)>"
    response = post_reply(visit(member), reflection, payload)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main") or soup
    assert main.find("script") is None and main.find("img") is None
    # Browsers drop the one newline that follows <textarea> (Django's widget
    # writes it); Python's html.parser keeps it.
    shown = main.find("textarea", attrs={"name": "body"}).get_text().removeprefix("\n")
    assert shown == payload


def test_editing_a_reply_applies_the_same_rules(
    reflection, no_newcomer_hold, member, visit, post_reply
):
    pk = reply_pk(post_reply(visit(member), reflection, "Harmless at first."))
    response = visit(member).post(
        reverse("reply_edit", args=[pk]),
        {"body": "[x](javascript:alert(1)) <script>alert(1)</script>"},
    )
    assert response.status_code == 302
    body = reply_item(thread_soup(visit(None), reflection), pk).find(class_="reply__body")
    assert_safe(body.decode_contents())
    assert "<script>alert(1)</script>" in body.get_text()
