"""Every HTML response carries the Content-Security-Policy, and nothing the
site renders needs more than it allows: no inline script without the
response's nonce, no inline style or style attribute, no inline event
handler. The editor (/admin/) has its own policy (settings, staffroom.csp);
the browser tests fail on any violation a real page reports (tests/e2e)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import render_to_string

from blog import factories as blog_factories

HEADER = "Content-Security-Policy"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response) -> dict[str, list[str]]:
    assert HEADER in response, f"no {HEADER} on {response.request['PATH_INFO']}"
    policy = {}
    for part in response[HEADER].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_site_policy(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response[HEADER]
    assert "'unsafe-eval'" not in response[HEADER]


def assert_nothing_inline_without_the_nonce(response) -> None:
    """Every inline script carries the nonce the header names; no inline
    style, style attribute or event handler (the policy refuses them all)."""
    soup = BeautifulSoup(response.content, "html.parser")
    nonces = NONCE.findall(response[HEADER])
    for script in soup.find_all("script"):
        if script.get("src") or script.get("type") in {"application/json", "text/template"}:
            continue
        assert script.get("nonce") in nonces, f"inline script without the nonce: {script}"
    assert not soup.find_all("style"), "inline <style>"
    # Inside <template> (Wagtail's user bar) counts too: it is stamped into the page.
    for element in soup.find_all(True):
        assert "style" not in element.attrs, f"style attribute: {element}"
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"inline event handler: {element}"


@pytest.fixture
def reflection(open_community, facilitator):
    return blog_factories.reflection(
        index=blog_factories.reflection_index(open_community),
        author=facilitator,
        title="Hinge questions in Year 9",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "where",
    [
        "/",
        "/communities/",
        "community",
        "reflection",
        "/search/?q=hinge",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ],
)
def test_every_page_a_visitor_sees_carries_the_policy(client, where, open_community, reflection):
    url = {"community": open_community.url, "reflection": reflection.url}.get(where, where)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_site_policy(response)
    assert_nothing_inline_without_the_nonce(response)


@pytest.mark.django_db
def test_a_members_pages_carry_the_policy(client, member, facilitator, open_community, reflection):
    client.force_login(facilitator)  # the author: the page shows the editor's user bar
    for url in [reflection.url, open_community.url, "/my/work/", "/notifications/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)
        assert_nothing_inline_without_the_nonce(response)
    assert b"wagtail-userbar" in client.get(reflection.url).content


@pytest.mark.django_db
def test_error_pages_carry_the_policy(client, member):
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_site_policy(not_found)
    assert_nothing_inline_without_the_nonce(not_found)

    # A tampered image address is refused (communities.views.image_serve).
    forbidden = client.get("/images/not-a-signature/1/original/")
    assert forbidden.status_code == 403
    assert_site_policy(forbidden)
    assert_nothing_inline_without_the_nonce(forbidden)


def test_the_server_error_page_has_nothing_inline():
    """500.html is rendered with no request (so no nonce): its styles are a file."""
    soup = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert not soup.find_all("style")
    assert not soup.find_all("script")
    assert not [e for e in soup.find_all(True) if "style" in e.attrs]
    assert soup.find("link", rel="stylesheet")["href"].endswith("css/error.css")


@pytest.mark.django_db
def test_the_editor_has_its_own_policy_and_no_other(client, admin_user, reflection):
    client.force_login(admin_user)
    for url in [
        "/admin/",
        f"/admin/pages/{reflection.get_parent().pk}/",
        f"/admin/pages/{reflection.pk}/edit/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # no nonce: it would
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # switch unsafe-inline off
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]  # the preview panel
        assert policy["form-action"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_an_inline_script_runs_by_this_responses_nonce_and_is_never_cached(
    client, settings, open_community
):
    settings.ROOT_URLCONF = "tests.staffroom.csp_urls"
    settings.STAFFROOM_PAGE_CACHE = True
    seen = []
    for _ in range(2):
        response = client.get("/inline-script/")
        assert response.status_code == 200
        assert_site_policy(response)
        assert_nothing_inline_without_the_nonce(response)
        (nonce,) = NONCE.findall(response[HEADER])
        script = BeautifulSoup(response.content, "html.parser").find("script")
        assert script["nonce"] == nonce
        assert response.get("X-Staffroom-Cache") != "hit"
        seen.append(nonce)
    assert seen[0] != seen[1]


@pytest.mark.django_db
def test_a_cached_page_gets_its_policy_as_it_leaves(client, settings, open_community):
    settings.STAFFROOM_PAGE_CACHE = True
    client.get(open_community.url)
    hit = client.get(open_community.url)
    assert hit["X-Staffroom-Cache"] == "hit"
    assert_site_policy(hit)


def test_an_embedded_video_keeps_its_shape_without_a_style_attribute():
    embed = SimpleNamespace(
        is_responsive=True,
        ratio_css="56.25%",
        html='<iframe src="https://www.youtube.com/embed/x" width="200" height="113"></iframe>',
    )
    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
    wrapper = BeautifulSoup(html, "html.parser").find("div")
    assert wrapper["class"] == ["responsive-object"]
    assert "style" not in wrapper.attrs


# Templates of pages (e-mails are not pages: mail clients need inline styles).
PAGE_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*.html") if "email" not in path.relative_to(TEMPLATES).parts
)
INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*application/json)"), "script"),
    (re.compile(r"<style\b"), "<style>"),
    (re.compile(r"\sstyle="), "style attribute"),
    (re.compile(r"\son[a-z]+\s*="), "event handler"),
]


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_writes_anything_inline(path):
    text = path.read_text()
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{path.relative_to(TEMPLATES)}: {found}"
