"""Browser fixtures: headless Debian chromium driven by Playwright against
pytest-django's live server (loopback only).

The browser tests skip, saying why, where chromium or the playwright package
is missing. STAFFROOM_CHROMIUM names another chromium binary (or a path that
does not exist, to try the skip path); it defaults to the `chromium` on PATH.
Playwright's own browser download (`playwright install`) is never used.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, which
# trips Django's "async unsafe" guard on plain ORM calls made by the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Auto-waiting budget for every locator and expect(): generous enough for a
# slow CI machine, short enough that a broken journey fails quickly.
TIMEOUT_MS = 10_000

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path(os.environ.get("STAFFROOM_SHOTS", "/tmp/staffroom-shots"))  # noqa: S108


def chromium_path() -> str | None:
    configured = os.environ.get("STAFFROOM_CHROMIUM")
    if configured is not None:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "browser tests need Debian's chromium "
            "(apt-get install chromium, or set STAFFROOM_CHROMIUM to its path)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install -e '.[dev]')")

    from django.db import connections

    # Playwright's sync API keeps an asyncio loop running in this thread, and
    # while one runs Django's connection handler (an asgiref Local) hands out
    # other connection objects than the ones the test database was set up on
    # — without the state set-up left on them (such as what
    # serialized_rollback restores), so a browser test run after other tests
    # would find the home page gone. Keep using the same objects.
    outside = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        for alias, connection in outside.items():
            connections[alias] = connection
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every frame of every page reports each Content-Security-Policy violation it
# sees, before any of the page's own scripts run.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__staffroomCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"}` +
      ` at ${event.documentURI}` +
      (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "") +
      (event.sample ? `: ${event.sample}` : "")
  );
}, true);
"""
_CSP_VIOLATIONS = pytest.StashKey[list[str]]()


def watch_for_csp_violations(context, violations: list[str]) -> None:
    """Collect every Content-Security-Policy violation in this browser
    context: the events each frame's document fires, and the refusals
    chromium writes to the console (which also covers any the page did not
    get to hear, such as one in a document that was navigated away from)."""
    context.expose_binding(
        "__staffroomCspViolation", lambda source, text: violations.append(str(text))
    )
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    for page in context.pages:
        page.on("console", on_console)
    context.on("page", lambda page: page.on("console", on_console))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test that passed fails after all if any page it opened
    broke the Content-Security-Policy: something on it was refused, so
    someone using the site would find it broken."""
    result = yield
    violations = item.stash.get(_CSP_VIOLATIONS, [])
    if violations:
        listed = "\n".join(dict.fromkeys(violations))
        pytest.fail(f"the Content-Security-Policy refused something:\n{listed}", pytrace=False)
    return result


@pytest.fixture
def new_page(browser, live_server, request, settings):
    """new_page() -> a page in a fresh browser context (its own cookies, so
    each call is another person), its base URL the live server. Every context
    is closed at teardown, and every Content-Security-Policy violation in any
    of them fails the test (pytest_runtest_call above)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    # Wagtail's user bar loads its script and styles from this address.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    violations: list[str] = []
    request.node.stash[_CSP_VIOLATIONS] = violations
    contexts = []

    def make(viewport: dict[str, int] | None = None):
        context = browser.new_context(base_url=live_server.url, viewport=viewport or DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        watch_for_csp_violations(context, violations)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in():
    """sign_in(page, user) signs in through the real sign-in form."""
    from playwright.sync_api import expect

    from communities.factories import DEFAULT_PASSWORD

    def do(page, user, password: str = DEFAULT_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label(re.compile(r"^\s*Email\b")).fill(user.email)
        page.get_by_label(re.compile(r"^\s*Password\b")).fill(password)
        page.get_by_role("button", name=re.compile(r"^\s*Sign in\s*$", re.I)).click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    return do


@pytest.fixture
def shots_dir() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
