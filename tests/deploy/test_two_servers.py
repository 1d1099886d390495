"""Staffroom on two app servers, as the README's "Running it on several
servers" describes it: two gunicorn servers (the shipped gunicorn.conf.py,
two workers each) on two loopback ports and one `manage.py db_worker`, all
real processes with the production settings, sharing a fresh PostgreSQL
database, Redis (cache, sessions, rate limits, the anonymous page cache)
and an S3 bucket (moto's S3 server) — and nothing else: each server has a
media folder of its own, which must stay empty.

People use them the way a browser behind a load balancer would, landing on
either server for any request:

- a teacher signs in on A and carries on on B;
- wrong passwords tried on A and B in turn reach the per-account limit in total;
- a reply posted on A is e-mailed (by the worker) to the page's author, and
  a visitor whom A served the page B had cached (Redis) sees it on B at once;
- a document a facilitator uploads through the editor on A is served by B
  to a member, and refused to an outsider and to a visitor;
- a join request approved, and a member removed, on A change at once what
  B lets each see.

It needs PostgreSQL and Redis on loopback, gunicorn, django-storages and
moto (the `dev` extra), and runs only when asked (`.ci/run` asks):

    STAFFROOM_TWO_SERVERS=1 .venv/bin/python -m pytest -p no:xdist -m two_servers tests/deploy

The servers sit where the TLS-terminating proxy would hand them requests:
the test plays that proxy, saying `X-Forwarded-Proto: https` on every
request (the production settings trust it, SECURE_PROXY_SSL_HEADER) and
the one public Host (https://127.0.0.1, BASE_URL) to both servers, and its
cookie jar sends the servers' Secure cookies back over loopback. So the
production settings run as they are, HTTPS-only cookies and CSRF origin
checks included.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Redis database for this test alone (the suite's workers count down from
# 15); its keys carry a prefix of their own as well, deleted afterwards.
REDIS_DB = 11
BUCKET = "staffroom-media"
# The one site both servers serve: every request names it (Host), whichever
# server it is sent to, as the TLS proxy in front passes it on.
PUBLIC = "https://127.0.0.1"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (Seating plan) >>\nendobj\n%%EOF\n"


def _answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def _skip_reason() -> str | None:
    if os.environ.get("STAFFROOM_TWO_SERVERS") != "1":
        return (
            "two-server test: runs only with STAFFROOM_TWO_SERVERS=1 "
            "(.ci/run sets it where PostgreSQL and Redis answer)"
        )
    if not _answers(PG_HOST, PG_PORT):
        return f"two-server test: PostgreSQL does not answer on {PG_HOST}:{PG_PORT}"
    if not _answers(REDIS_HOST, REDIS_PORT):
        return f"two-server test: Redis does not answer on {REDIS_HOST}:{REDIS_PORT}"
    return None


pytestmark = [
    pytest.mark.two_servers,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- #
# The stack
# --------------------------------------------------------------------------- #


@dataclass
class Stack:
    a: str  # base URLs of the two app servers
    b: str
    content: dict
    mail_dir: Path
    media_dirs: list[Path]
    database_url: str
    s3: object  # a boto3 S3 client for the bucket
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def alive(self) -> None:
        for name, process in self.processes.items():
            assert process.poll() is None, f"{name} exited:\n{self.log(name)}"

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def _run(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 (our own commands)
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _finish(process: subprocess.Popen, log: Path, what: str, timeout: float = 120) -> None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise
    assert process.returncode == 0, f"{what} failed:\n{log.read_text(errors='replace')[-4000:]}"


def _stop(process: subprocess.Popen) -> None:
    """Its whole process group (gunicorn's workers too): TERM, then KILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{url} exited:\n{log.read_text(errors='replace')[-4000:]}"
        with contextlib.suppress(requests.ConnectionError):
            response = requests.get(
                url + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=10
            )
            if response.status_code == 200:
                return
        time.sleep(0.25)
    raise AssertionError(f"{url} did not answer within 60 s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    import boto3
    import psycopg
    import redis
    from moto.server import ThreadedMotoServer

    tmp = tmp_path_factory.mktemp("two-servers")
    logs = tmp / "logs"
    mail_dir = tmp / "mail"
    logs.mkdir()
    mail_dir.mkdir()
    name = f"staffroom_two_{os.getpid()}"
    prefix = f"staffroom-two-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    admin_url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/postgres"
    database_url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"
    port_a, port_b, port_s3 = _free_port(), _free_port(), _free_port()
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    s3_url = f"http://127.0.0.1:{port_s3}"

    with contextlib.ExitStack() as cleanup:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop_database():
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        cleanup.callback(drop_database)

        def forget_redis():
            client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
            keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
            if keys:
                client.delete(*keys)

        cleanup.callback(forget_redis)

        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port_s3, verbose=False)
        moto.start()
        cleanup.callback(moto.stop)
        s3 = boto3.client(
            "s3",
            endpoint_url=s3_url,
            region_name="us-east-1",
            aws_access_key_id="staffroom-test",
            aws_secret_access_key="staffroom-test",  # noqa: S106
        )
        s3.create_bucket(Bucket=BUCKET)

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "staffroom.settings.production",
            "SECRET_KEY": "two-servers-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": PUBLIC,
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": prefix,
            "TASKS_BACKEND": "database",
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": s3_url,
            "MEDIA_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "staffroom-test",
            "AWS_SECRET_ACCESS_KEY": "staffroom-test",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media-setup"),
            "PAGE_CACHE_DIR": str(tmp / "page-cache"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        for variable in ("EMAIL_HOST", "STAFFROOM_TEST_CACHE_PREFIX", "PYTEST_XDIST_WORKER"):
            env.pop(variable, None)
        python = sys.executable

        # Once per release, from one machine: migrate, collectstatic, sync_site.
        migrate = _run([python, "manage.py", "migrate", "--noinput"], env, logs / "migrate.log")
        static = _run(
            [python, "manage.py", "collectstatic", "--noinput"], env, logs / "collectstatic.log"
        )
        cleanup.callback(_stop, migrate)
        cleanup.callback(_stop, static)
        _finish(migrate, logs / "migrate.log", "migrate")
        _finish(static, logs / "collectstatic.log", "collectstatic")
        _finish(
            _run([python, "manage.py", "sync_site"], env, logs / "sync_site.log"),
            logs / "sync_site.log",
            "sync_site",
        )
        made = subprocess.run(  # noqa: S603
            [python, str(ROOT / "tests" / "deploy" / "content.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert made.returncode == 0, made.stderr[-4000:]
        content = json.loads(made.stdout.strip().splitlines()[-1])

        media_dirs = [tmp / "media-a", tmp / "media-b", tmp / "media-worker"]
        for directory in media_dirs:
            directory.mkdir()
        result = Stack(
            a=a,
            b=b,
            content=content,
            mail_dir=mail_dir,
            media_dirs=media_dirs,
            database_url=database_url,
            s3=s3,
            logs=logs,
        )
        gunicorn = [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "staffroom.wsgi"]
        for label, port, media in (("a", port_a, media_dirs[0]), ("b", port_b, media_dirs[1])):
            server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "MEDIA_ROOT": str(media)}
            process = _run(gunicorn, server_env, logs / f"{label}.log")
            cleanup.callback(_stop, process)
            result.processes[label] = process
        worker = _run(
            [python, "manage.py", "db_worker", "--no-startup-delay"],
            {**env, "MEDIA_ROOT": str(media_dirs[2])},
            logs / "worker.log",
        )
        cleanup.callback(_stop, worker)
        result.processes["worker"] = worker
        _wait_until_serving(a, result.processes["a"], logs / "a.log")
        _wait_until_serving(b, result.processes["b"], logs / "b.log")

        yield result
        result.alive()


# --------------------------------------------------------------------------- #
# A person's browser
# --------------------------------------------------------------------------- #


class _Forms(HTMLParser):
    """Every form on a page: its action, method and the fields it would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action") or "", "method": attrs.get("method"), "fields": {}}
            )
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button", "file"):
                return
            fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            if self._select not in fields or "selected" in attrs:
                fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_on(page: str) -> list[dict]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


def form_for(page: str, action: str) -> dict:
    """The fields of the form that posts to `action` (a path)."""
    for form in forms_on(page):
        if form["action"].split("?")[0] == action:
            return dict(form["fields"])
    raise AssertionError(f"no form posting to {action} on the page")


class Browser:
    """One person's browser: one cookie jar, whichever server answers."""

    def __init__(self):
        import requests

        self.http = requests.Session()
        self.http.headers.update({"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})

    def _over_tls(self) -> None:
        """The servers stand where the TLS proxy hands them requests: the
        Secure cookies they set go back over loopback, as a browser sends
        them over HTTPS. (requests copies the jar for each request, so a
        cookie policy on it would not hold.)"""
        for cookie in self.http.cookies:
            cookie.secure = False

    def get(self, server: str, path: str, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        self._over_tls()
        return self.http.get(urljoin(server, path), timeout=30, **kwargs)

    def post(self, server: str, path: str, data: dict, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        self._over_tls()
        # What a browser sends on an HTTPS form post, and Django checks.
        headers = {"Origin": PUBLIC, "Referer": PUBLIC + "/"}
        return self.http.post(
            urljoin(server, path), data=data, headers=headers, timeout=60, **kwargs
        )

    def csrf(self, server: str, path: str = "/accounts/login/") -> str:
        page = self.get(server, path)
        assert page.status_code == 200, (path, page.status_code)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, server: str, address: str, password: str):
        return self.post(
            server,
            "/accounts/login/",
            {"login": address, "password": password, "csrfmiddlewaretoken": self.csrf(server)},
        )


def signed_in(stack: Stack, who: str, server: str) -> Browser:
    browser = Browser()
    response = browser.sign_in(server, stack.content["emails"][who], stack.content["password"])
    assert response.status_code == 302, f"{who} could not sign in: {response.status_code}"
    return browser


# --------------------------------------------------------------------------- #
# E-mail (the file backend: one file per connection, messages separated by a rule)
# --------------------------------------------------------------------------- #


def _messages(mail_dir: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in re.split(rb"\n-{79}\n", path.read_bytes()):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return found


def _text(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def wait_for_mail(mail_dir: Path, to: str, containing: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in _messages(mail_dir):
            if to in str(message["To"]) and containing in _text(message):
                return message
        time.sleep(0.25)
    seen = [(str(m["To"]), str(m["Subject"])) for m in _messages(mail_dir)]
    raise AssertionError(f"no e-mail to {to} containing {containing!r} in {timeout} s: {seen}")


# --------------------------------------------------------------------------- #
# The journeys
# --------------------------------------------------------------------------- #


def test_signed_in_on_one_server_carries_on_on_the_other(stack):
    mo = Browser()
    response = mo.sign_in(stack.a, stack.content["emails"]["mo"], stack.content["password"])
    assert response.status_code == 302
    assert "sessionid" in response.cookies  # A made the session…
    work = mo.get(stack.b, "/my/work/")  # …and B knows who it is
    assert work.status_code == 200, work.headers.get("Location")
    assert "Mo Member" in work.text
    # Signing out on B ends the session on A too.
    logout = form_for(mo.get(stack.b, "/accounts/logout/").text, "/accounts/logout/")
    assert mo.post(stack.b, "/accounts/logout/", logout).status_code == 302
    again = mo.get(stack.a, "/my/work/")
    assert again.status_code == 302 and "/accounts/login/" in again.headers["Location"]


def test_wrong_passwords_on_both_servers_count_towards_one_limit(stack):
    # ACCOUNT_RATE_LIMITS["login_failed"]: five failures per account in five
    # minutes. Three on A and two on B: neither server alone saw five.
    address, password = stack.content["emails"]["lou"], stack.content["password"]
    lou = Browser()
    for attempt in range(5):
        server = (stack.a, stack.b)[attempt % 2]
        response = lou.sign_in(server, address, f"not-it-{attempt}")
        assert response.status_code == 200, attempt
        assert "password you specified are not correct" in response.text, attempt
    # The sixth, on B, with the right password: refused for the account.
    response = lou.sign_in(stack.b, address, password)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.text
    assert lou.get(stack.a, "/my/work/").status_code == 302  # not signed in anywhere


def test_a_reply_posted_on_one_server_is_emailed_by_the_worker_and_shown_by_the_other(stack):
    import psycopg

    url = stack.content["reflection"]["url"]
    page_id = stack.content["reflection"]["id"]
    # A visitor is served the page from B's cache (shared in Redis).
    visitor = Browser()
    first = visitor.get(stack.b, url)
    assert first.status_code == 200
    cached = visitor.get(stack.a, url)
    assert cached.headers.get("X-Staffroom-Cache") == "hit"  # A serves what B rendered

    mo = signed_in(stack, "mo", stack.a)
    action = f"/replies/page/{page_id}/"
    fields = form_for(mo.get(stack.b, url).text, action)  # the form from B…
    text = f"I tried this with Year 8 today ({uuid.uuid4().hex[:6]}): it worked."
    fields.update(body=text)
    posted = mo.post(stack.a, action, fields)  # …posted to A
    assert posted.status_code == 302, posted.text[:2000]

    # The visitor sees it on B at once: A's write invalidated the shared cache.
    after = visitor.get(stack.b, url)
    assert after.status_code == 200 and text in after.text
    assert after.headers.get("X-Staffroom-Cache") != "hit"

    # The worker (not a server) tells the author by e-mail.
    message = wait_for_mail(stack.mail_dir, stack.content["emails"]["fran"], text)
    assert "Mo Member" in _text(message)
    with psycopg.connect(stack.database_url) as conn:
        runs = conn.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
            " WHERE task_path LIKE %s",
            ["%.send_notification_emails"],
        ).fetchall()
    assert runs and all(status == "SUCCESSFUL" and workers for status, workers in runs), runs
    stack.alive()


@pytest.fixture(scope="module")
def document(stack):
    """A facilitator uploads a file into the members-only community's
    collection, through the editor on A: its path on the site."""
    import psycopg

    fran = signed_in(stack, "fran", stack.a)
    title = "Seating plan " + uuid.uuid4().hex[:6]
    response = fran.post(
        stack.a,
        "/admin/documents/add/",
        {
            "csrfmiddlewaretoken": fran.csrf(stack.a, "/admin/documents/add/"),
            "title": title,
            "collection": stack.content["circle"]["collection"],
        },
        files={"file": ("Seating plan.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302, response.text[:3000]
    with psycopg.connect(stack.database_url) as conn:
        document_id, key = conn.execute(
            "SELECT id, file FROM wagtaildocs_document WHERE title = %s", [title]
        ).fetchone()
    return {"key": key, "path": f"/documents/{document_id}/{key.rsplit('/', 1)[-1]}"}


def test_a_document_uploaded_on_one_server_is_served_with_its_privacy_by_the_other(stack, document):
    # In the bucket, and on no server's own disk.
    assert stack.s3.get_object(Bucket=BUCKET, Key=document["key"])["Body"].read() == PDF
    assert not [p for d in stack.media_dirs for p in d.rglob("*") if p.is_file()]

    mo = signed_in(stack, "mo", stack.b)
    served = mo.get(stack.b, document["path"])
    assert served.status_code == 200, served.status_code
    assert served.content == PDF
    assert "private" in served.headers.get("Cache-Control", "")
    olly = signed_in(stack, "olly", stack.b)
    assert olly.get(stack.b, document["path"]).status_code == 404
    assert Browser().get(stack.b, document["path"]).status_code == 404
    stack.alive()


def test_a_membership_change_on_one_server_is_seen_at_once_by_the_other(stack, document):
    circle = stack.content["circle"]
    inside, file = circle["inside_url"], document["path"]
    rae = signed_in(stack, "rae", stack.b)
    mo = signed_in(stack, "mo", stack.b)
    fran = signed_in(stack, "fran", stack.a)
    assert rae.get(stack.b, inside).status_code == 404
    assert rae.get(stack.b, file).status_code == 404
    assert mo.get(stack.b, inside).status_code == 200

    # Fran approves Rae's request on A…
    members = f"/community/{circle['id']}/members/"
    page = fran.get(stack.a, members)
    assert page.status_code == 200 and "Rae Requester" in page.text
    approve = f"/membership/{circle['rae']}/approve/"
    assert fran.post(stack.a, approve, form_for(page.text, approve)).status_code == 302
    # …and Rae's very next requests, on B, are a member's.
    shown = rae.get(stack.b, inside)
    assert shown.status_code == 200 and "What my first term taught me" in shown.text
    assert rae.get(stack.b, file).content == PDF
    listing = fran.get(stack.b, members).text
    assert approve not in listing and f"/membership/{circle['rae']}/remove/" in listing

    # Fran removes Mo on A (through the confirmation page): on B, at once,
    # Mo sees neither the community's inside nor its files.
    remove = f"/membership/{circle['mo']}/remove/"
    confirm = fran.get(stack.a, remove + "confirm/")
    assert confirm.status_code == 200
    assert fran.post(stack.a, remove, form_for(confirm.text, remove)).status_code == 302
    assert mo.get(stack.b, inside).status_code == 404
    assert mo.get(stack.b, file).status_code == 404
    assert f"/membership/{circle['mo']}/" not in fran.get(stack.b, members).text
    stack.alive()
